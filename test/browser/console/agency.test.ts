// The agency console through its pages, on a phone: the inbox (nearest deadline first, overdue and
// escalation-eligible said in words), a follow-up with a photo, completion, a return with a
// reason, another agency's disposition answering not-found, and a token renewed mid-form.

import { buildDependencies } from '../../../functions/handlers/dependencies';
import { apiCall, checkPage, makeJpeg, signInAt, startHarness, type Harness } from '../browser';

jest.setTimeout(180_000);
let h: Harness;
let admin: string;
/** dpupr = agency A, dinkes = agency B. */
const ids = { old: '', both: '', onlyB: '' };

const file = async (title: string) => {
  const res = await apiCall(h.system, 'POST', '/complaints', {
    body: { classification: 'PENGADUAN', title, description: `Uraian: ${title}.`, category: 'infrastruktur', reporter: { name: 'Sari Wulandari', email: 'sari@contoh.id' } },
  });
  expect(res.status).toBe(201);
  return res.body.trackingId as string;
};
const disposition = async (trackingId: string, agencyIds: string[]) =>
  expect((await apiCall(h.system, 'POST', `/admin/complaints/${trackingId}/verification`, { token: admin, body: { action: 'DISPOSITION', agencyIds } })).status).toBe(200);

beforeAll(async () => {
  h = await startHarness();
  admin = await h.system.tokenFor('admin');
  // A report filed and dispositioned 70 days ago: the API has no way to file in the past, so the
  // same service runs with an earlier clock. It is overdue and past the 60-day clock now.
  const past = buildDependencies(h.system.env, { clock: { now: () => new Date(Date.now() - 70 * 86_400_000) } });
  const { change } = await past.service.submit({ classification: 'PENGADUAN', title: 'Drainase tersumbat sejak lama', description: 'Air meluap setiap hujan.', category: 'infrastruktur' } as never);
  ids.old = change.complaint.trackingId;
  await past.service.verify(ids.old, { action: 'DISPOSITION', agencyIds: ['dpupr'] }, { role: 'admin', userId: 'uji' });
  ids.both = await file('Jembatan desa retak');
  await disposition(ids.both, ['dpupr', 'dinkes']);
  ids.onlyB = await file('Puskesmas kekurangan obat');
  await disposition(ids.onlyB, ['dinkes']);
}, 180_000);
afterAll(() => h?.stop());

