// What the Cognito user pool would put in tokens, and its client-credentials grant, as pure
// functions (no keys, no I/O): jwt-issuer.ts signs and serves them.

import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { MFA_REQUIRED_ROLES } from '../../functions/core/access';
import { ACCESS_TOKEN_AGENCY_CLAIM, MFA_CLAIM, MFA_TOTP } from '../../functions/http/principal';

/** Registered claim names plus Cognito's own; values as JSON. */
export type TokenClaims = Record<string, unknown>;

/** Client id of the staff (admin/agency) app client: the `aud` of ID tokens. Fixed for local use. */
export const LOCAL_STAFF_CLIENT_ID = 'tuntas-local-staff';
/** The browser app client (authorization code + PKCE, no secret): the staff consoles. */
export const LOCAL_BROWSER_CLIENT_ID = 'tuntas-local-web';
/** The auditors' client-credentials app client. Fixed and printed in the banner: local use only. */
export const LOCAL_AUDITOR_CLIENT = { id: 'tuntas-local-auditor', secret: 'tuntas-local-auditor-secret' } as const;
/** The resource-server scope auditors' tokens carry (Cognito spells scopes "<resource server>/<scope>"). */
export const AUDITOR_SCOPE = 'tuntas/reports.read';
/** The scope that lets an access token call Cognito's user API for its own user (TOTP set-up). */
export const COGNITO_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';
/** What the browser app client may ask for at /oauth2/authorize (its allowed OAuth scopes). */
export const BROWSER_SCOPES: readonly string[] = ['openid', 'email', 'profile', COGNITO_ADMIN_SCOPE];
export const DEFAULT_ISSUER_PORT = 3001;
export const TOKEN_TTL_SECONDS = 3600;

export type LocalStaffRole = 'admin' | 'agency';

export interface StaffTokenRequest {
  role: LocalStaffRole;
  /** Required for role agency: the agency (OPD) the officer belongs to. */
  agencyId?: string;
  /** Cognito username; default "local-admin" or "local-<agencyId>". */
  userId?: string;
  /**
   * Whether the token carries the TOTP claim, for roles that need it (admin): by default it does,
   * as the cloud issues after the TOTP step; false makes the token of an admin without TOTP.
   */
  mfa?: boolean;
}

export class TokenRequestError extends Error {
  override name = 'TokenRequestError';
}

const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Claims of a Cognito ID token for a staff user (what the hosted UI would hand the staff app). */
export function staffTokenClaims(
  request: StaffTokenRequest,
  context: { issuer: string; audience: string; nowSeconds: number; ttlSeconds?: number },
): TokenClaims {
  if (request.role !== 'admin' && request.role !== 'agency') {
    throw new TokenRequestError(`role must be "admin" or "agency", not ${JSON.stringify(request.role)}`);
  }
  if (request.role === 'agency' && (typeof request.agencyId !== 'string' || !AGENCY_ID.test(request.agencyId))) {
    throw new TokenRequestError('an agency token needs agencyId: lowercase letters, digits and dashes, as in the region config');
  }
  if (request.userId !== undefined && (typeof request.userId !== 'string' || request.userId.length === 0)) {
    throw new TokenRequestError('userId must be a non-empty string');
  }
  if (request.mfa !== undefined && typeof request.mfa !== 'boolean') throw new TokenRequestError('mfa must be true or false');
  const userId = request.userId ?? (request.role === 'agency' ? `local-${request.agencyId}` : 'local-admin');
  return {
    // Cognito's sub is a UUID; the username doubles as sub so either claim identifies the user here.
    sub: userId,
    'cognito:username': userId,
    'cognito:groups': [request.role],
    ...(request.role === 'agency' && { 'custom:agencyId': request.agencyId }),
    ...mfaClaim(request.role, request.mfa ?? true),
    token_use: 'id',
    auth_time: context.nowSeconds,
    aud: context.audience,
    iss: context.issuer,
    iat: context.nowSeconds,
    exp: context.nowSeconds + (context.ttlSeconds ?? TOKEN_TTL_SECONDS),
    jti: randomUUID(),
  };
}

/**
 * The claim the cloud's pre-token-generation trigger adds: only for roles that require a second
 * factor, and only when the user has TOTP on (others sign in with a password alone).
 */
function mfaClaim(role: TokenUser['role'], totp: boolean | undefined): TokenClaims {
  return totp === true && MFA_REQUIRED_ROLES.includes(role) ? { [MFA_CLAIM]: MFA_TOTP } : {};
}

/** A user as the token claims need it (the local user store's accounts). */
export interface TokenUser {
  userId: string;
  email: string;
  name?: string;
  role: 'admin' | 'agency' | 'auditor';
  agencyId?: string;
  /** TOTP is enabled for the user, read at token time: a refresh after enabling it carries the claim. */
  totp?: boolean;
}

