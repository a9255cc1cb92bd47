// The form without a mouse, its errors (the device's and the server's), a double tap on "Kirim",
// and files refused before anything is sent.

import type { Locator, Page } from 'playwright-core';
import { apiCall, checkPage, startHarness, type Harness } from './browser';

jest.setTimeout(240_000);
let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.stop());

/** Presses Tab until the element has focus, as a keyboard user moves through the page. */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with Tab`);
}

const complaintsTitled = async (title: string) => {
  const admin = await h.system.tokenFor('admin');
  const list = await apiCall(h.system, 'GET', '/admin/complaints?limit=100', { token: admin });
  return list.body.items.filter((c: { title: string }) => c.title === title);
};

test('keyboard only: errors in a focused summary and next to each field, the server\'s too, then sent', async () => {
  const { page, problems } = await h.newPage();
  await page.goto(`${h.web}/lapor`);
  await page.getByRole('heading', { name: 'Buat laporan', level: 1 }).waitFor();

  // Sending an empty form: the summary takes focus and names each problem in Bahasa Indonesia.
  await tabTo(page, page.getByRole('button', { name: 'Periksa laporan' }));
  await page.keyboard.press('Enter');
  const summary = page.getByRole('alert').filter({ hasText: 'Ada yang perlu diperbaiki' });
  await summary.waitFor();
  expect(await summary.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
  for (const sentence of ['Pilih jenis laporan.', 'Judul harus 5 sampai 200 karakter.', 'Pilih kategori laporan.']) {
    await summary.getByRole('link', { name: sentence }).waitFor();
  }
  // Next to the field too, and tied to it for screen readers.
  expect(await page.getByLabel('Judul laporan').getAttribute('aria-invalid')).toBe('true');
  expect(await page.getByLabel('Judul laporan').evaluate((el) => el.getAttribute('aria-describedby'))).toContain('title-error');
  await checkPage(page, '10-buat-laporan-galat');

  await tabTo(page, page.getByRole('radio', { name: 'Pengaduan' }));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByLabel('Judul laporan'));
  await page.keyboard.type('Saluran air tersumbat di Kunduran');
  await tabTo(page, page.getByLabel('Isi laporan'));
  await page.keyboard.type('Saluran air di depan pasar tersumbat sampah sehingga banjir setiap hujan.');
  await tabTo(page, page.getByLabel('Kategori'));
  await page.keyboard.press('ArrowDown');
  await tabTo(page, page.getByLabel('Nomor telepon'));
  // The device does not check phone numbers; the server refuses this one.
  await page.keyboard.type('nomor saya');
  await tabTo(page, page.getByRole('button', { name: 'Periksa laporan' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Periksa kembali laporan Anda' }).waitFor();
  await tabTo(page, page.getByRole('button', { name: 'Kirim laporan' }));
  await page.keyboard.press('Enter');

  const phoneError = 'Nomor telepon tidak valid. Tulis angka saja, misalnya 0812 3456 7890.';
  await summary.getByRole('link', { name: phoneError }).waitFor();
  await page.locator('#phone-error').getByText(phoneError).waitFor();
  expect(await page.getByLabel('Nomor telepon').getAttribute('aria-invalid')).toBe('true');
  await checkPage(page, '11-buat-laporan-galat-server');

  await tabTo(page, page.getByLabel('Nomor telepon'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0812 3456 7890');
  await tabTo(page, page.getByRole('button', { name: 'Periksa laporan' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('button', { name: 'Kirim laporan' }));
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Tanda terima laporan', level: 1 }).waitFor();
  expect(await complaintsTitled('Saluran air tersumbat di Kunduran')).toHaveLength(1);
  expect(problems).toEqual([]);
});

test('a double tap on "Kirim laporan" files one complaint', async () => {
  const { page } = await h.newPage();
  let posts = 0;
  page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/complaints' && posts++);
  await page.goto(`${h.web}/lapor`);
  await page.getByRole('radio', { name: 'Aspirasi' }).check();
  await page.getByLabel('Judul laporan').fill('Usulan taman baca di Jepon');
  await page.getByLabel('Isi laporan').fill('Mohon dibangun taman baca di balai desa untuk anak-anak.');
  await page.getByLabel('Kategori').selectOption('pendidikan');
  await page.getByRole('button', { name: 'Periksa laporan' }).click();
  await page.getByRole('button', { name: 'Kirim laporan' }).dblclick();
  await page.getByRole('heading', { name: 'Tanda terima laporan', level: 1 }).waitFor();
  expect(await complaintsTitled('Usulan taman baca di Jepon')).toHaveLength(1);
  expect(posts).toBeLessThanOrEqual(2);
});

test('a 12 MB photo and a renamed .exe are refused before upload, saying why', async () => {
  const { page } = await h.newPage();
  const sent: string[] = [];
  page.on('request', (r) => r.method() !== 'GET' && sent.push(r.url()));
  await page.goto(`${h.web}/lapor`);
  await page.getByRole('heading', { name: 'Buat laporan', level: 1 }).waitFor();
  const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(12 * 1024 * 1024)]);
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(2048)]);
  await page.getByLabel('Lampiran').setInputFiles([
    { name: 'foto-besar.jpg', mimeType: 'image/jpeg', buffer: big },
    { name: 'foto.jpg', mimeType: 'image/jpeg', buffer: exe },
  ]);
  await page.getByText('foto-besar.jpg terlalu besar: paling besar 10 MB per berkas.').waitFor();
  await page.getByText('foto.jpg tidak dapat dikirim: hanya foto JPEG, PNG, WebP, atau dokumen PDF yang diterima.').waitFor();
  expect(await page.getByRole('button', { name: /^Hapus / }).count()).toBe(0);
  expect(sent).toEqual([]);
  await checkPage(page, '12-lampiran-ditolak');
});
