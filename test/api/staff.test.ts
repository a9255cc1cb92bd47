// Staff accounts from the coordinator's console, over HTTP against the local runtime, where the
// token issuer's user store stands in for the Cognito user pool: invite, list, sign in through the
// browser flow, move an officer to another agency, disable and re-enable. Every browser sign-in is
// recorded and /reports/compliance counts them per agency (keaktifan).

import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { loadRegionConfig } from '../../lib/config';
import { LOCAL_BROWSER_CLIENT_ID } from '../../lib/local/cognito';
import { apiClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/local-system';
import { emailsTo } from '../support/ses-store';
import { browserSignIn } from '../support/sign-in';
import { COORDINATOR_LOGIN, COORDINATOR_TOTP_SECRET, totpCode } from '../support/totp';

let system: TestSystem;
let call: ReturnType<typeof apiClient>;
let admin: string;

beforeAll(async () => {
  system = await startTestSystem({ config: loadRegionConfig('config/blora.json') });
  call = apiClient(system.apiUrl);
  admin = (await browserSignIn(system.issuerUrl, COORDINATOR_LOGIN, { totpSecret: COORDINATOR_TOTP_SECRET })).access_token;
}, 60_000);
afterAll(() => system?.stop());

const email = () => `petugas.${randomBytes(4).toString('hex')}@blorakab.go.id`;

test('the coordinator invites an officer, who signs in with the agency in the access token; moved, the next renewal carries the new one', async () => {
  const invited = await call('POST', '/admin/staff', { token: admin, body: { email: email().toUpperCase(), name: 'Sri Lestari', role: 'agency', agencyId: 'dinkes' } });
  expect(invited.status).toBe(201);
  expect(invited.body).toMatchObject({ role: 'agency', agencyId: 'dinkes', enabled: true, status: 'INVITED', name: 'Sri Lestari' });
  expect(invited.body.email).toBe(invited.body.email.toLowerCase());
  const { userId } = invited.body;
  // The invitation email, as Cognito sends one: in Bahasa Indonesia, with the sign-in name.
  const [invitation] = await emailsTo(invited.body.email);
  expect(invitation!.subject).toBe('Akun Tuntas Kabupaten Blora');
  expect(invitation!.body.text).toContain(`Nama pengguna: ${invited.body.email}`);

  // Listed, page by page.
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await call('GET', `/admin/staff?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: admin });
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(3);
    seen.push(...page.body.items.map((u: { userId: string }) => u.userId));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(seen).toContain(userId);
  expect(seen).toContain('koordinator');
  expect(new Set(seen).size).toBe(seen.length);

  const tokens = await browserSignIn(system.issuerUrl, invited.body.email);
  expect(decodeJwt(tokens.access_token)).toMatchObject({ agencyId: 'dinkes', client_id: LOCAL_BROWSER_CLIENT_ID });
  const inbox = await call('GET', '/agency/dispositions', { token: tokens.access_token });
  expect(inbox.status).toBe(200);
  const listed = await call('GET', '/admin/staff?limit=100', { token: admin });
  expect(listed.body.items.find((u: { userId: string }) => u.userId === userId).status).toBe('ACTIVE');

  const moved = await call('PUT', `/admin/staff/${userId}/agency`, { token: admin, body: { agencyId: 'dpupr' } });
  expect(moved.status).toBe(200);
  expect(moved.body.agencyId).toBe('dpupr');
  const renewed = await fetch(`${system.issuerUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: LOCAL_BROWSER_CLIENT_ID, refresh_token: tokens.refresh_token }),
  });
  expect(decodeJwt(((await renewed.json()) as { access_token: string }).access_token).agencyId).toBe('dpupr');
});

