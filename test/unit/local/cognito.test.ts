import {
  AUDITOR_SCOPE,
  clientCredentialsClaims,
  clientCredentialsGrant,
  LOCAL_AUDITOR_CLIENT,
  staffTokenClaims,
  TokenRequestError,
  userAccessTokenClaims,
  userIdTokenClaims,
} from '../../../lib/local/cognito';

const context = { issuer: 'http://localhost:3001', audience: 'tuntas-local-staff', nowSeconds: 1_800_000_000 };
const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());
const formHeaders = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/x-www-form-urlencoded', ...extra });
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('staffTokenClaims (a Cognito ID token)', () => {
  it('gives an admin the admin group, no agency, and the TOTP claim the cloud adds after the code step', () => {
    expect(staffTokenClaims({ role: 'admin' }, context)).toEqual({
      sub: 'local-admin',
      'cognito:username': 'local-admin',
      'cognito:groups': ['admin'],
      mfa: 'totp',
      token_use: 'id',
      auth_time: 1_800_000_000,
      aud: 'tuntas-local-staff',
      iss: 'http://localhost:3001',
      iat: 1_800_000_000,
      exp: 1_800_003_600,
      jti: expect.any(String),
    });
  });

  it('gives an agency officer custom:agencyId, and requires it', () => {
    const claims = staffTokenClaims({ role: 'agency', agencyId: 'dinkes', userId: 'budi' }, context);
    expect(claims).toMatchObject({ sub: 'budi', 'cognito:username': 'budi', 'cognito:groups': ['agency'], 'custom:agencyId': 'dinkes' });
    expect(() => staffTokenClaims({ role: 'agency' }, context)).toThrow(TokenRequestError);
    expect(() => staffTokenClaims({ role: 'agency', agencyId: 'Not An Id' }, context)).toThrow(/agencyId/);
  });

  it('leaves the TOTP claim out when asked (mfa: false), and never gives it to an officer', () => {
    expect(staffTokenClaims({ role: 'admin', mfa: false }, context)).not.toHaveProperty('mfa');
    expect(staffTokenClaims({ role: 'agency', agencyId: 'dinkes', mfa: true }, context)).not.toHaveProperty('mfa');
    expect(() => staffTokenClaims({ role: 'admin', mfa: 'yes' as never }, context)).toThrow(/mfa must be true or false/);
  });

  it('refuses roles the issuer does not hand out this way', () => {
    expect(() => staffTokenClaims({ role: 'auditor' as never }, context)).toThrow(/role must be/);
    expect(() => staffTokenClaims({ role: 'admin', userId: '' }, context)).toThrow(/userId/);
  });
});

describe('browser tokens of a user (managed login)', () => {
  const userContext = { issuer: context.issuer, clientId: 'tuntas-local-web', scope: 'openid', authTime: context.nowSeconds, nowSeconds: context.nowSeconds };
  const coordinator = { userId: 'koordinator', email: 'koordinator@tuntas.local', role: 'admin' as const };

  it('carry the TOTP claim only for a role that needs it and a user who has TOTP on', () => {
    for (const claims of [userAccessTokenClaims, userIdTokenClaims]) {
      expect(claims({ ...coordinator, totp: true }, userContext)).toMatchObject({ mfa: 'totp' });
      expect(claims(coordinator, userContext)).not.toHaveProperty('mfa');
      expect(claims({ ...coordinator, role: 'auditor', totp: true }, userContext)).not.toHaveProperty('mfa');
    }
  });
});

describe('clientCredentialsClaims (a Cognito access token)', () => {
  it('has the client as subject, the scope and no audience', () => {
    const claims = clientCredentialsClaims('tuntas-local-auditor', AUDITOR_SCOPE, context);
    expect(claims).toMatchObject({
      sub: 'tuntas-local-auditor',
      client_id: 'tuntas-local-auditor',
      token_use: 'access',
      scope: 'tuntas/reports.read',
      iss: 'http://localhost:3001',
      exp: 1_800_003_600,
    });
    expect(claims).not.toHaveProperty('aud');
  });
});

describe('clientCredentialsGrant (RFC 6749 §4.4 and §5.2)', () => {
  const good = { grant_type: 'client_credentials' };

  it('accepts the auditor client by HTTP Basic or in the body', () => {
    expect(clientCredentialsGrant(formHeaders({ authorization: basic(LOCAL_AUDITOR_CLIENT.id, LOCAL_AUDITOR_CLIENT.secret) }), form(good))).toEqual({
      scope: AUDITOR_SCOPE,
    });
    expect(
      clientCredentialsGrant(formHeaders(), form({ ...good, client_id: LOCAL_AUDITOR_CLIENT.id, client_secret: LOCAL_AUDITOR_CLIENT.secret })),
    ).toEqual({ scope: AUDITOR_SCOPE });
  });

  it('answers invalid_client: 401 with a challenge for Basic, 400 otherwise', () => {
    expect(clientCredentialsGrant(formHeaders({ authorization: basic(LOCAL_AUDITOR_CLIENT.id, 'wrong') }), form(good))).toEqual({
      status: 401,
      error: 'invalid_client',
      headers: { 'www-authenticate': 'Basic realm="tuntas-local"' },
    });
    expect(clientCredentialsGrant(formHeaders(), form({ ...good, client_id: 'someone', client_secret: 'x' }))).toEqual({
      status: 400,
      error: 'invalid_client',
    });
    expect(clientCredentialsGrant(formHeaders(), form(good))).toEqual({ status: 400, error: 'invalid_client' });
  });

  it('checks the request itself before the client', () => {
    const auth = { authorization: basic(LOCAL_AUDITOR_CLIENT.id, LOCAL_AUDITOR_CLIENT.secret) };
    expect(clientCredentialsGrant({ 'content-type': 'application/json', ...auth }, Buffer.from('{}'))).toEqual({ status: 400, error: 'invalid_request' });
    expect(clientCredentialsGrant(formHeaders(auth), form({}))).toEqual({ status: 400, error: 'invalid_request' });
    expect(clientCredentialsGrant(formHeaders(auth), form({ grant_type: 'password' }))).toEqual({ status: 400, error: 'unsupported_grant_type' });
    expect(clientCredentialsGrant(formHeaders(auth), form({ ...good, scope: 'tuntas/reports.write' }))).toEqual({ status: 400, error: 'invalid_scope' });
    expect(clientCredentialsGrant(formHeaders(auth), form({ ...good, scope: AUDITOR_SCOPE }))).toEqual({ scope: AUDITOR_SCOPE });
  });
});
