// A local stand-in for the Cognito user pool and for the HTTP API's JWT authorizer: it signs
// Cognito-shaped tokens with a key pair made at start, publishes the JWKS, grants auditors tokens
// with the OAuth2 client-credentials flow, and verifies tokens the way API Gateway does. Staff sign
// in through its managed-login stand-in (a TOTP code after the password for accounts that set one
// up) and set up TOTP through its stand-in for Cognito's user API (user-api.ts).

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { AuthorizationState, checkAuthorizeRequest, type AuthorizeRequest, type BrowserClient } from './authorization-code';
import { errorPage, PENDING_FIELD, signedOutPage, signInPage, TOTP_FIELD, totpPage, WRONG_TOTP_MESSAGE } from './sign-in-page';
import { LocalUserStore } from './user-store';
import { PendingSignIns } from './mfa-sign-in';
import { userApiCall, USER_API_CONTENT_TYPE } from './user-api';
import { contentType, cookie, isForm, readBody, sendJson } from './http-io';
import { MFA_REQUIRED_ROLES } from '../../functions/core/access';
import type { SignIn, StaffUser } from '../../functions/ports/staff';
import {
  AUDITOR_SCOPE,
  clientCredentialsClaims,
  COGNITO_ADMIN_SCOPE,
  LOCAL_BROWSER_CLIENT_ID,
  userAccessTokenClaims,
  userIdTokenClaims,
  clientCredentialsGrant,
  DEFAULT_ISSUER_PORT,
  LOCAL_AUDITOR_CLIENT,
  LOCAL_STAFF_CLIENT_ID,
  staffTokenClaims,
  TOKEN_TTL_SECONDS,
  TokenRequestError,
  type StaffTokenRequest,
} from './cognito';
import { closeServer, displayUrl, listen, LOOPBACK } from './net';

export { AUDITOR_SCOPE, DEFAULT_ISSUER_PORT, LOCAL_AUDITOR_CLIENT, LOCAL_BROWSER_CLIENT_ID, LOCAL_STAFF_CLIENT_ID, TOKEN_TTL_SECONDS, type StaffTokenRequest } from './cognito';

export interface VerifyOptions {
  key: CryptoKey;
  kid: string;
  issuer: string;
  /** The authorizer's audience list: a token passes when its aud (or, without aud, client_id) is in it. */
  audiences: readonly string[];
  now?: () => Date;
}

/**
 * Verifies a token the way API Gateway's JWT authorizer does: RS256 signature by a key of the JWKS
 * (matched by kid), iss equal to the configured issuer, exp in the future, nbf and iat in the past,
 * and aud — or client_id when there is no aud — in the audience list. token_use is not checked:
 * API Gateway does not either. Returns the claims; throws with the reason otherwise.
 */
export async function verifyJwt(token: string, options: VerifyOptions): Promise<JWTPayload> {
  const now = options.now?.() ?? new Date();
  const { payload, protectedHeader } = await jwtVerify(token, options.key, {
    algorithms: ['RS256'],
    issuer: options.issuer,
    currentDate: now,
    requiredClaims: ['exp', 'iat'],
  });
  if (protectedHeader.kid !== options.kid) throw new Error('the token was not signed by a key of the JWKS');
  if (payload.iat! > Math.floor(now.getTime() / 1000)) throw new Error('the token was issued in the future');
  const audiences = payload.aud === undefined ? [] : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (audiences.length > 0) {
    if (!audiences.some((audience) => options.audiences.includes(audience))) throw new Error('the token has no valid audience');
  } else if (typeof payload.client_id !== 'string' || !options.audiences.includes(payload.client_id)) {
    throw new Error('the token has no valid audience or client_id');
  }
  return payload;
}

export interface JwtIssuerOptions {
  /** TCP port; 0 picks a free one. Default 3001. */
  port?: number;
  host?: string;
  ttlSeconds?: number;
  log?: (line: string) => void;
  now?: () => Date;
  /** The staff accounts browser sign-in checks (default: an empty store). */
  users?: LocalUserStore;
  /** Where the browser app client may be sent back to after sign-in and sign-out. */
  browserClient?: Omit<BrowserClient, 'clientId'>;
  /** Shown on the sign-in page. */
  regionName?: string;
  /** Called after every successful browser sign-in (the cloud's post-authentication trigger). */
  onSignIn?: (signIn: SignIn) => Promise<void>;
}