/** Cognito's user API as the console calls it (the local issuer answers it), with the user's access token. */
async function userApi(operation: string, accessToken: string, input: Record<string, unknown> = {}) {
  const response = await fetch(`${system.issuerUrl}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify({ AccessToken: accessToken, ...input }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

test('an invited coordinator acts only after setting up TOTP: 403 MFA_REQUIRED before, the admin routes after a renewal, a code at every sign-in', async () => {
  const invited = await call('POST', '/admin/staff', { token: admin, body: { email: email(), name: 'Koordinator Kedua', role: 'admin' } });
  expect(invited.status).toBe(201);
  const first = await browserSignIn(system.issuerUrl, invited.body.email);
  expect(decodeJwt(first.access_token).mfa).toBeUndefined();
  const refused = await call('GET', '/admin/complaints', { token: first.access_token });
  expect(refused.status).toBe(403);
  expect(refused.body.error).toMatchObject({ code: 'MFA_REQUIRED', message: expect.stringMatching(/TOTP/) });
  // Other staff's refusal stays FORBIDDEN, and the public routes answer as to anyone.
  expect((await call('GET', '/agency/dispositions', { token: first.access_token })).body.error.code).toBe('FORBIDDEN');
  expect((await call('GET', '/region', { token: first.access_token })).status).toBe(200);

  // The console's set-up: a secret, a code from it, TOTP on.
  const { SecretCode: secret } = (await userApi('AssociateSoftwareToken', first.access_token)).body;
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const wrong = String((Number(totpCode(secret!)) + 1) % 1_000_000).padStart(6, '0');
  const mismatch = await userApi('VerifySoftwareToken', first.access_token, { UserCode: wrong });
  expect(mismatch).toMatchObject({ status: 400, body: { __type: 'EnableSoftwareTokenMFAException' } });
  expect((await userApi('VerifySoftwareToken', first.access_token, { UserCode: totpCode(secret!) })).body).toEqual({ Status: 'SUCCESS' });
  expect((await userApi('SetUserMFAPreference', first.access_token, { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })).status).toBe(200);

  // The renewal carries the claim, and the same routes now answer.
  const renewed = await fetch(`${system.issuerUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: LOCAL_BROWSER_CLIENT_ID, refresh_token: first.refresh_token }),
  });
  const accessToken = ((await renewed.json()) as { access_token: string }).access_token;
  expect(decodeJwt(accessToken).mfa).toBe('totp');
  expect((await call('GET', '/admin/complaints', { token: accessToken })).status).toBe(200);

  // From now on the password alone does not sign in: the code page answers instead of a redirect.
  await expect(browserSignIn(system.issuerUrl, invited.body.email)).rejects.toThrow(/sign-in of .* failed: 200/);
  const next = await browserSignIn(system.issuerUrl, invited.body.email, { totpSecret: secret! });
  expect(decodeJwt(next.access_token).mfa).toBe('totp');

  // A lost phone: another coordinator turns TOTP off. The password alone signs in again, and the
  // admin routes wait for a new set-up; even the running session's renewal loses the claim.
  const reset = await call('POST', `/admin/staff/${invited.body.userId}/reset-mfa`, { token: admin });
  expect(reset.status).toBe(200);
  expect(reset.body).toMatchObject({ userId: invited.body.userId, role: 'admin', enabled: true });
  const renewedAfterReset = await fetch(`${system.issuerUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: LOCAL_BROWSER_CLIENT_ID, refresh_token: next.refresh_token }),
  });
  expect(decodeJwt(((await renewedAfterReset.json()) as { access_token: string }).access_token).mfa).toBeUndefined();
  const again = await browserSignIn(system.issuerUrl, invited.body.email);
  expect((await call('GET', '/admin/complaints', { token: again.access_token })).body.error.code).toBe('MFA_REQUIRED');
  // Nobody resets their own (it would withdraw their role mid-work), and an unknown account is 404.
  const own = await call('POST', '/admin/staff/koordinator/reset-mfa', { token: admin });
  expect(own.status).toBe(409);
  expect(own.body.error.message).toMatch(/own two-step verification/);
  expect((await call('POST', '/admin/staff/tidak-ada/reset-mfa', { token: admin })).status).toBe(404);
});

test('a disabled account can neither sign in nor renew; re-enabled, it can again', async () => {
  const invited = await call('POST', '/admin/staff', { token: admin, body: { email: email(), role: 'auditor' } });
  expect(invited.status).toBe(201);
  const { userId } = invited.body;
  const tokens = await browserSignIn(system.issuerUrl, userId);

  const disabled = await call('POST', `/admin/staff/${userId}/disable`, { token: admin });
  expect(disabled.status).toBe(200);
  expect(disabled.body.enabled).toBe(false);
  await expect(browserSignIn(system.issuerUrl, userId)).rejects.toThrow(/sign-in of .* failed: 401/);
  const refresh = await fetch(`${system.issuerUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: LOCAL_BROWSER_CLIENT_ID, refresh_token: tokens.refresh_token }),
  });
  expect(refresh.status).toBe(400);
  expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });

  const enabled = await call('POST', `/admin/staff/${userId}/enable`, { token: admin });
  expect(enabled.body.enabled).toBe(true);
  await expect(browserSignIn(system.issuerUrl, userId)).resolves.toHaveProperty('access_token');
});