interface UserTokenContext {
  issuer: string;
  clientId: string;
  scope: string;
  authTime: number;
  nowSeconds: number;
  ttlSeconds?: number;
}

/**
 * Claims of the access token Cognito's managed login issues to a browser app client, after the
 * pre-token-generation trigger (V2) has added the officer's agency: no aud, client_id instead.
 */
export function userAccessTokenClaims(user: TokenUser, context: UserTokenContext): TokenClaims {
  return {
    sub: user.userId,
    'cognito:groups': [user.role],
    iss: context.issuer,
    version: 2,
    client_id: context.clientId,
    origin_jti: randomUUID(),
    token_use: 'access',
    scope: context.scope,
    auth_time: context.authTime,
    exp: context.nowSeconds + (context.ttlSeconds ?? TOKEN_TTL_SECONDS),
    iat: context.nowSeconds,
    jti: randomUUID(),
    username: user.userId,
    ...(user.role === 'agency' && user.agencyId && { [ACCESS_TOKEN_AGENCY_CLAIM]: user.agencyId }),
    ...mfaClaim(user.role, user.totp),
  };
}

/** Claims of the ID token issued beside it (for the page's "signed in as"). */
export function userIdTokenClaims(user: TokenUser, context: UserTokenContext & { nonce?: string }): TokenClaims {
  return {
    sub: user.userId,
    'cognito:username': user.userId,
    'cognito:groups': [user.role],
    email: user.email,
    email_verified: true,
    ...(user.name && { name: user.name }),
    ...(user.role === 'agency' && user.agencyId && { 'custom:agencyId': user.agencyId }),
    ...mfaClaim(user.role, user.totp),
    ...(context.nonce && { nonce: context.nonce }),
    token_use: 'id',
    auth_time: context.authTime,
    aud: context.clientId,
    iss: context.issuer,
    iat: context.nowSeconds,
    exp: context.nowSeconds + (context.ttlSeconds ?? TOKEN_TTL_SECONDS),
    jti: randomUUID(),
  };
}

/** Claims of a Cognito access token from the client-credentials grant. */
export function clientCredentialsClaims(
  clientId: string,
  scope: string,
  context: { issuer: string; nowSeconds: number; ttlSeconds?: number },
): TokenClaims {
  return {
    sub: clientId,
    token_use: 'access',
    scope,
    auth_time: context.nowSeconds,
    iss: context.issuer,
    exp: context.nowSeconds + (context.ttlSeconds ?? TOKEN_TTL_SECONDS),
    iat: context.nowSeconds,
    version: 2,
    jti: randomUUID(),
    client_id: clientId,
  };
}

type GrantResult =
  | { scope: string }
  | { status: number; error: string; headers?: Record<string, string> };

/**
 * The client-credentials grant of RFC 6749 §4.4 as Cognito's /oauth2/token serves it: form body,
 * client authenticated by HTTP Basic or by client_id/client_secret in the body.
 */
export function clientCredentialsGrant(headers: IncomingHttpHeaders, body: Buffer): GrantResult {
  const contentType = String(headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') return { status: 400, error: 'invalid_request' };
  const form = new URLSearchParams(body.toString('utf8'));
  let clientId = form.get('client_id') ?? undefined;
  let clientSecret = form.get('client_secret') ?? undefined;
  const authorization = headers.authorization;
  const usedBasic = typeof authorization === 'string' && /^basic /i.test(authorization);
  if (usedBasic) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    try {
      // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
      clientId = decodeURIComponent(decoded.slice(0, colon < 0 ? undefined : colon).replace(/\+/g, ' '));
      clientSecret = colon < 0 ? undefined : decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    } catch {
      clientId = undefined;
    }
  }
  const grantType = form.get('grant_type');
  if (!grantType) return { status: 400, error: 'invalid_request' };
  if (grantType !== 'client_credentials') return { status: 400, error: 'unsupported_grant_type' };
  if (clientId !== LOCAL_AUDITOR_CLIENT.id || !sameSecret(clientSecret, LOCAL_AUDITOR_CLIENT.secret)) {
    // §5.2: 401 with a challenge when the client tried the Authorization header, else 400.
    return usedBasic
      ? { status: 401, error: 'invalid_client', headers: { 'www-authenticate': 'Basic realm="tuntas-local"' } }
      : { status: 400, error: 'invalid_client' };
  }
  const requested = form.get('scope');
  if (requested !== null) {
    const scopes = requested.split(' ').filter(Boolean);
    if (scopes.some((scope) => scope !== AUDITOR_SCOPE)) return { status: 400, error: 'invalid_scope' };
  }
  return { scope: AUDITOR_SCOPE };
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

