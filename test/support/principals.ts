// The callers the authorization tests (and the fuzzer) act as, and how each one authenticates:
// a staff bearer token (admin with or without TOTP, agency A, agency B), the auditors' client-credentials token, a
// reporter's X-Access-Token (their own complaint's, or another complaint's), or nothing at all.
// For in-process events the same claims the local issuer signs are handed to buildEvent, which
// flattens them exactly as the HTTP adapter (and API Gateway's JWT authorizer) does.

import { AUDITOR_SCOPE, LOCAL_AUDITOR_CLIENT, LOCAL_STAFF_CLIENT_ID, clientCredentialsClaims, staffTokenClaims } from '../../lib/local/cognito';
import type { AuthorizerResult } from '../../lib/local/api-gateway';
import type { StaffRole } from '../../functions/core/model';
import type { CallOptions } from './http';
import type { TestSystem } from './local-system';
import { browserSignIn } from './sign-in';
import { COORDINATOR_LOGIN, COORDINATOR_TOTP_SECRET } from './totp';

export const PRINCIPAL_NAMES = [
  'anonymous',
  'reporter',
  'otherReporter',
  'admin',
  'adminWithoutMfa',
  'agencyA',
  'agencyB',
  'auditor',
  'adminBrowser',
  'agencyABrowser',
  'auditorUser',
] as const;
export type PrincipalName = (typeof PRINCIPAL_NAMES)[number];

export interface PrincipalSpec {
  name: PrincipalName;
  /** Sends a bearer token (staff or auditor). */
  bearer: boolean;
  /** Role claims the token carries (none for the public). */
  roles: readonly StaffRole[];
  /** Which agency an agency officer belongs to. */
  agency?: 'A' | 'B';
  /** Sends X-Access-Token: of the complaint asked about, or of a different complaint. */
  reporter?: 'own' | 'other';
  /** false: the token lacks the mfa claim, so roles of MFA_REQUIRED_ROLES do not count. */
  mfa?: false;
  describe: string;
}

export const PRINCIPALS: readonly PrincipalSpec[] = [
  { name: 'anonymous', bearer: false, roles: [], describe: 'no credentials' },
  { name: 'reporter', bearer: false, roles: [], reporter: 'own', describe: "the complaint's own X-Access-Token" },
  { name: 'otherReporter', bearer: false, roles: [], reporter: 'other', describe: "another complaint's X-Access-Token" },
  { name: 'admin', bearer: true, roles: ['admin'], describe: 'staff ID token, group admin, TOTP set up (mfa claim)' },
  { name: 'adminWithoutMfa', bearer: true, roles: ['admin'], mfa: false, describe: 'staff ID token, group admin, no TOTP set up (no mfa claim)' },
  { name: 'agencyA', bearer: true, roles: ['agency'], agency: 'A', describe: 'staff ID token, group agency, agency A' },
  { name: 'agencyB', bearer: true, roles: ['agency'], agency: 'B', describe: 'staff ID token, group agency, agency B' },
  { name: 'auditor', bearer: true, roles: ['auditor'], describe: 'client-credentials access token, scope reports.read' },
  // What the consoles send: the access token of a browser sign-in (code + PKCE), where the agency
  // arrives as the agencyId claim the pre-token-generation trigger adds (not custom:agencyId).
  // The coordinator's console: password, then the code of the authenticator app (TOTP).
  { name: 'adminBrowser', bearer: true, roles: ['admin'], describe: 'browser access token (code + PKCE + TOTP code), group admin' },
  { name: 'agencyABrowser', bearer: true, roles: ['agency'], agency: 'A', describe: 'browser access token (code + PKCE), group agency, agencyId claim A' },
  { name: 'auditorUser', bearer: true, roles: ['auditor'], describe: 'browser access token (code + PKCE) of a user in the auditor group' },
];

export const principal = (name: PrincipalName): PrincipalSpec => PRINCIPALS.find((p) => p.name === name)!;

export interface Agencies {
  A: string;
  B: string;
}

/** Bearer tokens minted by the running system's issuer for every principal that has one. */
export async function bearerTokens(system: TestSystem, agencies: Agencies): Promise<Partial<Record<PrincipalName, string>>> {
  return {
    admin: await system.tokenFor('admin'),
    adminWithoutMfa: await system.issuer.mintStaffToken({ role: 'admin', userId: 'koordinator-tanpa-totp', mfa: false }),
    agencyA: await system.tokenFor('agency', agencies.A),
    agencyB: await system.tokenFor('agency', agencies.B),
    auditor: await system.tokenFor('auditor'),
    // The local accounts seeded from the config: koordinator (TOTP set up by startTestSystem), opd-<agencyId> and auditor.
    adminBrowser: (await browserSignIn(system.issuerUrl, COORDINATOR_LOGIN, { totpSecret: COORDINATOR_TOTP_SECRET })).access_token,
    agencyABrowser: (await browserSignIn(system.issuerUrl, `opd-${agencies.A}`)).access_token,
    auditorUser: (await browserSignIn(system.issuerUrl, 'auditor')).access_token,
  };
}

/**
 * What a principal sends: its bearer token, and for reporters the access token of the complaint
 * (own) or of a different one (other).
 */
export function credentialsOf(
  p: PrincipalSpec,
  tokens: Partial<Record<PrincipalName, string>>,
  accessTokens: { own?: string; other?: string },
): Pick<CallOptions, 'token' | 'accessToken'> {
  return {
    ...(p.bearer && { token: tokens[p.name] }),
    ...(p.reporter === 'own' && accessTokens.own && { accessToken: accessTokens.own }),
    ...(p.reporter === 'other' && accessTokens.other && { accessToken: accessTokens.other }),
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const LOCAL_ISSUER = 'http://localhost:3001';

/** The claims the JWT authorizer would hand an admin's request (unflattened: buildEvent flattens). */
export function adminAuthorizer(userId = 'fuzz-admin'): AuthorizerResult {
  return { claims: staffTokenClaims({ role: 'admin', userId }, { issuer: LOCAL_ISSUER, audience: LOCAL_STAFF_CLIENT_ID, nowSeconds: nowSeconds() }) };
}

export function agencyAuthorizer(agencyId: string, userId = `fuzz-${agencyId}`): AuthorizerResult {
  return {
    claims: staffTokenClaims({ role: 'agency', agencyId, userId }, { issuer: LOCAL_ISSUER, audience: LOCAL_STAFF_CLIENT_ID, nowSeconds: nowSeconds() }),
  };
}

export function auditorAuthorizer(): AuthorizerResult {
  return { claims: clientCredentialsClaims(LOCAL_AUDITOR_CLIENT.id, AUDITOR_SCOPE, { issuer: LOCAL_ISSUER, nowSeconds: nowSeconds() }) };
}
