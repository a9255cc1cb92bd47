// Laporan publik: an anonymous complaint without a name, never a confidential one; filters and the
// public page; and the English switch.

import { apiCall, checkPage, startHarness, type Harness } from './browser';

jest.setTimeout(240_000);
let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.stop());

const file = (title: string, extra: Record<string, unknown>) =>
  apiCall(h.system, 'POST', '/complaints', {
    body: { classification: 'PENGADUAN', title, description: 'Uraian laporan untuk daftar publik.', category: 'kesehatan', reporter: { name: 'Budi Santoso', email: 'budi@contoh.id' }, ...extra },
  });

test('the public list shows an anonymous complaint without its name and never a confidential one', async () => {
  const anonymous = await file('Antrean puskesmas terlalu lama', { anonymous: true });
  const confidential = await file('Pungutan liar di kantor desa', { confidential: true });
  const named = await file('Ambulans desa tidak tersedia', { classification: 'ASPIRASI', category: 'sosial' });
  expect([anonymous.status, confidential.status, named.status]).toEqual([201, 201, 201]);

  const { page, problems } = await h.newPage();
  await page.goto(`${h.web}/laporan`);
  await page.getByRole('heading', { name: 'Laporan publik', level: 1 }).waitFor();
  const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Antrean puskesmas terlalu lama' }) });
  await item.waitFor();
  expect(await item.textContent()).not.toContain('Budi');
  await item.getByText('Pelapor anonim atau tidak mencantumkan nama').waitFor();
  await page.getByRole('link', { name: 'Ambulans desa tidak tersedia' }).waitFor();
  expect(await page.getByText('oleh Budi Santoso').count()).toBe(1);
  expect(await page.getByText('Pungutan liar di kantor desa').count()).toBe(0);
  await checkPage(page, '20-laporan-publik');

  // Filters go to the API: only aspirations.
  await page.getByLabel('Jenis laporan').selectOption('ASPIRASI');
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await page.getByRole('link', { name: 'Antrean puskesmas terlalu lama' }).waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'Ambulans desa tidak tersedia' }).waitFor();

  await page.getByRole('link', { name: 'Ambulans desa tidak tersedia' }).click();
  await page.getByRole('heading', { name: 'Ambulans desa tidak tersedia', level: 1 }).waitFor();
  await page.getByText('Belum terverifikasi').waitFor();
  expect(await page.getByText('budi@contoh.id').count()).toBe(0);
  await checkPage(page, '21-laporan-publik-detail');

  // The confidential one's page is "not found", as for anyone without its code.
  await page.goto(`${h.web}/laporan/${confidential.body.trackingId}`);
  await page.getByRole('alert').getByText('Laporan tidak ditemukan. Periksa nomor pelacakannya.').waitFor();
  expect(problems).toEqual([]);
});

test('English switch: the whole page changes language and remembers it', async () => {
  const { page } = await h.newPage();
  await page.goto(`${h.web}/lacak`);
  await page.getByRole('heading', { name: 'Lacak laporan', level: 1 }).waitFor();
  await checkPage(page, '22-lacak-form');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Track a report', level: 1 }).waitFor();
  expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang)).toBe('en');
  await page.reload();
  await page.getByRole('heading', { name: 'Track a report', level: 1 }).waitFor();
  await checkPage(page, '23-track-form-en');
  // A wrong code: the API's FORBIDDEN as a sentence.
  await page.getByLabel('Tracking number').fill('BLR-0000000000');
  await page.getByLabel('Access code').fill('salah');
  await page.getByRole('button', { name: 'Show report' }).click();
  await page.getByText('Report not found. Check the tracking number.').waitFor();
});