export interface LocalIssuer {
  /** Where this server answers (for HTTP clients). */
  url: string;
  /** The iss claim; also the base of the JWKS URL, as Cognito's issuer is. */
  issuer: string;
  jwksUrl: string;
  tokenUrl: string;
  staffClientId: string;
  browserClientId: string;
  authorizeUrl: string;
  logoutUrl: string;
  users: LocalUserStore;
  auditorClient: { id: string; secret: string };
  /** The JWT authorizer's audience list. */
  audiences: readonly string[];
  mintStaffToken(request: StaffTokenRequest): Promise<string>;
  mintAuditorToken(): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
  stop(): Promise<void>;
}

export async function startJwtIssuer(options: JwtIssuerOptions = {}): Promise<LocalIssuer> {
  const now = options.now ?? (() => new Date());
  const nowSeconds = () => Math.floor(now().getTime() / 1000);
  const ttlSeconds = options.ttlSeconds ?? TOKEN_TTL_SECONDS;
  const kid = randomBytes(8).toString('hex');
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const audiences = [LOCAL_STAFF_CLIENT_ID, LOCAL_AUDITOR_CLIENT.id, LOCAL_BROWSER_CLIENT_ID];
  const users = options.users ?? new LocalUserStore([], now);
  const browserClient: BrowserClient = {
    clientId: LOCAL_BROWSER_CLIENT_ID,
    callbackUrls: options.browserClient?.callbackUrls ?? [],
    logoutUrls: options.browserClient?.logoutUrls ?? [],
  };
  const authorization = new AuthorizationState(browserClient, nowSeconds);
  const pendingSignIns = new PendingSignIns(nowSeconds);
  const webOrigins = new Set([...browserClient.callbackUrls, ...browserClient.logoutUrls].map((url) => new URL(url).origin));

  // iss must be known before the first token and depends on the port, so listen first.
  const state = { issuer: '' };
  const sign = (claims: JWTPayload) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
  const mintStaffToken = (request: StaffTokenRequest) =>
    sign(staffTokenClaims(request, { issuer: state.issuer, audience: LOCAL_STAFF_CLIENT_ID, nowSeconds: nowSeconds(), ttlSeconds }));
  const mintAuditorToken = (scope = AUDITOR_SCOPE) =>
    sign(clientCredentialsClaims(LOCAL_AUDITOR_CLIENT.id, scope, { issuer: state.issuer, nowSeconds: nowSeconds(), ttlSeconds }));

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log?.(`issuer: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { error: 'server_error' });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (request.method === 'GET' && path === '/.well-known/jwks.json') return sendJson(response, 200, { keys: [jwk] });
    if (request.method === 'GET' && path === '/.well-known/openid-configuration') {
      return sendJson(response, 200, {
        issuer: state.issuer,
        jwks_uri: `${state.issuer}/.well-known/jwks.json`,
        token_endpoint: `${state.issuer}/oauth2/token`,
        authorization_endpoint: `${state.issuer}/oauth2/authorize`,
        revocation_endpoint: `${state.issuer}/oauth2/revoke`,
        end_session_endpoint: `${state.issuer}/logout`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        scopes_supported: ['openid', 'email', 'profile', COGNITO_ADMIN_SCOPE, AUDITOR_SCOPE],
      });
    }
    if (path === '/oauth2/authorize' && request.method === 'GET') return authorize(request, response);
    if (path === '/login' && request.method === 'POST') return login(request, response);
    if (path === '/login/mfa' && request.method === 'POST') return loginMfa(request, response);
    if (path === '/' && request.method === 'OPTIONS') {
      response.writeHead(204, { ...corsHeaders(request), 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type, x-amz-target, x-amz-user-agent', 'access-control-max-age': '600' });
      return void response.end();
    }
    if (path === '/' && request.method === 'POST') return userApi(request, response);
    if (path === '/logout' && request.method === 'GET') return logout(request, response);
    if ((path === '/oauth2/token' || path === '/oauth2/revoke') && request.method === 'OPTIONS') {
      response.writeHead(204, { ...corsHeaders(request), 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type, authorization', 'access-control-max-age': '600' });
      return void response.end();
    }
    if (path === '/oauth2/revoke') {
      if (request.method !== 'POST') return sendJson(response, 405, { error: 'invalid_request' }, { allow: 'POST' });
      const form = new URLSearchParams((await readBody(request)).toString('utf8'));
      if (form.get('client_id') !== browserClient.clientId) return sendJson(response, 400, { error: 'invalid_client' }, corsHeaders(request));
      authorization.revoke(form.get('token'));
      return sendJson(response, 200, {}, corsHeaders(request));
    }
    if (path === '/oauth2/token') {
      if (request.method !== 'POST') return sendJson(response, 405, { error: 'invalid_request' }, { allow: 'POST' });
      const body = await readBody(request);
      const form = new URLSearchParams(body.toString('utf8'));
      const grantType = form.get('grant_type');
      if (grantType === 'authorization_code' || grantType === 'refresh_token') {
        if (!isForm(request)) return sendJson(response, 400, { error: 'invalid_request' }, corsHeaders(request));
        return userTokens(request, response, form, grantType);
      }
      const result = clientCredentialsGrant(request.headers, body);
      if ('error' in result) return sendJson(response, result.status, { error: result.error }, result.headers);
      const accessToken = await mintAuditorToken(result.scope);
      return sendJson(
        response,
        200,
        { access_token: accessToken, expires_in: ttlSeconds, token_type: 'Bearer' },
        { 'cache-control': 'no-store', pragma: 'no-cache' },
      );
    }
    if (path === '/local/tokens') {
      if (request.method !== 'POST') return sendJson(response, 405, { error: 'invalid_request' }, { allow: 'POST' });
      let input: unknown;
      try {
        input = JSON.parse((await readBody(request)).toString('utf8'));
      } catch {
        return sendJson(response, 400, { error: 'invalid_request', error_description: 'the body must be JSON: {"role":"admin"}' });
      }
      try {
        const token = await mintStaffToken((input ?? {}) as StaffTokenRequest);
        return sendJson(response, 200, { id_token: token, token_type: 'Bearer', expires_in: ttlSeconds }, { 'cache-control': 'no-store' });
      } catch (error) {
        if (!(error instanceof TokenRequestError)) throw error;
        return sendJson(response, 400, { error: 'invalid_request', error_description: error.message });
      }
    }
    return sendJson(response, 404, { error: 'not_found' });
  }


  const regionName = options.regionName ?? 'lokal';
  const describeAccount = (u: StaffUser) => {
    const role = u.role === 'agency' ? `admin penghubung ${u.agencyId}` : u.role === 'admin' ? 'koordinator' : 'auditor';
    if (users.totpEnabled(u.userId)) return `${role}, dengan kode dari aplikasi autentikator (TOTP)`;
    // The console sends such an account to set up TOTP before anything else.
    return MFA_REQUIRED_ROLES.includes(u.role) ? `${role}, menyiapkan aplikasi autentikator (TOTP) saat pertama masuk` : role;
  };
  const accounts = async () =>
    (await users.list({ limit: 100 })).items
      .filter((u) => u.enabled)
      .map((u) => ({ login: u.userId, describe: describeAccount(u) }));

  function corsHeaders(request: IncomingMessage): Record<string, string> {
    const origin = request.headers.origin;
    return typeof origin === 'string' && webOrigins.has(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : { vary: 'Origin' };
  }

  function redirect(response: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
    response.writeHead(302, { location, 'cache-control': 'no-store', ...headers });
    response.end();
  }

  function sendHtml(response: ServerResponse, status: number, html: string, headers: Record<string, string | string[]> = {}): void {
    response.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // As strict as the portal's own policy: no script at all, the page's one style block, no framing.
      // form-action also governs the redirect after POST /login, so it names the registered web origins.
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${[...webOrigins].join(' ')}; frame-ancestors 'none'; base-uri 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...headers,
    });
    response.end(html);
  }

  const SESSION_COOKIE = 'tuntas_local_session';
  const DISABLED = 'Akun ini dinonaktifkan. Hubungi koordinator pengaduan.';
  const sessionOf = (request: IncomingMessage) => authorization.session(cookie(request, SESSION_COOKIE));

  async function finishSignIn(response: ServerResponse, request: AuthorizeRequest, userId: string, authTime: number, headers = {}) {
    const code = authorization.issueCode(request, userId, authTime);
    const target = new URL(request.redirectUri);
    target.searchParams.set('code', code);
    if (request.state !== undefined) target.searchParams.set('state', request.state);
    redirect(response, target.toString(), headers);
  }

  async function authorize(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const checked = checkAuthorizeRequest(new URL(request.url ?? '/', 'http://local').searchParams, browserClient);
    if (checked.kind === 'fatal') return sendHtml(response, 400, errorPage(checked.message));
    if (checked.kind === 'redirect-error') return redirectError(response, checked);
    // Managed login keeps a session: a signed-in browser gets its code without the form again.
    const session = sessionOf(request);
    const user = session && (await users.get(session.userId));
    if (session && user?.enabled) return finishSignIn(response, checked.request, user.userId, session.authTime);
    return sendHtml(response, 200, signInPage({ regionName, request: checked.request, accounts: await accounts() }));
  }

  async function login(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(request)).toString('utf8'));
    const checked = checkAuthorizeRequest(form, browserClient);
    if (checked.kind === 'fatal') return sendHtml(response, 400, errorPage(checked.message));
    if (checked.kind === 'redirect-error') return redirectError(response, checked);
    const login = form.get('username') ?? '';
    const user = users.authenticate(login, form.get('password') ?? '');
    const again = async (error: string) =>
      sendHtml(response, 401, signInPage({ regionName, request: checked.request, login, error, accounts: await accounts() }));
    if (!user) return again('Nama pengguna atau kata sandi salah.');
    if (!user.enabled) return again(DISABLED);
    if (users.totpEnabled(user.userId)) {
      const pending = pendingSignIns.start(user.userId, checked.request);
      return sendHtml(response, 200, totpPage({ regionName, request: checked.request, pending }));
    }
    return completeSignIn(response, checked.request, user);
  }

  /**
   * The code step. A wrong code answers 401 with the code page again; the fifth, or a pending sign-in
   * that expired or is unknown, answers 401 with the password form (from the posted request fields).
   */
  async function loginMfa(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(request)).toString('utf8'));
    const checked = checkAuthorizeRequest(form, browserClient);
    if (checked.kind === 'fatal') return sendHtml(response, 400, errorPage(checked.message));
    if (checked.kind === 'redirect-error') return redirectError(response, checked);
    const passwordAgain = async (error: string) =>
      sendHtml(response, 401, signInPage({ regionName, request: checked.request, error, accounts: await accounts() }));
    const pendingId = form.get(PENDING_FIELD) ?? '';
    const pending = pendingSignIns.get(pendingId);
    if (!pending) return passwordAgain('Waktu verifikasi habis. Masuk lagi dengan kata sandi Anda.');
    const user = await users.get(pending.userId);
    if (!user?.enabled) {
      pendingSignIns.end(pendingId);
      return passwordAgain(DISABLED);
    }
    if (users.checkTotp(user.userId, form.get(TOTP_FIELD) ?? '')) {
      pendingSignIns.end(pendingId);
      return completeSignIn(response, pending.request, user);
    }
    if (pendingSignIns.wrongCode(pendingId) === 'exhausted') return passwordAgain('Terlalu banyak kode salah. Masuk lagi dengan kata sandi Anda.');
    return sendHtml(response, 401, totpPage({ regionName, request: pending.request, pending: pendingId, error: WRONG_TOTP_MESSAGE }));
  }

  /** A sign-in every step of which passed: what Cognito's post-authentication trigger and session follow. */
  async function completeSignIn(response: ServerResponse, request: AuthorizeRequest, user: StaffUser): Promise<void> {
    users.signedIn(user.userId);
    await options.onSignIn?.({ userId: user.userId, role: user.role, ...(user.agencyId && { agencyId: user.agencyId }), at: now().toISOString() });
    const sessionId = authorization.startSession(user.userId);
    options.log?.(`issuer: ${user.userId} signed in`);
    return finishSignIn(response, request, user.userId, nowSeconds(), {
      'set-cookie': `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Lax`,
    });
  }

  async function userApi(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = request.headers['x-amz-target'];
    const answer = await userApiCall(typeof target === 'string' ? target : undefined, contentType(request), await readBody(request), {
      users,
      // Only the browser client's tokens act for a user; the authorizer's checks, then the caller's.
      verify: (token) => verifyJwt(token, { key: publicKey, kid, issuer: state.issuer, audiences: [browserClient.clientId], now }),
    });
    return sendJson(response, answer.status, answer.body, {
      ...corsHeaders(request),
      'content-type': USER_API_CONTENT_TYPE,
      ...(answer.errorType && { 'x-amzn-errortype': answer.errorType }),
    });
  }

  function redirectError(response: ServerResponse, checked: Extract<ReturnType<typeof checkAuthorizeRequest>, { kind: 'redirect-error' }>) {
    const target = new URL(checked.redirectUri);
    target.searchParams.set('error', checked.error);
    target.searchParams.set('error_description', checked.description);
    if (checked.state !== undefined) target.searchParams.set('state', checked.state);
    redirect(response, target.toString());
  }

  async function logout(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const params = new URL(request.url ?? '/', 'http://local').searchParams;
    if (params.get('client_id') !== browserClient.clientId) return sendHtml(response, 400, errorPage('Aplikasi (client_id) tidak dikenal.'));
    const logoutUri = params.get('logout_uri');
    if (logoutUri !== null && !browserClient.logoutUrls.includes(logoutUri)) {
      return sendHtml(response, 400, errorPage('Alamat setelah keluar (logout_uri) tidak terdaftar.'));
    }
    authorization.endSession(cookie(request, SESSION_COOKIE));
    const expired = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
    if (logoutUri === null) return sendHtml(response, 200, signedOutPage(), { 'set-cookie': expired });
    return redirect(response, logoutUri, { 'set-cookie': expired });
  }

  async function userTokens(request: IncomingMessage, response: ServerResponse, form: URLSearchParams, grantType: 'authorization_code' | 'refresh_token') {
    const cors = corsHeaders(request);
    const outcome = grantType === 'authorization_code' ? authorization.redeemCode(form) : authorization.refresh(form);
    if (!outcome.ok) return sendJson(response, outcome.status, { error: outcome.error, error_description: outcome.description }, cors);
    const user = await users.get(outcome.userId);
    // A disabled account can neither finish a sign-in nor renew its tokens (Cognito: NotAuthorized).
    if (!user || !user.enabled) {
      authorization.revokeUser(outcome.userId);
      return sendJson(response, 400, { error: 'invalid_grant', error_description: 'the account is disabled' }, cors);
    }
    const context = { issuer: state.issuer, clientId: browserClient.clientId, scope: outcome.scope, authTime: outcome.authTime, nowSeconds: nowSeconds(), ttlSeconds };
    // Read now, not at sign-in: the console enables TOTP, then refreshes to get the claim.
    const tokenUser = { ...user, totp: users.totpEnabled(user.userId) };
    const body = {
      access_token: await sign(userAccessTokenClaims(tokenUser, context)),
      id_token: await sign(userIdTokenClaims(tokenUser, { ...context, ...(outcome.nonce && { nonce: outcome.nonce }) })),
      ...(grantType === 'authorization_code' && { refresh_token: authorization.issueRefreshToken(user.userId, outcome.scope, outcome.authTime) }),
      token_type: 'Bearer',
      expires_in: ttlSeconds,
    };
    return sendJson(response, 200, body, { ...cors, 'cache-control': 'no-store', pragma: 'no-cache' });
  }

  const host = options.host ?? LOOPBACK;
  const port = await listen(server, options.port ?? DEFAULT_ISSUER_PORT, host, 'Local token issuer', 'PORT_ISSUER');
  state.issuer = displayUrl(port);
  const url = `http://${LOOPBACK}:${port}`;
  options.log?.(`Token issuer ready on ${url} (JWKS ${state.issuer}/.well-known/jwks.json)`);
  return {
    url,
    issuer: state.issuer,
    jwksUrl: `${url}/.well-known/jwks.json`,
    tokenUrl: `${url}/oauth2/token`,
    staffClientId: LOCAL_STAFF_CLIENT_ID,
    browserClientId: LOCAL_BROWSER_CLIENT_ID,
    authorizeUrl: `${url}/oauth2/authorize`,
    logoutUrl: `${url}/logout`,
    users,
    auditorClient: { ...LOCAL_AUDITOR_CLIENT },
    audiences,
    mintStaffToken,
    mintAuditorToken: () => mintAuditorToken(),
    verify: (token) => verifyJwt(token, { key: publicKey, kid, issuer: state.issuer, audiences, now }),
    stop: () => closeServer(server),
  };
}
