// Browser sign-in on the local issuer, as the staff consoles do it against Cognito's managed login:
// /oauth2/authorize shows the sign-in page, /login signs in and redirects with a code, /oauth2/token
// redeems it with the PKCE verifier and later renews with the refresh token, /logout ends the session.

import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { s256 } from '../../../lib/local/authorization-code';
import { LOCAL_AUDITOR_CLIENT, LOCAL_BROWSER_CLIENT_ID, startJwtIssuer, type LocalIssuer } from '../../../lib/local/jwt-issuer';
import { LOCAL_PASSWORD, LocalUserStore, seedAccounts } from '../../../lib/local/user-store';
import type { SignIn } from '../../../functions/ports/staff';
import { principalOf } from '../../../functions/http/principal';
import type { HttpEvent } from '../../../functions/http/types';

const WEB = 'http://localhost:3002';
const CALLBACK = `${WEB}/auth/callback`;

describe('browser sign-in (authorization code + PKCE) on the local issuer', () => {
  let issuer: LocalIssuer;
  let users: LocalUserStore;
  const signIns: SignIn[] = [];
  let clock = new Date();

  beforeAll(async () => {
    users = new LocalUserStore(
      seedAccounts([
        { agencyId: 'dpupr', name: 'Dinas PUPR', active: true },
        { agencyId: 'dinkes', name: 'Dinas Kesehatan', active: true },
      ]),
    );
    issuer = await startJwtIssuer({
      port: 0,
      users,
      now: () => clock,
      regionName: 'Kabupaten Blora',
      browserClient: { callbackUrls: [CALLBACK], logoutUrls: [`${WEB}/`] },
      onSignIn: async (signIn) => void signIns.push(signIn),
    });
  });
  afterAll(() => issuer.stop());
  afterEach(() => {
    clock = new Date();
  });

  const pkce = () => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };

  const authorizeParams = (challenge: string, extra: Record<string, string> = {}) =>
    new URLSearchParams({
      response_type: 'code',
      client_id: LOCAL_BROWSER_CLIENT_ID,
      redirect_uri: CALLBACK,
      state: 'keadaan-123',
      scope: 'openid email profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    });

  /** Fills the sign-in form the page rendered (its hidden fields carry the request). */
  async function signIn(login: string, challenge: string, password = LOCAL_PASSWORD) {
    const page = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(challenge)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const hidden = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name, value.replace(/&amp;/g, '&')]);
    const form = new URLSearchParams([...hidden, ['username', login], ['password', password]] as [string, string][]);
    return fetch(`${issuer.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
  }

  const token = (form: Record<string, string>, origin = WEB) =>
    fetch(`${issuer.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams(form),
    });

  const codeOf = (response: Response) => {
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('keadaan-123');
    return location.searchParams.get('code')!;
  };

  it('implements S256 as RFC 7636 appendix B computes it', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('shows an accessible sign-in page in Bahasa Indonesia that runs no script', async () => {
    const { challenge } = pkce();
    const response = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(challenge)}`);
    const html = await response.text();
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain('<html lang="id">');
    expect(html).toContain('<label for="username">Nama pengguna atau email</label>');
    expect(html).toContain('<label for="password">Kata sandi</label>');
    expect(html).toContain('autocomplete="current-password"');
    expect(html).not.toContain('<script');
    // The local accounts are listed for the developer, as the banner lists them.
    expect(html).toContain('opd-dpupr');
  });

  it('signs an officer in: code, PKCE, Cognito-shaped tokens whose access token carries the agency', async () => {
    const { verifier, challenge } = pkce();
    const login = await signIn('opd-dpupr', challenge);
    expect(login.status).toBe(302);
    expect(login.headers.get('set-cookie')).toMatch(/^tuntas_local_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    const response = await token({ grant_type: 'authorization_code', client_id: LOCAL_BROWSER_CLIENT_ID, code: codeOf(login), redirect_uri: CALLBACK, code_verifier: verifier });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const access = await issuer.verify(body.access_token);
    expect(access).toMatchObject({ token_use: 'access', client_id: LOCAL_BROWSER_CLIENT_ID, 'cognito:groups': ['agency'], agencyId: 'dpupr', username: 'opd-dpupr' });
    expect(access.aud).toBeUndefined();
    const id = decodeJwt(body.id_token);
    expect(id).toMatchObject({ token_use: 'id', aud: LOCAL_BROWSER_CLIENT_ID, 'custom:agencyId': 'dpupr', email: 'dpupr@tuntas.local' });
    // The API reads the agency from the access token the browser sends (flattened as API Gateway does).
    const claims = Object.fromEntries(Object.entries(access).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]));
    const principal = principalOf({ requestContext: { authorizer: { jwt: { claims, scopes: null } } } } as unknown as HttpEvent);
    expect(principal).toEqual({ kind: 'staff', userId: 'opd-dpupr', roles: ['agency'], agencyId: 'dpupr' });
    expect(signIns.at(-1)).toMatchObject({ userId: 'opd-dpupr', role: 'agency', agencyId: 'dpupr' });
  });

  it('refuses a wrong verifier, a replayed code, another redirect_uri, and a missing challenge', async () => {
    const { verifier, challenge } = pkce();
    const code = codeOf(await signIn('koordinator', challenge));
    const wrong = await token({ grant_type: 'authorization_code', client_id: LOCAL_BROWSER_CLIENT_ID, code, redirect_uri: CALLBACK, code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', error_description: expect.stringContaining('code_verifier') });
    // The failed attempt spent the code: the right verifier is too late now.
    const replay = await token({ grant_type: 'authorization_code', client_id: LOCAL_BROWSER_CLIENT_ID, code, redirect_uri: CALLBACK, code_verifier: verifier });
    expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });

    const second = pkce();
    const code2 = codeOf(await signIn('koordinator', second.challenge));
    const elsewhere = await token({ grant_type: 'authorization_code', client_id: LOCAL_BROWSER_CLIENT_ID, code: code2, redirect_uri: `${WEB}/lain`, code_verifier: second.verifier });
    expect(await elsewhere.json()).toMatchObject({ error: 'invalid_grant' });

    const noPkce = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams('x', { code_challenge_method: 'plain' })}`, { redirect: 'manual' });
    expect(noPkce.status).toBe(302);
    const location = new URL(noPkce.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('keadaan-123');
    // An unregistered redirect_uri never gets a redirect (RFC 6749 §4.1.2.1).
    const foreign = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(second.challenge, { redirect_uri: 'https://jahat.example/cb' })}`, { redirect: 'manual' });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();
  });

  it('an expired code is refused', async () => {
    const { verifier, challenge } = pkce();
    const code = codeOf(await signIn('koordinator', challenge));
    clock = new Date(Date.now() + 301_000);
    const late = await token({ grant_type: 'authorization_code', client_id: LOCAL_BROWSER_CLIENT_ID, code, redirect_uri: CALLBACK, code_verifier: verifier });
    expect(await late.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('a wrong password re-renders the form with the error announced and tied to the fields', async () => {
    const { challenge } = pkce();
    const response = await signIn('koordinator', challenge, 'salah-sandi');
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain('<p id="galat" class="error" role="alert">Nama pengguna atau kata sandi salah.</p>');
    expect(html).toContain('aria-describedby="galat"');
    expect(html).toContain('value="koordinator"');
  });

  it('renews with the refresh token until the account is disabled; the session skips the form until /logout', async () => {
    const { verifier, challenge } = pkce();
    const login = await signIn('opd-dinkes', challenge);
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const first = (await (await token({ grant_type: 'authorization_code', client_id: LOCAL_BROWSER_CLIENT_ID, code: codeOf(login), redirect_uri: CALLBACK, code_verifier: verifier })).json()) as Record<string, string>;
    clock = new Date(Date.now() + 2 * 3600_000);
    const renewed = await token({ grant_type: 'refresh_token', client_id: LOCAL_BROWSER_CLIENT_ID, refresh_token: first.refresh_token });
    expect(renewed.status).toBe(200);
    const renewedBody = (await renewed.json()) as Record<string, string>;
    expect(renewedBody.refresh_token).toBeUndefined();
    expect(decodeJwt(renewedBody.access_token).exp).toBeGreaterThan(decodeJwt(first.access_token).exp!);
    clock = new Date();

    // Signed in already: authorize answers with a code at once.
    const again = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(pkce().challenge)}`, { headers: { cookie }, redirect: 'manual' });
    expect(again.status).toBe(302);
    expect(new URL(again.headers.get('location')!).searchParams.get('code')).toBeTruthy();

    await users.setEnabled('opd-dinkes', false);
    const refused = await token({ grant_type: 'refresh_token', client_id: LOCAL_BROWSER_CLIENT_ID, refresh_token: first.refresh_token });
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
    const page = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(pkce().challenge)}`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(200);
    const blocked = await signIn('opd-dinkes', pkce().challenge);
    expect(await blocked.text()).toContain('Akun ini dinonaktifkan');
    await users.setEnabled('opd-dinkes', true);

    const out = await fetch(`${issuer.url}/logout?client_id=${LOCAL_BROWSER_CLIENT_ID}&logout_uri=${encodeURIComponent(`${WEB}/`)}`, { headers: { cookie }, redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(out.headers.get('location')).toBe(`${WEB}/`);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    const afterOut = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(pkce().challenge)}`, { headers: { cookie }, redirect: 'manual' });
    expect(afterOut.status).toBe(200);
    const foreignLogout = await fetch(`${issuer.url}/logout?client_id=${LOCAL_BROWSER_CLIENT_ID}&logout_uri=${encodeURIComponent('https://jahat.example/')}`, { redirect: 'manual' });
    expect(foreignLogout.status).toBe(400);
  });

  it('revokes a refresh token (sign-out from the console)', async () => {
    const { verifier, challenge } = pkce();
    const code = codeOf(await signIn('auditor', challenge));
    const tokens = (await (await token({ grant_type: 'authorization_code', client_id: LOCAL_BROWSER_CLIENT_ID, code, redirect_uri: CALLBACK, code_verifier: verifier })).json()) as Record<string, string>;
    expect(decodeJwt(tokens.access_token)['cognito:groups']).toEqual(['auditor']);
    const revoke = await fetch(`${issuer.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: LOCAL_BROWSER_CLIENT_ID, token: tokens.refresh_token }),
    });
    expect(revoke.status).toBe(200);
    const refused = await token({ grant_type: 'refresh_token', client_id: LOCAL_BROWSER_CLIENT_ID, refresh_token: tokens.refresh_token });
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('keeps the auditors\' client-credentials grant as it was', async () => {
    const response = await fetch(issuer.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${LOCAL_AUDITOR_CLIENT.id}:${LOCAL_AUDITOR_CLIENT.secret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    const { access_token: accessToken } = (await response.json()) as { access_token: string };
    expect(await issuer.verify(accessToken)).toMatchObject({ client_id: LOCAL_AUDITOR_CLIENT.id, scope: 'tuntas/reports.read', token_use: 'access' });
  });

  it('answers the browser\'s CORS preflight for the token endpoint only from the web origin', async () => {
    const ok = await fetch(`${issuer.url}/oauth2/token`, { method: 'OPTIONS', headers: { origin: WEB, 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(WEB);
    const foreign = await fetch(`${issuer.url}/oauth2/token`, { method: 'OPTIONS', headers: { origin: 'https://jahat.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
