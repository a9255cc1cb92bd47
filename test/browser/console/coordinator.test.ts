// The coordinator's console through its pages: the queue (search, filters kept in the address),
// one complaint (correction, disposition through the picker, hold), key-in, agencies, staff
// accounts and undelivered emails. State the test does not exercise is set up over the API.

import type { Page } from 'playwright-core';
import { apiCall, checkPage, DESKTOP, signInAt, startHarness, type Harness } from '../browser';

jest.setTimeout(240_000);
let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.stop());

const file = async (title: string, extra: Record<string, unknown> = {}) => {
  const response = await apiCall(h.system, 'POST', '/complaints', {
    body: { classification: 'PENGADUAN', title, description: 'Uraian aduan warga untuk konsol koordinator.', category: 'kesehatan', reporter: { name: 'Siti Aminah', email: 'siti@contoh.id', phone: '081234567890' }, ...extra },
  });
  expect(response.status).toBe(201);
  return response.body.trackingId as string;
};

async function openConsole(url: string): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await h.newPage(DESKTOP);
  await signInAt(page, url, 'koordinator');
  return { page, problems };
}

test('the queue finds a new complaint by words of its title and keeps the filters in the address', async () => {
  const trackingId = await file('Jalan berlubang di depan pasar Cepu');
  await file('Lampu jalan padam di Randublatung', { classification: 'ASPIRASI' });
  const { page, problems } = await openConsole(`${h.web}/konsol/aduan`);
  await page.getByRole('heading', { name: 'Antrean aduan', level: 1 }).waitFor();
  await page.getByRole('heading', { name: /Jumlah aduan tahun \d{4} per status/ }).waitFor();
  await page.getByRole('link', { name: /Jalan berlubang di depan pasar Cepu/ }).waitFor();
  await checkPage(page, '30-konsol-antrean');

  await page.setViewportSize(DESKTOP);
  await page.getByLabel('Cari nomor pelacakan atau kata pada judul').fill('berlubang pasar');
  await page.getByLabel('Status', { exact: true }).selectOption('SUBMITTED');
  await page.getByLabel('Urutkan').selectOption('oldest');
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await page.waitForURL((u) => u.searchParams.get('q') === 'berlubang pasar');
  expect(new URL(page.url()).searchParams.get('status')).toBe('SUBMITTED');
  expect(new URL(page.url()).searchParams.get('sort')).toBe('oldest');
  await page.getByRole('link', { name: 'Lampu jalan padam di Randublatung' }).waitFor({ state: 'detached' });
  await page.getByText('1 aduan ditampilkan.').waitFor();

  // A reload keeps the filters, in the form and in the list.
  await page.reload();
  await page.getByRole('link', { name: /Jalan berlubang di depan pasar Cepu/ }).waitFor();
  expect(await page.getByLabel('Cari nomor pelacakan atau kata pada judul').inputValue()).toBe('berlubang pasar');
  expect(await page.getByLabel('Status', { exact: true }).inputValue()).toBe('SUBMITTED');
  expect(await page.getByRole('link', { name: 'Lampu jalan padam di Randublatung' }).count()).toBe(0);
  await checkPage(page, '31-konsol-antrean-saring');

  // A tracking ID finds the complaint directly.
  await page.setViewportSize(DESKTOP);
  await page.getByRole('button', { name: 'Hapus semua saringan' }).click();
  await page.getByLabel('Cari nomor pelacakan atau kata pada judul').fill(trackingId);
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await page.getByText('1 aduan ditampilkan.').waitFor();
  await page.getByRole('cell', { name: trackingId }).waitFor();
  expect(problems).toEqual([]);
});
