// Reads the caller from the JWT claims that API Gateway's JWT authorizer (or the local runtime,
// which builds the same event) puts on the request. HTTP APIs flatten claims to strings, so a
// list claim such as cognito:groups arrives as "[admin agency]".

import type { Principal } from '../core/access';
import { ROLES, type StaffRole } from '../core/model';
import type { HttpEvent } from './types';

/**
 * The OAuth2 scope granted to auditors' client-credentials tokens, matched exactly: another
 * resource server's "x/reports.read" grants nothing here.
 */
export const AUDITOR_SCOPE = 'tuntas/reports.read';

export function principalOf(event: HttpEvent): Principal {
  const claims = (event.requestContext as Partial<HttpEvent['requestContext']>).authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string' && typeof claims.sub !== 'number') return { kind: 'anonymous' };
  const roles = new Set<StaffRole>();
  for (const group of listClaim(claims['cognito:groups'])) {
    if ((ROLES as readonly string[]).includes(group)) roles.add(group as StaffRole);
  }
  const scopes = [...listClaim(claims.scope), ...(event.requestContext.authorizer.jwt.scopes ?? [])];
  if (scopes.includes(AUDITOR_SCOPE)) roles.add('auditor');
  const agencyId = claims['custom:agencyId'];
  return {
    kind: 'staff',
    userId: String(claims['cognito:username'] ?? claims.client_id ?? claims.sub),
    roles: [...roles],
    ...(typeof agencyId === 'string' && agencyId.length > 0 && { agencyId }),
  };
}

function listClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return inner.split(/[\s,]+/).filter(Boolean);
}
