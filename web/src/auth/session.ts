// The staff session: authorization code + PKCE against managed login (Cognito) or the local issuer,
// which serve the same endpoints. Tokens live in this module's memory only (never in storage), so a
// script injected later cannot read them from disk; a reload signs in again, which the sign-in
// server's own session cookie makes a quick round trip. Only the PKCE verifier, the state and the
// page to return to survive the redirect, in sessionStorage, and are removed at the callback.

import { loadConfig } from '../config';
import { randomToken, s256Challenge } from './pkce';

export type StaffRole = 'admin' | 'agency' | 'auditor';

export interface StaffUser {
  userId: string;
  role: StaffRole;
  name?: string;
  email?: string;
  /** An agency officer's agency (custom:agencyId in the ID token; agencyId in the access token). */
  agencyId?: string;
  /** TOTP is set up (the mfa claim): without it a coordinator's token grants no admin route. */
  mfa: boolean;
}

interface Tokens {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  user: StaffUser;
}

export const CALLBACK_PATH = '/auth/callback';
const PENDING_KEY = 'tuntas.signIn';
/** Renew this long before expiry, so a request never leaves with a token about to lapse. */
const RENEW_MARGIN_MS = 60_000;

let tokens: Tokens | undefined;
let renewing: Promise<Tokens | undefined> | undefined;
const listeners = new Set<() => void>();

export class SignInError extends Error {
  override name = 'SignInError';
}

export function currentUser(): StaffUser | undefined {
  return tokens?.user;
}

/** Called whenever the signed-in user changes (sign-in, sign-out, a renewal that failed). */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setTokens(next: Tokens | undefined): void {
  tokens = next;
  listeners.forEach((listener) => listener());
}

const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

/** Leaves the page for the sign-in form; comes back to `returnTo` (a path of this site). */
export async function beginSignIn(returnTo: string): Promise<never> {
  const { signIn } = await loadConfig();
  const verifier = randomToken(48);
  const state = randomToken(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo: safePath(returnTo) }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: signIn.clientId,
    redirect_uri: redirectUri(),
    // aws.cognito.signin.user.admin: the access token may call Cognito's user API (TOTP set-up).
    scope: 'openid email profile aws.cognito.signin.user.admin',
    state,
    code_challenge: await s256Challenge(verifier),
    code_challenge_method: 'S256',
  });
  location.assign(`${signIn.url}/oauth2/authorize?${query}`);
  return new Promise<never>(() => undefined);
}

/** The callback page: checks the state, exchanges the code, and returns the path to go back to. */
export async function completeSignIn(search: string): Promise<string> {
  const params = new URLSearchParams(search);
  const pending = readPending();
  sessionStorage.removeItem(PENDING_KEY);
  if (params.get('error')) throw new SignInError(params.get('error_description') ?? params.get('error') ?? 'sign-in refused');
  const code = params.get('code');
  if (!code || !pending || params.get('state') !== pending.state) throw new SignInError('the sign-in response does not match this browser tab');
  const { signIn } = await loadConfig();
  const next = await tokenRequest(signIn.url, {
    grant_type: 'authorization_code',
    client_id: signIn.clientId,
    code,
    redirect_uri: redirectUri(),
    code_verifier: pending.verifier,
  });
  if (!next) throw new SignInError('the sign-in server refused the code');
  setTokens(next);
  return pending.returnTo;
}

/** A valid access token, renewed with the refresh token when close to expiry; undefined when signed out. */
export async function accessToken(): Promise<string | undefined> {
  if (!tokens) return undefined;
  if (tokens.expiresAt - Date.now() > RENEW_MARGIN_MS) return tokens.accessToken;
  return (await renewOnce())?.accessToken;
}

/**
 * Renews the tokens now, whatever their age: after the user's own settings change (TOTP set up),
 * the new tokens carry what changed. False when the renewal failed and the session ended.
 */
export async function renewNow(): Promise<boolean> {
  return (await renewOnce()) !== undefined;
}

/** Callers at the same moment share one renewal: a refresh token is sent once. */
const renewOnce = () => (renewing ??= renew().finally(() => (renewing = undefined)));

async function renew(): Promise<Tokens | undefined> {
  const refreshToken = tokens?.refreshToken;
  if (!refreshToken) return void setTokens(undefined);
  const { signIn } = await loadConfig();
  const next = await tokenRequest(signIn.url, { grant_type: 'refresh_token', client_id: signIn.clientId, refresh_token: refreshToken }).catch(
    () => undefined,
  );
  // Cognito does not rotate refresh tokens: keep the one we hold.
  setTokens(next && { ...next, refreshToken: next.refreshToken ?? refreshToken });
  return next;
}

/** Revokes the refresh token, forgets every token, and ends the sign-in server's session. */
export async function signOut(): Promise<never> {
  const { signIn } = await loadConfig();
  const refreshToken = tokens?.refreshToken;
  // Forgotten without telling the pages: a page told "signed out" would start a new sign-in, whose
  // redirect could win the race against /logout below.
  tokens = undefined;
  if (refreshToken) {
    await fetch(`${signIn.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, client_id: signIn.clientId }),
    }).catch(() => undefined);
  }
  const query = new URLSearchParams({ client_id: signIn.clientId, logout_uri: `${location.origin}/` });
  location.assign(`${signIn.url}/logout?${query}`);
  return new Promise<never>(() => undefined);
}

async function tokenRequest(base: string, form: Record<string, string>): Promise<Tokens | undefined> {
  const response = await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  if (!response.ok) return undefined;
  const body = (await response.json()) as { access_token: string; id_token: string; refresh_token?: string; expires_in: number };
  const user = userFromIdToken(body.id_token);
  if (!user) return undefined;
  return {
    accessToken: body.access_token,
    ...(body.refresh_token && { refreshToken: body.refresh_token }),
    expiresAt: Date.now() + body.expires_in * 1000,
    user,
  };
}

/** Display data only: the API verifies the access token itself. */
function userFromIdToken(idToken: string): StaffUser | undefined {
  try {
    const payload = idToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
    const role = (['admin', 'agency', 'auditor'] as const).find((r) => groups.includes(r));
    if (!role) return undefined;
    const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : undefined);
    const agencyId = text('custom:agencyId');
    const name = text('name');
    const email = text('email');
    return {
      userId: text('cognito:username') ?? text('sub') ?? '',
      role,
      ...(name && { name }),
      ...(email && { email }),
      ...(role === 'agency' && agencyId && { agencyId }),
      mfa: claims.mfa === 'totp',
    };
  } catch {
    return undefined;
  }
}

function readPending(): { verifier: string; state: string; returnTo: string } | undefined {
  try {
    return JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Only a path of this site: an open redirect through returnTo is never possible. */
function safePath(path: string): string {
  return /^\/(?![/\\])/.test(path) ? path : '/konsol';
}
