// Sign-in on the local issuer for an account with TOTP on: the password, then a code from the
// authenticator app, as Cognito's managed login asks; and the TOTP claim in the tokens issued.

import { decodeJwt } from 'jose';
import { startJwtIssuer, type LocalIssuer } from '../../../lib/local/jwt-issuer';
import { LocalUserStore, seedAccounts } from '../../../lib/local/user-store';
import type { SignIn } from '../../../functions/ports/staff';
import { totpCode } from '../../support/totp';
import { authorizeParams, CALLBACK, codeOf, codeStep, exchange, hiddenFields, passwordStep, pkce, postForm, signIn, WEB } from '../../support/sign-in';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const WRONG_CODE = 'Kode salah atau sudah kedaluwarsa. Masukkan kode terbaru dari aplikasi.';

describe('sign-in with TOTP on the local issuer', () => {
  let issuer: LocalIssuer;
  let users: LocalUserStore;
  const signIns: SignIn[] = [];
  let clock = new Date();

  beforeAll(async () => {
    users = new LocalUserStore(seedAccounts([{ agencyId: 'dinkes', name: 'Dinas Kesehatan', active: true }]));
    users.enrollTotp('koordinator', SECRET);
    issuer = await startJwtIssuer({
      port: 0,
      users,
      now: () => clock,
      regionName: 'Kabupaten Uji',
      browserClient: { callbackUrls: [CALLBACK], logoutUrls: [`${WEB}/`] },
      onSignIn: async (signIn) => void signIns.push(signIn),
    });
  });
  afterAll(() => issuer.stop());
  afterEach(() => {
    clock = new Date();
  });

  const wrong = (code: string) => `${code.slice(0, 5)}${(Number(code[5]) + 1) % 10}`;

  it('asks for the code after the password, on an accessible page that runs no script', async () => {
    const before = signIns.length;
    const response = await passwordStep(issuer, 'koordinator', pkce().challenge);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('set-cookie')).toBeNull();
    const html = await response.text();
    expect(html).toContain('<html lang="id">');
    expect(html).toContain('<h1>Verifikasi dua langkah</h1>');
    expect(html).toContain('<form method="post" action="/login/mfa">');
    expect(html).toContain('<label for="totp_code">Kode 6 digit dari aplikasi autentikator</label>');
    expect(html).toContain(
      '<input id="totp_code" name="totp_code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>',
    );
    expect(html).toContain('<button type="submit">Verifikasi</button>');
    expect(html).not.toContain('<script');
    expect(hiddenFields(html).map(([name]) => name)).toEqual(expect.arrayContaining(['client_id', 'redirect_uri', 'code_challenge', 'pending']));
    // Nobody is signed in until the code is right.
    expect(signIns.length).toBe(before);
  });

  it('answers a wrong code with the code page again (401) and the error announced; the right code signs in', async () => {
    const { verifier, challenge } = pkce();
    const codePage = await (await passwordStep(issuer, 'koordinator', challenge)).text();
    const again = await codeStep(issuer, codePage, wrong(totpCode(SECRET)));
    expect(again.status).toBe(401);
    const html = await again.text();
    expect(html).toContain(`<p id="galat" class="error" role="alert">${WRONG_CODE}</p>`);
    expect(html).toMatch(/<input id="totp_code"[^>]* aria-invalid="true" aria-describedby="galat">/);

    const signedIn = await codeStep(issuer, html, totpCode(SECRET));
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get('set-cookie')).toMatch(/^tuntas_local_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/);
    expect(new URL(signedIn.headers.get('location')!).searchParams.get('state')).toBe('keadaan-456');
    expect(signIns.at(-1)).toMatchObject({ userId: 'koordinator', role: 'admin' });
    const tokens = await exchange(issuer, { grant_type: 'authorization_code', code: codeOf(signedIn), redirect_uri: CALLBACK, code_verifier: verifier });
    expect(await issuer.verify(tokens.access_token)).toMatchObject({ mfa: 'totp', 'cognito:groups': ['admin'] });
    expect(decodeJwt(tokens.id_token)).toMatchObject({ mfa: 'totp' });

    // The session it started skips both steps, as managed login's does.
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0];
    const silent = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(pkce().challenge)}`, { headers: { cookie }, redirect: 'manual' });
    expect(silent.status).toBe(302);
  });

  it('sends the user back to the password after five wrong codes, or when the pending sign-in expired or is forged', async () => {
    let page = await (await passwordStep(issuer, 'koordinator', pkce().challenge)).text();
    for (let attempt = 1; attempt <= 4; attempt++) {
      const response = await codeStep(issuer, page, wrong(totpCode(SECRET)));
      expect(response.status).toBe(401);
      page = await response.text();
      expect(page).toContain(WRONG_CODE);
    }
    const fifth = await codeStep(issuer, page, wrong(totpCode(SECRET)));
    expect(fifth.status).toBe(401);
    const passwordForm = await fifth.text();
    expect(passwordForm).toContain('<label for="password">Kata sandi</label>');
    expect(passwordForm).toContain('Terlalu banyak kode salah');
    // The spent pending sign-in does not take the right code either.
    expect((await codeStep(issuer, page, totpCode(SECRET))).status).toBe(401);

    const late = await (await passwordStep(issuer, 'koordinator', pkce().challenge)).text();
    clock = new Date(Date.now() + 301_000);
    // The code is right (the store keeps real time); only the pending sign-in is too old.
    const expired = await codeStep(issuer, late, totpCode(SECRET));
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('Waktu verifikasi habis');
    clock = new Date();

    const forged = hiddenFields(late).map(([name, value]): [string, string] => [name, name === 'pending' ? 'tebakan' : value]);
    const guessed = await postForm(`${issuer.url}/login/mfa`, [...forged, ['totp_code', totpCode(SECRET)]]);
    expect(guessed.status).toBe(401);
    expect(guessed.headers.get('location')).toBeNull();
  });

  it('does not ask a user without TOTP for a code, and gives their tokens no claim', async () => {
    const officer = await signIn(issuer, 'opd-dinkes');
    expect(decodeJwt(officer.access_token)).toMatchObject({ agencyId: 'dinkes' });
    expect(decodeJwt(officer.access_token).mfa).toBeUndefined();
    // An admin without TOTP signs in with the password alone; the console then asks them to set it up.
    await users.invite({ email: 'admin2@tuntas.local', role: 'admin' });
    const second = await signIn(issuer, 'admin2@tuntas.local');
    expect(decodeJwt(second.access_token)['cognito:groups']).toEqual(['admin']);
    expect(decodeJwt(second.access_token).mfa).toBeUndefined();
    expect(decodeJwt(second.id_token).mfa).toBeUndefined();
  });

  it('describes on the sign-in page who signs in with a code and who sets one up at first sign-in', async () => {
    const invited = await users.invite({ email: 'admin3@tuntas.local', role: 'admin' });
    const html = await (await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(pkce().challenge)}`)).text();
    expect(html).toContain('<code>koordinator</code>: koordinator, dengan kode dari aplikasi autentikator (TOTP)');
    expect(html).toContain(`<code>${invited.userId}</code>: koordinator, menyiapkan aplikasi autentikator (TOTP) saat pertama masuk`);
    expect(html).toContain('<code>opd-dinkes</code>: admin penghubung dinkes</li>');
  });

  it('accepts the Cognito user-API scope at /oauth2/authorize and refuses scopes the client does not have', async () => {
    const discovery = (await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
    expect(discovery.scopes_supported).toContain('aws.cognito.signin.user.admin');
    const refused = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(pkce().challenge, 'openid tuntas/reports.read')}`, { redirect: 'manual' });
    expect(refused.status).toBe(302);
    expect(new URL(refused.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
  });
});

describe('staff tokens from POST /local/tokens and the TOTP claim', () => {
  let issuer: LocalIssuer;
  beforeAll(async () => {
    issuer = await startJwtIssuer({ port: 0 });
  });
  afterAll(() => issuer.stop());

  const mint = (body: unknown) => fetch(`${issuer.url}/local/tokens`, { method: 'POST', body: JSON.stringify(body) });

  it('gives an admin the claim by default, none with mfa: false, and refuses a non-boolean mfa', async () => {
    const admin = (await (await mint({ role: 'admin' })).json()) as { id_token: string };
    expect(await issuer.verify(admin.id_token)).toMatchObject({ mfa: 'totp' });
    const without = (await (await mint({ role: 'admin', mfa: false })).json()) as { id_token: string };
    expect(decodeJwt(without.id_token).mfa).toBeUndefined();
    expect(decodeJwt(without.id_token)['cognito:groups']).toEqual(['admin']);
    const bad = await mint({ role: 'admin', mfa: 'yes' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('mfa') });
    expect(decodeJwt(await issuer.mintStaffToken({ role: 'admin' })).mfa).toBe('totp');
  });
});