test('agency A on a phone: inbox by deadline with warnings in words, a follow-up with a photo, then completion', async () => {
  const { page, problems } = await h.newPage();
  const scripts: string[] = [];
  page.on('request', (request) => request.resourceType() === 'script' && scripts.push(request.url()));
  await signInAt(page, `${h.web}/konsol/disposisi`, 'opd-dpupr');
  await page.getByRole('heading', { name: 'Disposisi masuk', level: 1 }).waitFor();
  const list = page.getByRole('list', { name: 'Daftar disposisi' });
  await list.getByRole('link', { name: 'Jembatan desa retak' }).waitFor();
  const cards = list.getByRole('listitem');
  // Nearest deadline first: the 70-day-old one, marked in words; the new one carries no warning.
  expect(await cards.count()).toBe(2);
  expect(await cards.nth(0).getByRole('link').textContent()).toBe('Drainase tersumbat sejak lama');
  await cards.nth(0).getByText('Melewati batas waktu').waitFor();
  await cards.nth(0).getByText('Dapat diteruskan ke Ombudsman').waitFor();
  expect(await cards.nth(1).getByText(/Melewati batas waktu|Ombudsman/).count()).toBe(0);
  await checkPage(page, 'konsol-agency-01-inbox');
  // The chart library is a chunk of its own, loaded only by the pages that chart.
  expect(scripts.some((url) => url.includes('/assets/app-'))).toBe(true);
  expect(scripts.filter((url) => url.includes('/assets/draw-'))).toEqual([]);

  // Newest first is one choice away.
  await page.getByLabel('Urutkan').selectOption({ label: 'Terbaru' });
  await page.getByRole('button', { name: 'Terapkan' }).click();
  await cards.nth(0).getByRole('link', { name: 'Jembatan desa retak' }).waitFor();

  await list.getByRole('link', { name: 'Jembatan desa retak' }).click();
  await page.getByRole('heading', { name: 'Jembatan desa retak', level: 1 }).waitFor();
  await page.getByText('Belum ditindaklanjuti').first().waitFor();
  // Only what the API's actions allow: follow up, complete (the final box), return.
  await page.getByRole('heading', { name: 'Kembalikan ke koordinator' }).waitFor();
  await checkPage(page, 'konsol-agency-02-disposition');

  // An empty follow-up is refused on the page, with the error tied to the field.
  await page.getByRole('button', { name: 'Kirim tindak lanjut' }).click();
  await page.getByText('Isi kolom ini.').waitFor();
  await checkPage(page, 'konsol-agency-03-empty-follow-up');

  const photo = await makeJpeg(page, 1200, 900);
  await page.getByLabel('Isi tindak lanjut').fill('Tim sudah meninjau jembatan dan memasang rambu peringatan.');
  await page.getByLabel('Lampiran').setInputFiles({ name: 'jembatan.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByText(/jembatan\.jpg \(/).waitFor();
  await page.getByRole('button', { name: 'Kirim tindak lanjut' }).click();
  await page.getByText('Tindak lanjut terkirim.').waitFor();
  await page.getByText('Dalam proses').first().waitFor();
  await page.getByRole('img', { name: 'jembatan.jpg' }).waitFor();
  await checkPage(page, 'konsol-agency-04-followed-up');

  await page.getByLabel('Isi tindak lanjut').fill('Jembatan sudah diperbaiki dan dapat dilalui kembali.');
  await page.getByLabel(/tindak lanjut akhir/).check();
  await page.getByRole('button', { name: 'Kirim tindak lanjut' }).click();
  await page.getByText('Tindak lanjut akhir terkirim. Disposisi selesai.').waitFor();
  await checkPage(page, 'konsol-agency-05-completed');

  const view = await apiCall(h.system, 'GET', `/admin/complaints/${ids.both}`, { token: admin });
  const dpupr = view.body.dispositions.find((d: { agencyId: string }) => d.agencyId === 'dpupr');
  expect(dpupr.status).toBe('COMPLETED');
  const followUps = view.body.timeline.filter((e: { type: string; agencyId?: string }) => e.type === 'FOLLOWED_UP' && e.agencyId === 'dpupr');
  expect(followUps.map((e: { message: string }) => e.message)).toEqual([
    'Tim sudah meninjau jembatan dan memasang rambu peringatan.',
    'Jembatan sudah diperbaiki dan dapat dilalui kembali.',
  ]);
  expect(view.body.attachments.map((a: { fileName: string }) => a.fileName)).toContain('jembatan.jpg');
  expect(problems).toEqual([]);
});

test('agency B returns a disposition with a reason; agency A opening it by URL gets not-found', async () => {
  const { page, problems } = await h.newPage();
  await signInAt(page, `${h.web}/konsol/disposisi/${ids.onlyB}`, 'opd-dinkes');
  await page.getByRole('heading', { name: 'Puskesmas kekurangan obat', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Kembalikan ke koordinator' }).click();
  await page.getByText('Isi kolom ini.').waitFor();
  await page.getByLabel('Alasan pengembalian').fill('Pengadaan obat puskesmas ditangani dinas lain.');
  await page.getByRole('button', { name: 'Kembalikan ke koordinator' }).click();
  await page.getByText('Disposisi dikembalikan ke koordinator.').waitFor();
  await checkPage(page, 'konsol-agency-06-returned');
  const view = await apiCall(h.system, 'GET', `/admin/complaints/${ids.onlyB}`, { token: admin });
  expect(view.body.dispositions[0]).toMatchObject({ agencyId: 'dinkes', status: 'RETURNED', returnReason: 'Pengadaan obat puskesmas ditangani dinas lain.' });

  const { page: other, problems: otherProblems } = await h.newPage();
  await signInAt(other, `${h.web}/konsol/disposisi/${ids.onlyB}`, 'opd-dpupr');
  await other.getByRole('heading', { name: 'Halaman tidak ditemukan', level: 1 }).waitFor();
  expect(await other.getByText('Puskesmas kekurangan obat').count()).toBe(0);
  await checkPage(other, 'konsol-agency-07-other-agency');
  expect([...problems, ...otherProblems]).toEqual([]);
});

test('an expired token is renewed on submit without losing the half-typed follow-up', async () => {
  const { page, problems } = await h.newPage();
  await page.clock.install();
  const refreshes: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/oauth2/token') && new URLSearchParams(request.postData() ?? '').get('grant_type') === 'refresh_token') refreshes.push(request.url());
  });
  await signInAt(page, `${h.web}/konsol/disposisi/${ids.old}`, 'opd-dpupr');
  await page.getByRole('heading', { name: 'Drainase tersumbat sejak lama', level: 1 }).waitFor();
  const text = 'Saluran sudah dibersihkan oleh tim kebersihan kecamatan.';
  await page.getByLabel('Isi tindak lanjut').fill(text);
  // Two hours later (the access token lives one): the officer comes back and submits.
  await page.clock.setSystemTime(Date.now() + 2 * 3600_000);
  await page.getByRole('button', { name: 'Kirim tindak lanjut' }).click();
  await page.getByText('Tindak lanjut terkirim.').waitFor();
  expect(refreshes.length).toBe(1);
  const view = await apiCall(h.system, 'GET', `/admin/complaints/${ids.old}`, { token: admin });
  expect(view.body.timeline.filter((e: { type: string }) => e.type === 'FOLLOWED_UP').map((e: { message: string }) => e.message)).toEqual([text]);
  expect(problems).toEqual([]);
});

test("agency A's %TL page shows the API's figures for the year and this month, the 60% grade, the region and the trend", async () => {
  const { page, problems } = await h.newPage();
  await signInAt(page, `${h.web}/konsol/kinerja`, 'opd-dpupr');
  await page.getByRole('heading', { name: 'Kinerja tindak lanjut (%TL)', level: 1 }).waitFor();
  const own = (await apiCall(h.system, 'GET', '/agency/compliance', { token: await h.system.tokenFor('agency', 'dpupr') })).body;
  const pct = (v: number | null) => (v === null ? 'Tidak ada data (belum ada disposisi)' : `${v.toFixed(2).replace('.', ',')}%`);
  const year = page.getByRole('region', { name: `Tahun ${own.year.period}` });
  await year.getByText(pct(own.year.agency.pctTL), { exact: true }).waitFor();
  await year.getByText(`Rata-rata daerah: ${pct(own.year.region.pctTL)}`).waitFor();
  await year.getByText(`${own.year.agency.followedUp} dari ${own.year.agency.received} disposisi sudah ditindaklanjuti`).waitFor();
  await year.getByText(own.year.agency.belowThreshold ? 'Di bawah nilai lulus (Nilai lulus 60,00%)' : 'Memenuhi nilai lulus (Nilai lulus 60,00%)').waitFor();
  const month = own.months.at(-1);
  await page.getByRole('region', { name: /^Bulan / }).getByText(pct(month.agency.pctTL), { exact: true }).waitFor();
  // The trend: a chart described by the table, one row a month with the API's numbers.
  const chart = page.getByRole('img', { name: /Grafik %TL instansi Anda per bulan/ });
  await chart.locator('canvas').first().waitFor();
  expect(await chart.getAttribute('aria-describedby')).toBe('trend-table');
  const table = page.getByRole('table', { name: `%TL per bulan tahun ${own.year.period}` });
  expect(await table.getByRole('row').count()).toBe(own.months.length + 1);
  const lastRow = table.getByRole('row').last();
  expect(await lastRow.getByRole('cell').allTextContents()).toEqual([
    String(month.agency.received),
    String(month.agency.followedUp),
    `${pct(month.agency.pctTL)}${month.agency.belowThreshold ? ' (di bawah nilai lulus)' : ''}`,
    pct(month.region.pctTL),
  ]);
  await checkPage(page, 'konsol-agency-08-performance');
  expect(problems).toEqual([]);
});
