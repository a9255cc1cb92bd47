// A coordinator's second factor, through the pages only: a newly invited coordinator signs in with
// the password, gets nothing but the TOTP set-up page, types a wrong code and then the right one
// from the key the page shows, and lands on the page asked for; every later sign-in asks for a code.

import { measureFirstLoad, WEB_BUDGETS } from '../../../bench/lib/page-weight';
import { fillSignInForms } from '../../support/sign-in-form';
import { totpCode } from '../../support/totp';
import { apiCall, checkPage, DESKTOP, signInAt, startHarness, type Harness } from '../browser';

jest.setTimeout(180_000);
let h: Harness;

beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.stop());

test('an invited coordinator sets up an authenticator app at the first sign-in, then signs in with its code', async () => {
  const email = 'koordinator.kedua@blorakab.go.id';
  const invited = await apiCall(h.system, 'POST', '/admin/staff', { token: await h.system.tokenFor('admin'), body: { email, name: 'Rina Kusuma', role: 'admin' } });
  expect(invited.status).toBe(201);

  const { page, context, problems } = await h.newPage();
  await page.goto(`${h.web}/konsol/aduan?status=SUBMITTED`);
  await fillSignInForms(page, email);
  // Back at the address asked for, but the console offers nothing until TOTP is on: no menu, no queue.
  await page.getByRole('heading', { name: 'Aktifkan verifikasi dua langkah', level: 1 }).waitFor();
  // The set-up page (its QR code drawn in the page) is a console page like the others: within the
  // console budget. Each opening makes a new key, so this page reloads for its own afterwards.
  const measured = await context.newPage();
  const weight = await measureFirstLoad(measured, `${h.web}/konsol/aduan`, (p) => p.getByRole('img', { name: 'Kode QR untuk aplikasi autentikator' }).waitFor());
  process.stdout.write(`TOTP set-up page, first load: ${weight.totalBytes} B in ${weight.requests} requests (JS ${weight.scriptBytes} B)\n`);
  expect(weight.totalBytes).toBeLessThanOrEqual(WEB_BUDGETS.consoleFirstLoadBytes);
  await measured.close();
  await page.reload();
  await page.getByRole('heading', { name: 'Aktifkan verifikasi dua langkah', level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/konsol/aduan');
  expect(await page.getByRole('navigation', { name: 'Menu konsol' }).count()).toBe(0);
  expect(await page.getByRole('heading', { name: 'Antrean aduan' }).count()).toBe(0);
  await page.getByRole('img', { name: 'Kode QR untuk aplikasi autentikator' }).waitFor();
  const key = (await page.locator('code.secret-key').textContent())!.replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  // A phone opens the same key in its authenticator app from the link.
  const link = new URL((await page.getByRole('link', { name: /Buka di aplikasi autentikator/ }).getAttribute('href'))!);
  expect(`${link.protocol}//${link.host}`).toBe('otpauth://totp');
  expect(decodeURIComponent(link.pathname)).toBe(`/Tuntas Kabupaten Blora:${email}`);
  expect(Object.fromEntries(link.searchParams)).toMatchObject({ secret: key, issuer: 'Tuntas Kabupaten Blora', digits: '6', period: '30' });
  await checkPage(page, '60-konsol-verifikasi-dua-langkah');

  // Letters are refused before anything is sent; a wrong code is said in words, tied to the field.
  const field = page.getByLabel('Kode 6 digit');
  await field.fill('12ab56');
  await page.getByRole('button', { name: 'Aktifkan' }).click();
  await page.getByText('Masukkan 6 angka dari aplikasi.').waitFor();
  await field.fill(String((Number(totpCode(key)) + 1) % 1_000_000).padStart(6, '0'));
  await page.getByRole('button', { name: 'Aktifkan' }).click();
  await page.getByText(/Kode tidak cocok/).waitFor();
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  expect(await field.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
  await page.setViewportSize(DESKTOP);
  await checkPage(page, '61-konsol-verifikasi-dua-langkah-kode-salah');

  // The right code: TOTP on, the tokens renewed with it, and the queue asked for opens.
  await field.fill(totpCode(key));
  await page.getByRole('button', { name: 'Aktifkan' }).click();
  await page.getByRole('heading', { name: 'Antrean aduan', level: 1 }).waitFor();
  expect(new URL(page.url()).search).toBe('?status=SUBMITTED');
  await page.getByRole('navigation', { name: 'Menu konsol' }).waitFor();


  // Signed out, the password alone no longer signs in: the code page follows it.
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.waitForURL(`${h.web}/`);
  await page.goto(`${h.web}/konsol`);
  await fillSignInForms(page, email, { totpSecret: key });
  await page.getByRole('heading', { name: 'Antrean aduan', level: 1 }).waitFor();
  expect(problems).toEqual([]);
});

test('the code page of the sign-in: a wrong code is refused and said, the right one signs in', async () => {
  const email = 'koordinator.ketiga@blorakab.go.id';
  const invited = await apiCall(h.system, 'POST', '/admin/staff', { token: await h.system.tokenFor('admin'), body: { email, role: 'admin' } });
  expect(invited.status).toBe(201);
  const secret = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU';
  h.system.issuer.users.enrollTotp(invited.body.userId, secret);

  const { page, problems } = await h.newPage();
  await page.goto(`${h.web}/konsol`);
  await fillSignInForms(page, email);
  await page.getByRole('heading', { name: 'Verifikasi dua langkah' }).waitFor();
  const code = page.getByLabel('Kode 6 digit dari aplikasi autentikator');
  await code.fill(String((Number(totpCode(secret)) + 1) % 1_000_000).padStart(6, '0'));
  await page.getByRole('button', { name: 'Verifikasi' }).click();
  await page.getByRole('alert').filter({ hasText: 'Kode salah atau sudah kedaluwarsa' }).waitFor();
  expect(await code.getAttribute('aria-invalid')).toBe('true');
  await checkPage(page, '62-masuk-kode-salah');
  await code.fill(totpCode(secret));
  await page.getByRole('button', { name: 'Verifikasi' }).click();
  await page.getByRole('heading', { name: 'Antrean aduan', level: 1 }).waitFor();
  expect(problems).toEqual([]);
});

test('a coordinator who lost the phone: another one resets the two-step verification, and the next sign-in sets it up again', async () => {
  const email = 'koordinator.keempat@blorakab.go.id';
  const invited = await apiCall(h.system, 'POST', '/admin/staff', { token: await h.system.tokenFor('admin'), body: { email, name: 'Dewi Lestari', role: 'admin' } });
  h.system.issuer.users.enrollTotp(invited.body.userId, 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU');

  const { page, problems } = await h.newPage(DESKTOP);
  await signInAt(page, `${h.web}/konsol/staf`, 'koordinator');
  await page.getByRole('button', { name: `Atur ulang verifikasi dua langkah ${email} (ponsel hilang atau diganti)` }).click();
  await page.getByRole('status').filter({ hasText: 'Verifikasi dua langkah Dewi Lestari diatur ulang.' }).waitFor();
  // Nobody resets their own from here: the own row offers no actions.
  expect(await page.getByRole('button', { name: /Atur ulang verifikasi dua langkah koordinator@/ }).count()).toBe(0);
  await checkPage(page, '63-konsol-staf-atur-ulang-verifikasi');
  expect(problems).toEqual([]);

  const other = await h.newPage();
  await other.page.goto(`${h.web}/konsol`);
  await fillSignInForms(other.page, email);
  await other.page.getByRole('heading', { name: 'Aktifkan verifikasi dua langkah', level: 1 }).waitFor();
  expect(other.problems).toEqual([]);
});
