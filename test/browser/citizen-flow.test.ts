// On a phone a citizen files a PENGADUAN with a photo and a PDF, keeps the receipt, opens the
// private link, and later sees the agency's follow-up with its photo, rates it, and the rating is stored.

import { apiCall, checkPage, jpegSize, makeJpeg, PDF, startHarness, type Harness } from './browser';

jest.setTimeout(240_000);
let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.stop());

test('file with a JPEG and a PDF, receipt, private link, follow-up with photo, rating stored', async () => {
  const { page, problems } = await h.newPage();
  await page.goto(`${h.web}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Kabupaten Blora');
  await checkPage(page, '01-beranda');

  await page.getByRole('link', { name: 'Buat laporan' }).first().click();
  await page.getByRole('heading', { name: 'Buat laporan', level: 1 }).waitFor();
  await checkPage(page, '02-buat-laporan');

  await page.getByRole('radio', { name: 'Pengaduan' }).check();
  await page.getByLabel('Judul laporan').fill('Lampu jalan padam di Jl. Pemuda');
  await page.getByLabel('Isi laporan').fill('Sudah dua minggu lampu jalan di depan SD Negeri 1 padam, jalan gelap dan rawan.');
  expect(await page.getByText(/dari 5000 karakter|dari 5\.000 karakter/).textContent()).toMatch(/^\d+ dari/);
  await page.getByLabel('Kategori').selectOption({ label: 'Infrastruktur' });
  await page.getByLabel('Alamat atau patokan').fill('Jl. Pemuda, depan SD Negeri 1');
  await page.getByLabel('Nama', { exact: true }).fill('Sri Wahyuni');
  await page.getByLabel('Email', { exact: true }).fill('sri@contoh.id');

  // A photo larger than 1600 px and a PDF: the photo is made smaller on the phone.
  const photo = await makeJpeg(page, 2400, 1200);
  await page.getByLabel('Lampiran').setInputFiles([
    { name: 'lampu.jpg', mimeType: 'image/jpeg', buffer: photo },
    { name: 'surat.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await page.getByRole('button', { name: 'Hapus lampu.jpg' }).waitFor();
  await page.getByRole('button', { name: 'Hapus surat.pdf' }).waitFor();

  await page.getByRole('button', { name: 'Periksa laporan' }).click();
  await page.getByRole('heading', { name: 'Periksa kembali laporan Anda' }).waitFor();
  await checkPage(page, '03-periksa');
  await page.getByRole('button', { name: 'Kirim laporan' }).click();

  await page.getByRole('heading', { name: 'Tanda terima laporan', level: 1 }).waitFor({ timeout: 60_000 });
  const trackingId = (await page.locator('dd code').first().textContent())!;
  const accessToken = (await page.locator('dd code').nth(1).textContent())!;
  expect(trackingId).toMatch(/^BLR-/);
  const link = await page.getByRole('link', { name: 'Buka laporan saya' }).getAttribute('href');
  expect(link).toBe(`${h.web}/lacak/${trackingId}#kode=${encodeURIComponent(accessToken)}`);
  await checkPage(page, '04-tanda-terima');

  // Both files were checked and listed; the photo arrived at most 1600 px on its longest side.
  const filed = await apiCall(h.system, 'GET', `/complaints/${trackingId}`, { accessToken });
  expect(filed.body.classification).toBe('PENGADUAN');
  expect(filed.body.category).toBe('infrastruktur');
  expect(filed.body.attachments.map((a: { fileName: string }) => a.fileName).sort()).toEqual(['lampu.jpg', 'surat.pdf']);
  const stored = filed.body.attachments.find((a: { fileName: string }) => a.fileName === 'lampu.jpg');
  const size = jpegSize(Buffer.from(await (await fetch(stored.url)).arrayBuffer()));
  expect(Math.max(size.width, size.height)).toBe(1600);

  // The private link in a new tab (a fresh page: nothing in memory but the fragment).
  const { page: tracking } = await h.newPage();
  await tracking.goto(link!);
  await tracking.getByRole('heading', { name: 'Lampu jalan padam di Jl. Pemuda', level: 1 }).waitFor();
  expect(await tracking.getByText('Belum terverifikasi').count()).toBeGreaterThan(0);
  // Exactly the view's actions: respond and add evidence now, no rating before completion.
  expect(filed.body.actions).toEqual(['RESPOND', 'ADD_EVIDENCE']);
  await tracking.getByRole('heading', { name: 'Kirim tanggapan' }).waitFor();
  expect(await tracking.getByRole('heading', { name: 'Beri penilaian' }).count()).toBe(0);
  await checkPage(tracking, '05-lacak-baru');

  // The coordinator dispositions it; the agency attaches a photo and completes it (over the API).
  const admin = await h.system.tokenFor('admin');
  const agency = await h.system.tokenFor('agency', 'dpupr');
  expect((await apiCall(h.system, 'POST', `/admin/complaints/${trackingId}/verification`, { token: admin, body: { action: 'DISPOSITION', agencyIds: ['dpupr'] } })).status).toBe(200);
  const after = await makeJpeg(tracking, 800, 600);
  const upload = await apiCall(h.system, 'POST', `/agency/dispositions/${trackingId}/attachments`, { token: agency, body: { fileName: 'lampu-menyala.jpg', contentType: 'image/jpeg', size: after.length } });
  expect(upload.status).toBe(201);
  expect((await fetch(upload.body.uploadUrl, { method: 'PUT', headers: upload.body.uploadHeaders, body: after })).status).toBe(200);
  expect((await apiCall(h.system, 'POST', `/agency/dispositions/${trackingId}/attachments/${upload.body.attachmentId}/complete`, { token: agency })).status).toBe(200);
  expect((await apiCall(h.system, 'POST', `/agency/dispositions/${trackingId}/follow-ups`, { token: agency, body: { message: 'Lampu sudah diganti dan menyala kembali.', final: true } })).status).toBe(201);

  await tracking.reload();
  await tracking.getByRole('heading', { name: 'Lampu jalan padam di Jl. Pemuda', level: 1 }).waitFor();
  await tracking.getByRole('list', { name: 'Tindak lanjut' }).getByText('Lampu sudah diganti dan menyala kembali.').waitFor();
  await tracking.getByRole('img', { name: 'lampu-menyala.jpg' }).waitFor();
  expect(await tracking.getByRole('img', { name: 'lampu-menyala.jpg' }).evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(800);
  await tracking.getByRole('heading', { name: 'Beri penilaian' }).waitFor();
  await tracking.getByRole('heading', { name: 'Buka kembali laporan' }).waitFor();
  // Completed: the reporter is told when it closes by itself (10 working days without a reply).
  await tracking.getByText(/^Laporan ini ditutup otomatis pada \d+ \w+ \d{4} jika Anda tidak menanggapi\./).waitFor();
  await checkPage(tracking, '06-lacak-selesai');

  await tracking.getByRole('radio', { name: '4' }).check();
  await tracking.getByLabel('Komentar').fill('Terima kasih, cepat ditangani.');
  await tracking.getByRole('button', { name: 'Kirim penilaian' }).click();
  await tracking.getByText('Penilaian Anda: 4 dari 5').waitFor();
  const view = await apiCall(h.system, 'GET', `/admin/complaints/${trackingId}`, { token: admin });
  expect(view.body.rating).toBe(4);
  expect(problems).toEqual([]);
});
