// The local issuer's stand-in for Cognito's user API, over HTTP as the console calls it from the
// browser: POST / with X-Amz-Target and a JSON 1.1 body, the user named by their access token.

import { decodeJwt, SignJWT, generateKeyPair } from 'jose';
import { startJwtIssuer, type LocalIssuer } from '../../../lib/local/jwt-issuer';
import { LocalUserStore, seedAccounts } from '../../../lib/local/user-store';
import { totpCode } from '../../support/totp';
import { CALLBACK, exchange, signIn, WEB } from '../../support/sign-in';

describe("Cognito's user API on the local issuer (TOTP set-up)", () => {
  let issuer: LocalIssuer;
  let users: LocalUserStore;
  let clock = new Date();

  beforeAll(async () => {
    users = new LocalUserStore(seedAccounts([{ agencyId: 'dinkes', name: 'Dinas Kesehatan', active: true }]));
    issuer = await startJwtIssuer({ port: 0, users, now: () => clock, browserClient: { callbackUrls: [CALLBACK], logoutUrls: [`${WEB}/`] } });
  });
  afterAll(() => issuer.stop());
  afterEach(() => {
    clock = new Date();
  });

  const call = (operation: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${issuer.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
        origin: WEB,
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function expectError(response: Response, type: string, message?: RegExp) {
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe(type);
    const body = (await response.json()) as { __type: string; message?: string };
    expect(body.__type).toBe(type);
    if (message) expect(body.message).toMatch(message);
  }

  it('associates, verifies and enables TOTP for the signed-in coordinator; the refreshed tokens carry the claim', async () => {
    const tokens = await signIn(issuer, 'koordinator');
    expect(decodeJwt(tokens.access_token).scope).toBe('openid email profile aws.cognito.signin.user.admin');
    expect(decodeJwt(tokens.access_token).mfa).toBeUndefined();

    const associated = await call('AssociateSoftwareToken', { AccessToken: tokens.access_token });
    expect(associated.status).toBe(200);
    expect(associated.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(associated.headers.get('access-control-allow-origin')).toBe(WEB);
    const { SecretCode: secret } = (await associated.json()) as { SecretCode: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    const code = totpCode(secret);
    const wrong = `${code.slice(0, 5)}${(Number(code[5]) + 1) % 10}`;
    await expectError(await call('VerifySoftwareToken', { AccessToken: tokens.access_token, UserCode: wrong }), 'EnableSoftwareTokenMFAException', /^Code mismatch$/);
    const verified = await call('VerifySoftwareToken', { AccessToken: tokens.access_token, UserCode: code, FriendlyDeviceName: 'Ponsel' });
    expect(verified.status).toBe(200);
    expect(await verified.json()).toEqual({ Status: 'SUCCESS' });

    const enabled = await call('SetUserMFAPreference', { AccessToken: tokens.access_token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
    expect(enabled.status).toBe(200);
    expect(await enabled.json()).toEqual({});
    expect(users.totpEnabled('koordinator')).toBe(true);

    const renewed = await exchange(issuer, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(await issuer.verify(renewed.access_token)).toMatchObject({ mfa: 'totp', 'cognito:groups': ['admin'] });
    expect(decodeJwt(renewed.id_token)).toMatchObject({ mfa: 'totp' });
    users.setTotpEnabled('koordinator', false);
  });

  it('refuses to enable TOTP before a code was verified, and to verify before a secret was associated', async () => {
    const tokens = await signIn(issuer, 'auditor');
    await expectError(await call('VerifySoftwareToken', { AccessToken: tokens.access_token, UserCode: '123456' }), 'InvalidParameterException', /AssociateSoftwareToken/);
    await call('AssociateSoftwareToken', { AccessToken: tokens.access_token });
    await expectError(
      await call('SetUserMFAPreference', { AccessToken: tokens.access_token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }),
      'InvalidParameterException',
      /not verified/,
    );
    expect(users.totpEnabled('auditor')).toBe(false);
  });

  it('answers NotAuthorizedException for a token that cannot act for its user', async () => {
    const withoutScope = await signIn(issuer, 'opd-dinkes', { scope: 'openid email profile' });
    await expectError(await call('AssociateSoftwareToken', { AccessToken: withoutScope.access_token }), 'NotAuthorizedException', /scopes/);

    const tokens = await signIn(issuer, 'opd-dinkes');
    await expectError(await call('AssociateSoftwareToken', { AccessToken: tokens.id_token }), 'NotAuthorizedException', /Invalid Access Token/);
    // The same claims signed by a key this issuer never published.
    const { privateKey } = await generateKeyPair('RS256');
    const { kid } = JSON.parse(Buffer.from(tokens.access_token.split('.')[0], 'base64url').toString()) as { kid: string };
    const forged = await new SignJWT(decodeJwt(tokens.access_token)).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    await expectError(await call('AssociateSoftwareToken', { AccessToken: forged }), 'NotAuthorizedException', /Invalid Access Token/);
    // A staff token from /local/tokens is an ID token of another client.
    await expectError(await call('AssociateSoftwareToken', { AccessToken: await issuer.mintStaffToken({ role: 'admin' }) }), 'NotAuthorizedException');

    clock = new Date(Date.now() + 3601_000);
    await expectError(await call('AssociateSoftwareToken', { AccessToken: tokens.access_token }), 'NotAuthorizedException', /expired/);
    clock = new Date();

    await users.setEnabled('opd-dinkes', false);
    await expectError(await call('AssociateSoftwareToken', { AccessToken: tokens.access_token }), 'NotAuthorizedException', /disabled/);
    await users.setEnabled('opd-dinkes', true);
  });

  it('answers malformed calls as Cognito does: unknown operation, bad JSON, missing fields', async () => {
    const tokens = await signIn(issuer, 'opd-dinkes');
    await expectError(await call('AdminDeleteUser', { AccessToken: tokens.access_token }), 'UnknownOperationException');
    await expectError(await call('AssociateSoftwareToken', {}, { 'x-amz-target': 'Nope' }), 'UnknownOperationException');
    await expectError(await call('AssociateSoftwareToken', '{not json'), 'InvalidParameterException', /JSON/);
    await expectError(await call('AssociateSoftwareToken', {}), 'InvalidParameterException', /AccessToken/);
    await expectError(await call('VerifySoftwareToken', { AccessToken: tokens.access_token }), 'InvalidParameterException', /UserCode/);
    await expectError(await call('VerifySoftwareToken', { AccessToken: tokens.access_token, UserCode: '12ab56' }), 'InvalidParameterException', /UserCode/);
    await expectError(await call('SetUserMFAPreference', { AccessToken: tokens.access_token }), 'InvalidParameterException', /SoftwareTokenMfaSettings/);
    await expectError(
      await call('SetUserMFAPreference', { AccessToken: tokens.access_token, SoftwareTokenMfaSettings: { Enabled: 'ya' } }),
      'InvalidParameterException',
      /Enabled/,
    );
    await expectError(await call('AssociateSoftwareToken', { AccessToken: tokens.access_token }, { 'content-type': 'application/json' }), 'InvalidParameterException', /content-type/);
    // Shape before token: a malformed call with a bad token is still a parameter error.
    await expectError(await call('VerifySoftwareToken', { AccessToken: 'x' }), 'InvalidParameterException', /UserCode/);
  });

  it("answers the browser's CORS preflight for the registered web origin only", async () => {
    const preflight = (origin: string) =>
      fetch(`${issuer.url}/`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' },
      });
    const ok = await preflight(WEB);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST');
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type, x-amz-target, x-amz-user-agent');
    const foreign = await preflight('https://jahat.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const foreignCall = await call('AssociateSoftwareToken', {}, { origin: 'https://jahat.example' });
    expect(foreignCall.headers.get('access-control-allow-origin')).toBeNull();
  });
});
