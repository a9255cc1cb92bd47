// The local Cognito + JWT authorizer stand-in over HTTP. Needs jest to load the ESM-only `jose`
// (jest.config.js maps it like @middy).

import { createRemoteJWKSet, decodeJwt, jwtVerify, type CryptoKey } from 'jose';
import { startJwtIssuer, verifyJwt, type LocalIssuer } from '../../../lib/local/jwt-issuer';

describe('local token issuer', () => {
  let issuer: LocalIssuer;
  let other: LocalIssuer;
  let clock = new Date();

  beforeAll(async () => {
    issuer = await startJwtIssuer({ port: 0, now: () => clock });
    other = await startJwtIssuer({ port: 0 });
  });
  afterAll(async () => {
    await issuer.stop();
    await other.stop();
  });
  afterEach(() => {
    clock = new Date();
  });

  const post = (path: string, init: RequestInit) => fetch(`${issuer.url}${path}`, { method: 'POST', ...init });
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  it('publishes its signing key as a JWKS, under the issuer URL as Cognito does', async () => {
    const response = await fetch(issuer.jwksUrl);
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
    expect(keys[0]).not.toHaveProperty('d');
    const discovery = await (await fetch(`${issuer.url}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({ issuer: issuer.issuer, jwks_uri: `${issuer.issuer}/.well-known/jwks.json` });
  });

  it('issues staff ID tokens over POST /local/tokens that verify against the JWKS', async () => {
    const response = await post('/local/tokens', { body: JSON.stringify({ role: 'agency', agencyId: 'dinkes' }) });
    expect(response.status).toBe(200);
    const { id_token: token, token_type: type } = (await response.json()) as { id_token: string; token_type: string };
    expect(type).toBe('Bearer');
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUrl)), {
      issuer: issuer.issuer,
      audience: issuer.staffClientId,
    });
    expect(payload).toMatchObject({
      'cognito:groups': ['agency'],
      'custom:agencyId': 'dinkes',
      token_use: 'id',
      aud: 'tuntas-local-staff',
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(await issuer.verify(token)).toMatchObject({ 'custom:agencyId': 'dinkes' });
  });

  it('refuses a staff token request it cannot fulfil', async () => {
    for (const body of ['{"role":"agency"}', '{"role":"superuser"}', 'not json']) {
      const response = await post('/local/tokens', { body });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    }
  });

  it('grants auditors an access token with the client-credentials grant', async () => {
    const response = await post('/oauth2/token', {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(issuer.auditorClient.id, issuer.auditorClient.secret),
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
    expect(await issuer.verify(body.access_token)).toMatchObject({
      sub: issuer.auditorClient.id,
      client_id: issuer.auditorClient.id,
      token_use: 'access',
      scope: 'tuntas/reports.read',
    });
  });

  it('answers invalid_client for wrong credentials', async () => {
    const response = await post('/oauth2/token', {
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(issuer.auditorClient.id, 'guess') },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await response.json()).toEqual({ error: 'invalid_client' });
  });

  describe('verify (what the JWT authorizer checks)', () => {
    it('rejects an expired token', async () => {
      const token = await issuer.mintStaffToken({ role: 'admin' });
      clock = new Date(Date.now() + 3601 * 1000);
      await expect(issuer.verify(token)).rejects.toThrow(/exp/);
    });

    it('rejects a token of another issuer and a tampered token', async () => {
      await expect(issuer.verify(await other.mintStaffToken({ role: 'admin' }))).rejects.toThrow();
      // An agency officer promoting themselves to admin.
      const token = await issuer.mintStaffToken({ role: 'agency', agencyId: 'dinkes' });
      const [header, , signature] = token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), 'cognito:groups': ['admin'] })).toString('base64url');
      await expect(issuer.verify(`${header}.${forged}.${signature}`)).rejects.toThrow(/signature/);
      await expect(issuer.verify('not-a-jwt')).rejects.toThrow();
    });

    it('checks aud, or client_id when there is no aud, against the audience list', async () => {
      const idToken = await issuer.mintStaffToken({ role: 'admin' });
      const accessToken = await issuer.mintAuditorToken();
      // The public key as API Gateway gets it: from the JWKS, by kid.
      const { key, protectedHeader } = await jwtVerify(idToken, createRemoteJWKSet(new URL(issuer.jwksUrl)));
      const options = { key: key as CryptoKey, kid: protectedHeader.kid!, issuer: issuer.issuer };
      await expect(verifyJwt(idToken, { ...options, audiences: ['someone-else'] })).rejects.toThrow(/audience/);
      await expect(verifyJwt(accessToken, { ...options, audiences: ['tuntas-local-staff'] })).rejects.toThrow(/client_id/);
      await expect(verifyJwt(accessToken, { ...options, audiences: [issuer.auditorClient.id] })).resolves.toMatchObject({ token_use: 'access' });
    });
  });
});
