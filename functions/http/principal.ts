// Reads the caller from the JWT claims that API Gateway's JWT authorizer (or the local runtime,
// which builds the same event) puts on the request. HTTP APIs flatten claims to strings, so a
// list claim such as cognito:groups arrives as "[admin agency]".

import { MFA_REQUIRED_ROLES, type Principal } from '../core/access';
import { ROLES, type StaffRole } from '../core/model';
import type { HttpEvent } from './types';

/** The claim the pre-token-generation trigger (functions/handlers/auth.ts) adds to officers' access tokens. */
export const ACCESS_TOKEN_AGENCY_CLAIM = 'agencyId';
/**
 * The claim a token carries, with the value MFA_TOTP, when its user has TOTP set up (added by the
 * pre-token-generation trigger in the cloud, by the local issuer on one machine). A role of
 * MFA_REQUIRED_ROLES counts only in a token that carries it.
 */
export const MFA_CLAIM = 'mfa';
export const MFA_TOTP = 'totp';
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
  // ID tokens carry the user attribute custom:agencyId; access tokens from the browser carry
  // agencyId, added by the pre-token-generation trigger (lib/constructs/auth.ts).
  const agencyId = claims['custom:agencyId'] ?? claims[ACCESS_TOKEN_AGENCY_CLAIM];
  const awaitingMfa = claims[MFA_CLAIM] === MFA_TOTP ? [] : MFA_REQUIRED_ROLES.filter((role) => roles.has(role));
  for (const role of awaitingMfa) roles.delete(role);
  return {
    kind: 'staff',
    // Access tokens name the user in username, ID tokens in cognito:username; a client-credentials
    // token names no user (its sub is the client id).
    userId: String(claims['cognito:username'] ?? claims.username ?? claims.sub),
    roles: [...roles],
    ...(awaitingMfa.length > 0 && { rolesAwaitingMfa: awaitingMfa }),
    ...(typeof agencyId === 'string' && agencyId.length > 0 && { agencyId }),
  };
}

function listClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  const inner = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  return inner.split(/[\s,]+/).filter(Boolean);
}
