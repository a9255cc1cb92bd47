// The consoles' sign-in, through the pages only: a signed-out visit goes to the sign-in page and
// comes back to the same address; tokens are in memory only; sign-out ends the issuer's session.

import { signInAt, startHarness, type Harness } from '../browser';

jest.setTimeout(120_000);
let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.stop());

test('a signed-out visit signs in with PKCE, returns to the address, keeps no token in storage, and signs out', async () => {
  const { page, problems } = await h.newPage();
  const tokenCalls: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/oauth2/token')) tokenCalls.push(request.postData() ?? '');
  });
  // A deep link with its query (a shared, filtered queue): /konsol itself redirects to the role's home.
  await signInAt(page, `${h.web}/konsol/aduan?status=SUBMITTED`, 'koordinator');
  expect(new URL(page.url()).search).toBe('?status=SUBMITTED');
  expect(await page.getByText(/^Masuk sebagai /).textContent()).toContain('Koordinator');

  // One code exchange with a PKCE verifier; nothing of the session written to the device.
  expect(tokenCalls).toHaveLength(1);
  expect(new URLSearchParams(tokenCalls[0]).get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  const stored = await page.evaluate(() => {
    const storage = globalThis as unknown as { localStorage: object; sessionStorage: object };
    return JSON.stringify({ ...storage.localStorage }) + JSON.stringify({ ...storage.sessionStorage });
  });
  expect(stored).not.toMatch(/eyJ|refresh|verifier/i);

  // A slow revocation: nothing may start a new sign-in while sign-out waits for it.
  await page.route('**/oauth2/revoke', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.waitForURL(`${h.web}/`, { timeout: 60_000 });
  // The issuer's session ended too: the console asks for the password again.
  await page.goto(`${h.web}/konsol`);
  await page.getByRole('heading', { name: 'Masuk ke Tuntas' }).waitFor();
  expect(problems).toEqual([]);
});