test('refusals name the problem', async () => {
  const noAgency = await call('POST', '/admin/staff', { token: admin, body: { email: email(), role: 'agency' } });
  expect(noAgency.status).toBe(400);
  expect(noAgency.body.error.details).toEqual([{ field: 'agencyId', message: 'is required for an agency officer' }]);
  const adminWithAgency = await call('POST', '/admin/staff', { token: admin, body: { email: email(), role: 'admin', agencyId: 'dpupr' } });
  expect(adminWithAgency.status).toBe(400);
  const unknownAgency = await call('POST', '/admin/staff', { token: admin, body: { email: email(), role: 'agency', agencyId: 'tidak-ada' } });
  expect(unknownAgency.body.error.details).toEqual([{ field: 'agencyId', message: 'unknown agency "tidak-ada"' }]);
  const duplicate = await call('POST', '/admin/staff', { token: admin, body: { email: 'koordinator@tuntas.local', role: 'admin' } });
  expect(duplicate.status).toBe(409);
  const self = await call('POST', '/admin/staff/koordinator/disable', { token: admin });
  expect(self.status).toBe(409);
  expect(self.body.error.message).toBe('You cannot disable your own account');
  const notOfficer = await call('PUT', '/admin/staff/auditor/agency', { token: admin, body: { agencyId: 'dpupr' } });
  expect(notOfficer.status).toBe(409);
  const missing = await call('POST', '/admin/staff/tidak-ada/enable', { token: admin });
  expect(missing.status).toBe(404);
  const badCursor = await call('GET', '/admin/staff?cursor=bukan', { token: admin });
  expect(badCursor.status).toBe(400);
});

test("/reports/compliance counts each agency's officers' sign-ins of the last 30 days (keaktifan), in JSON and CSV", async () => {
  const before = await call('GET', '/reports/compliance', { token: admin });
  const count = (body: { agencies: { agencyId: string; signInsLast30Days: number; officersSignedInLast30Days: number }[] }, id: string) =>
    body.agencies.find((a) => a.agencyId === id)!;
  const dlhBefore = count(before.body, 'dlh');

  await browserSignIn(system.issuerUrl, 'opd-dlh');
  await browserSignIn(system.issuerUrl, 'opd-dlh');
  const second = await call('POST', '/admin/staff', { token: admin, body: { email: email(), role: 'agency', agencyId: 'dlh' } });
  await browserSignIn(system.issuerUrl, second.body.userId);

  const after = await call('GET', '/reports/compliance', { token: admin });
  expect(after.status).toBe(200);
  expect(count(after.body, 'dlh').signInsLast30Days).toBe(dlhBefore.signInsLast30Days + 3);
  expect(count(after.body, 'dlh').officersSignedInLast30Days).toBe(2);
  // The auditor's sign-in counts for no agency.
  const agenciesTotal = after.body.agencies.reduce((sum: number, a: { signInsLast30Days: number }) => sum + a.signInsLast30Days, 0);
  await browserSignIn(system.issuerUrl, 'auditor');
  const again = await call('GET', '/reports/compliance', { token: admin });
  expect(again.body.agencies.reduce((sum: number, a: { signInsLast30Days: number }) => sum + a.signInsLast30Days, 0)).toBe(agenciesTotal);

  const csv = await call('GET', '/reports/compliance?format=csv', { token: admin });
  const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
  const header = lines[0]!.split(',');
  const column = header.indexOf('signInsLast30Days');
  expect(column).toBeGreaterThan(0);
  const dlhRow = lines.find((line) => line.startsWith('dlh,'))!;
  expect(Number(dlhRow.split(',')[column])).toBe(dlhBefore.signInsLast30Days + 3);
});
