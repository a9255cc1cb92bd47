// The browser sign-in of Cognito's managed login, as the local issuer serves it: the authorization
// code grant with PKCE (RFC 6749 §4.1, RFC 7636, S256 only, as Cognito requires of public clients)
// and the refresh-token grant (§6). Codes, sessions and refresh tokens are in memory; the caller
// signs the tokens. No I/O here beyond the clock.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BROWSER_SCOPES } from './cognito';

export interface BrowserClient {
  clientId: string;
  /** Exact redirect URIs, as registered on a Cognito app client. */
  callbackUrls: readonly string[];
  logoutUrls: readonly string[];
}

/** Cognito's authorization codes live 5 minutes. */
export const CODE_TTL_SECONDS = 300;
/** The staff client's refresh tokens (lib/constructs/auth.ts): 12 hours. */
export const REFRESH_TTL_SECONDS = 12 * 3600;
/** RFC 7636 §4.1: 43-128 characters of [A-Z a-z 0-9 - . _ ~]. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  scope: string;
  codeChallenge: string;
  nonce?: string;
}

export type AuthorizeCheck =
  /** No redirect is safe: show the error, never send it to an unregistered URI (§4.1.2.1). */
  | { kind: 'fatal'; message: string }
  /** Redirect the error to the client. */
  | { kind: 'redirect-error'; redirectUri: string; error: string; description: string; state?: string }
  | { kind: 'ok'; request: AuthorizeRequest };

export function checkAuthorizeRequest(params: URLSearchParams, client: BrowserClient): AuthorizeCheck {
  const clientId = params.get('client_id');
  if (clientId !== client.clientId) return { kind: 'fatal', message: 'Aplikasi (client_id) tidak dikenal.' };
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!client.callbackUrls.includes(redirectUri)) return { kind: 'fatal', message: 'Alamat kembali (redirect_uri) tidak terdaftar.' };
  const state = params.get('state') ?? undefined;
  const fail = (error: string, description: string): AuthorizeCheck => ({
    kind: 'redirect-error',
    redirectUri,
    error,
    description,
    ...(state !== undefined && { state }),
  });
  if (params.get('response_type') !== 'code') return fail('unsupported_response_type', 'only response_type=code is supported');
  const challenge = params.get('code_challenge');
  if (!challenge) return fail('invalid_request', 'code_challenge is required (PKCE)');
  if (params.get('code_challenge_method') !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
  if (!CHALLENGE.test(challenge)) return fail('invalid_request', 'code_challenge must be a base64url SHA-256 digest');
  const scope = params.get('scope') ?? 'openid';
  // Cognito grants only the app client's allowed scopes; asking for another is the client's error.
  const unknown = scope.split(' ').filter((s) => s !== '' && !BROWSER_SCOPES.includes(s));
  if (unknown.length > 0) return fail('invalid_scope', `scope not allowed for this client: ${unknown.join(' ')}`);
  const nonce = params.get('nonce') ?? undefined;
  return {
    kind: 'ok',
    request: { clientId, redirectUri, scope, codeChallenge: challenge, ...(state !== undefined && { state }), ...(nonce && { nonce }) },
  };
}

/** The S256 transform of RFC 7636 §4.2. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface CodeGrant extends AuthorizeRequest {
  userId: string;
  authTime: number;
  expiresAt: number;
}

interface RefreshGrant {
  userId: string;
  clientId: string;
  scope: string;
  authTime: number;
  expiresAt: number;
}

export type GrantOutcome =
  | { ok: true; userId: string; scope: string; authTime: number; nonce?: string }
  | { ok: false; status: 400; error: 'invalid_request' | 'invalid_grant' | 'invalid_client'; description: string };

const refused = (error: 'invalid_request' | 'invalid_grant' | 'invalid_client', description: string): GrantOutcome => ({
  ok: false,
  status: 400,
  error,
  description,
});

const token = () => randomBytes(32).toString('base64url');

/** Codes, signed-in browser sessions and refresh tokens of one issuer. */
export class AuthorizationState {
  private readonly codes = new Map<string, CodeGrant>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly sessions = new Map<string, { userId: string; authTime: number }>();

  constructor(
    private readonly client: BrowserClient,
    private readonly nowSeconds: () => number,
  ) {}

  startSession(userId: string): string {
    const id = token();
    this.sessions.set(id, { userId, authTime: this.nowSeconds() });
    return id;
  }

  session(id: string | undefined): { userId: string; authTime: number } | undefined {
    return id === undefined ? undefined : this.sessions.get(id);
  }

  endSession(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }

  issueCode(request: AuthorizeRequest, userId: string, authTime: number): string {
    const code = token();
    this.codes.set(code, { ...request, userId, authTime, expiresAt: this.nowSeconds() + CODE_TTL_SECONDS });
    return code;
  }

  /** §4.1.3 + RFC 7636 §4.6: one use, same client and redirect URI, and the verifier of the challenge. */
  redeemCode(form: URLSearchParams): GrantOutcome {
    const code = form.get('code');
    const verifier = form.get('code_verifier');
    if (form.get('client_id') !== this.client.clientId) return refused('invalid_client', 'unknown client_id');
    if (!code) return refused('invalid_request', 'code is required');
    if (!verifier) return refused('invalid_request', 'code_verifier is required (PKCE)');
    const grant = this.codes.get(code);
    // A code is spent by its first redemption, whatever the outcome (§4.1.2: at most once).
    this.codes.delete(code);
    if (!grant || grant.expiresAt < this.nowSeconds()) return refused('invalid_grant', 'the code is unknown, used or expired');
    if (grant.clientId !== form.get('client_id') || grant.redirectUri !== form.get('redirect_uri')) {
      return refused('invalid_grant', 'redirect_uri does not match the authorization request');
    }
    if (!VERIFIER.test(verifier) || !sameText(s256(verifier), grant.codeChallenge)) {
      return refused('invalid_grant', 'code_verifier does not match the code_challenge');
    }
    return { ok: true, userId: grant.userId, scope: grant.scope, authTime: grant.authTime, ...(grant.nonce && { nonce: grant.nonce }) };
  }

  issueRefreshToken(userId: string, scope: string, authTime: number): string {
    const refreshToken = token();
    this.refreshTokens.set(refreshToken, {
      userId,
      clientId: this.client.clientId,
      scope,
      authTime,
      expiresAt: this.nowSeconds() + REFRESH_TTL_SECONDS,
    });
    return refreshToken;
  }

  /** §6; like Cognito by default, the refresh token is not rotated. */
  refresh(form: URLSearchParams): GrantOutcome {
    if (form.get('client_id') !== this.client.clientId) return refused('invalid_client', 'unknown client_id');
    const refreshToken = form.get('refresh_token');
    if (!refreshToken) return refused('invalid_request', 'refresh_token is required');
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.expiresAt < this.nowSeconds()) return refused('invalid_grant', 'the refresh token is unknown, revoked or expired');
    return { ok: true, userId: grant.userId, scope: grant.scope, authTime: grant.authTime };
  }

  /** RFC 7009 as Cognito's /oauth2/revoke: unknown tokens are not an error. */
  revoke(refreshToken: string | null): void {
    if (refreshToken) this.refreshTokens.delete(refreshToken);
  }

  /** Every refresh token of a user: what disabling an account does to renewals. */
  revokeUser(userId: string): void {
    for (const [key, grant] of this.refreshTokens) if (grant.userId === userId) this.refreshTokens.delete(key);
  }
}
