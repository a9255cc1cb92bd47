// The coordinator's console through its pages: the queue (search, filters kept in the address),
// one complaint (correction, disposition through the picker, hold), key-in, agencies, staff
// accounts and undelivered emails. State the test does not exercise is set up over the API.

import type { Page } from 'playwright-core';
import { createDynamoDbClient, toDocumentClient } from '../../../functions/adapters/dynamodb/client';
import { DynamoEmailLedger } from '../../../functions/adapters/dynamodb/email-ledger';
import { deliverOnce } from '../../../functions/core/delivery';
import { buildDependencies } from '../../../functions/handlers/dependencies';
import { PermanentDeliveryError } from '../../../functions/ports/mail';
import { apiCall, checkPage, DESKTOP, PDF, signInAt, startHarness, type Harness } from '../browser';

jest.setTimeout(240_000);
let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.stop());

const file = async (title: string, extra: Record<string, unknown> = {}) => {
  const response = await apiCall(h.system, 'POST', '/complaints', {
    body: { classification: 'PENGADUAN', title, description: 'Uraian aduan warga untuk konsol koordinator.', category: 'kesehatan', reporter: { name: 'Siti Aminah', email: 'siti@contoh.id', phone: '081234567890' }, ...extra },
  });
  expect(response.status).toBe(201);
  accessTokens.set(response.body.trackingId, response.body.accessToken);
  return response.body.trackingId as string;
};
const accessTokens = new Map<string, string>();

/** The reporter attaches a PDF (declare, PUT to the S3 stand-in, complete), as the portal does. */
async function attachPdf(trackingId: string, fileName: string) {
  const accessToken = accessTokens.get(trackingId)!;
  const created = await apiCall(h.system, 'POST', `/complaints/${trackingId}/attachments`, { accessToken, body: { fileName, contentType: 'application/pdf', size: PDF.length } });
  expect(created.status).toBe(201);
  expect((await fetch(created.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: PDF })).status).toBe(200);
  expect((await apiCall(h.system, 'POST', `/complaints/${trackingId}/attachments/${created.body.attachmentId}/complete`, { accessToken })).status).toBe(200);
}

async function openConsole(url: string): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await h.newPage(DESKTOP);
  await signInAt(page, url, 'koordinator');
  return { page, problems };
}

test('the queue finds a new complaint by words of its title and keeps the filters in the address', async () => {
  const trackingId = await file('Jalan berlubang di depan pasar Cepu');
  await file('Lampu jalan padam di Randublatung', { classification: 'ASPIRASI' });
  // Filed ten days ago and never verified: past its verification deadline.
  const past = buildDependencies(h.system.env, { clock: { now: () => new Date(Date.now() - 10 * 86_400_000) } });
  await past.service.submit({ classification: 'PENGADUAN', title: 'Sampah belum diangkut di Jepon', description: 'Sudah sepuluh hari sampah menumpuk.', category: 'lingkungan' } as never);
  const { page, problems } = await openConsole(`${h.web}/konsol/aduan`);
  await page.getByRole('heading', { name: 'Antrean aduan', level: 1 }).waitFor();
  await page.getByRole('heading', { name: /Jumlah aduan tahun \d{4} per status/ }).waitFor();
  await page.getByRole('link', { name: /Jalan berlubang di depan pasar Cepu/ }).waitFor();
  const overdueRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Sampah belum diangkut di Jepon' }) });
  await overdueRow.getByText('Lewat batas').waitFor();
  expect(await page.getByRole('row').filter({ hasText: 'Lewat batas' }).count()).toBe(1);
  await checkPage(page, '30-konsol-antrean');

  await page.setViewportSize(DESKTOP);
  await page.getByLabel('Hanya yang lewat batas verifikasi').check();
  await page.getByRole('button', { name: 'Terapkan saringan' }).click();
  await page.waitForURL((u) => u.searchParams.get('overdue') === 'true');
  await page.getByText('1 aduan ditampilkan.').waitFor();
  await page.getByRole('link', { name: 'Sampah belum diangkut di Jepon' }).waitFor();
  await page.getByRole('button', { name: 'Hapus semua saringan' }).click();
  await page.waitForURL((u) => u.search === '');
  await page.getByRole('link', { name: 'Lampu jalan padam di Randublatung' }).waitFor();

  await page.setViewportSize(DESKTOP);
  await page.getByLabel('Cari nomor pelacakan atau kata pada judul').fill('berlubang pasar');
  await page.getByLabel('Status', { exact: true }).selectOption('SUBMITTED');
  await page.getByLabel('Urutkan').selectOption('oldest');
  await page.getByRole('button', { name: 'Terapkan saringan' }).click();
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
  await page.getByRole('link', { name: 'Lampu jalan padam di Randublatung' }).waitFor();
  await page.getByLabel('Cari nomor pelacakan atau kata pada judul').fill(trackingId);
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.getByRole('link', { name: 'Lampu jalan padam di Randublatung' }).waitFor({ state: 'detached' });
  await page.getByText('1 aduan ditampilkan.').waitFor();
  await page.getByRole('cell', { name: trackingId }).waitFor();

  // A shared link with filters opens the same queue; pages follow the API's cursor, 25 at a time.
  const admin = await h.system.tokenFor('admin');
  for (let i = 1; i <= 26; i++) {
    const keyed = await apiCall(h.system, 'POST', '/admin/complaints', {
      token: admin,
      body: { classification: 'ASPIRASI', title: `Usulan taman baca nomor ${i}`, description: 'Usulan warga lewat surat untuk taman baca desa.', channel: 'LETTER' },
    });
    expect(keyed.status).toBe(201);
  }
  await page.goto(`${h.web}/konsol/aduan?q=taman+baca&classification=ASPIRASI&sort=oldest`);
  await page.getByText('25 aduan ditampilkan.').waitFor();
  expect(await page.getByLabel('Jenis laporan').inputValue()).toBe('ASPIRASI');
  await page.getByRole('link', { name: 'Usulan taman baca nomor 1', exact: true }).waitFor();
  expect(await page.getByRole('link', { name: 'Usulan taman baca nomor 26' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Muat lebih banyak' }).click();
  await page.getByText('26 aduan ditampilkan.').waitFor();
  await page.getByRole('link', { name: 'Usulan taman baca nomor 26' }).waitFor();
  await page.getByRole('button', { name: 'Muat lebih banyak' }).waitFor({ state: 'detached' });
  expect(problems).toEqual([]);
});

test('a complaint found by search is corrected and dispositioned to two agencies through the picker; another goes on hold', async () => {
  const trackingId = await file('Saluran air tersumbat di Kelurahan Mlangsen', { category: 'kesehatan' });
  const onHold = await file('Permohonan data anggaran desa', { classification: 'PERMINTAAN_INFORMASI', anonymous: true });
  await attachPdf(trackingId, 'foto-saluran.pdf');
  const { page, problems } = await openConsole(`${h.web}/konsol/aduan`);
  await page.getByLabel('Cari nomor pelacakan atau kata pada judul').fill('saluran tersumbat');
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.getByRole('link', { name: 'Saluran air tersumbat di Kelurahan Mlangsen' }).click();
  await page.getByRole('heading', { name: 'Saluran air tersumbat di Kelurahan Mlangsen', level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe(`/konsol/aduan/${trackingId}`);
  // A named reporter's contact is on the page for the coordinator.
  await page.getByRole('link', { name: 'siti@contoh.id' }).waitFor();
  await page.getByRole('heading', { name: 'Lampiran' }).waitFor();
  await page.getByRole('link', { name: 'foto-saluran.pdf' }).waitFor();
  await page.getByText('Lampiran ditambahkan').waitFor();
  await checkPage(page, '32-konsol-aduan');

  // The category was wrong: corrected, and the timeline keeps the old value.
  await page.setViewportSize(DESKTOP);
  await page.getByLabel('Kategori', { exact: true }).selectOption('infrastruktur');
  await page.getByRole('button', { name: 'Simpan koreksi' }).click();
  await page.getByRole('status').filter({ hasText: 'Koreksi tersimpan dan tercatat di riwayat.' }).waitFor();
  await page.getByText('Kategori dikoreksi dari “Kesehatan” menjadi “Infrastruktur”').waitFor();

  // Disposition to two agencies, found by typing in the picker and ticked with the keyboard.
  await page.getByLabel('Disposisikan ke perangkat daerah').check();
  const filter = page.getByLabel('Cari perangkat daerah');
  await filter.fill('pekerjaan umum');
  expect(await page.getByRole('group', { name: 'Perangkat daerah tujuan' }).getByRole('checkbox').count()).toBe(1);
  await page.getByRole('checkbox', { name: 'Dinas Pekerjaan Umum dan Penataan Ruang' }).press('Space');
  await filter.fill('lingkungan');
  await page.getByRole('checkbox', { name: 'Dinas Lingkungan Hidup' }).check();
  await page.getByText('2 perangkat daerah dipilih.').waitFor();
  // The reporter's PDF was looked at: released to the public view with the verification.
  await page.getByLabel('Tampilkan lampiran pelapor kepada publik').check();
  await checkPage(page, '33-konsol-aduan-disposisi');
  await page.setViewportSize(DESKTOP);
  await page.getByRole('button', { name: 'Simpan hasil verifikasi' }).click();
  await page.getByRole('status').filter({ hasText: 'Aduan didisposisikan ke 2 perangkat daerah.' }).waitFor();
  await page.getByText('Status: Terdisposisi, belum ditindaklanjuti').waitFor();
  const table = page.getByRole('table', { name: 'Perangkat daerah yang menerima disposisi' });
  await table.getByRole('cell', { name: 'Dinas Pekerjaan Umum dan Penataan Ruang' }).waitFor();
  await table.getByRole('cell', { name: 'Dinas Lingkungan Hidup' }).waitFor();
  await page.getByText('Didisposisikan ke Dinas Lingkungan Hidup').waitFor();
  // Verification is over: only "add a disposition" is left, correction no longer offered.
  expect(await page.getByRole('button', { name: 'Simpan koreksi' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Tambahkan disposisi' }).waitFor();
  const view = await apiCall(h.system, 'GET', `/admin/complaints/${trackingId}`, { token: await h.system.tokenFor('admin') });
  expect(view.body).toMatchObject({ status: 'DISPOSITIONED', category: 'infrastruktur', publicAttachments: true, anonymous: false, agencyIds: expect.arrayContaining(['dpupr', 'dlh']) });
  await checkPage(page, '34-konsol-aduan-terdisposisi');
  // The queue filtered by one of the agencies finds it. On a phone the filters are folded away.
  await page.getByRole('link', { name: 'Kembali ke antrean' }).click();
  await page.getByText('Saringan lain', { exact: true }).click();
  await page.getByLabel('Perangkat daerah').selectOption('dlh');
  await page.getByRole('button', { name: 'Terapkan saringan' }).click();
  await page.waitForURL((u) => u.searchParams.get('agencyId') === 'dlh');
  await page.getByRole('link', { name: 'Permohonan data anggaran desa' }).waitFor({ state: 'detached' });
  await page.getByText('1 aduan ditampilkan.').waitFor();
  await page.getByRole('link', { name: 'Saluran air tersumbat di Kelurahan Mlangsen' }).waitFor();
  await page.getByText('Saringan lain (1 dipakai)').waitFor();
  await checkPage(page, '31b-konsol-antrean-opd');

  // The anonymous one: no identity anywhere on the page, put on hold with a reason.
  await page.setViewportSize(DESKTOP);
  // A reload signs in again without the form (the issuer's session), back to the same address.
  await page.goto(`${h.web}/konsol/aduan/${onHold}`);
  await page.getByRole('heading', { name: 'Permohonan data anggaran desa', level: 1 }).waitFor();
  await page.getByText(/Pelapor memilih anonim/).waitFor();
  expect(await page.getByText('siti@contoh.id').count()).toBe(0);
  expect(await page.getByText('Siti Aminah').count()).toBe(0);
  expect(await page.getByText('Tampilkan identitas', { exact: false }).count()).toBe(0);
  await page.getByLabel('Tunda').check();
  await page.getByLabel('Alasan (boleh dikosongkan)').fill('Menunggu kelengkapan data dari pelapor.');
  await page.getByRole('button', { name: 'Simpan hasil verifikasi' }).click();
  await page.getByRole('status').filter({ hasText: 'Aduan ditunda.' }).waitFor();
  await page.getByText('Status: Ditunda').waitFor();
  await page.getByText('Verifikasi ditunda').waitFor();
  // On hold: no second hold offered, the other verifications still are.
  expect(await page.getByLabel('Tunda').count()).toBe(0);
  await checkPage(page, '35-konsol-aduan-ditunda');

  // Then not our authority: the reason is required, and afterwards nothing is left to do.
  await page.setViewportSize(DESKTOP);
  await page.getByLabel('Bukan wewenang pemerintah daerah').check();
  await page.getByRole('button', { name: 'Simpan hasil verifikasi' }).click();
  await page.getByText('Tuliskan alasannya.').waitFor();
  await page.getByLabel('Alasan (wajib)').fill('Data anggaran desa dikelola pemerintah desa, bukan kabupaten.');
  await page.getByRole('button', { name: 'Simpan hasil verifikasi' }).click();
  await page.getByRole('status').filter({ hasText: 'Aduan ditandai bukan wewenang.' }).waitFor();
  await page.getByText('Tidak ada tindakan yang dapat dilakukan pada status ini.').waitFor();
  await page.getByText('Status: Bukan wewenang').waitFor();
  expect(problems).toEqual([]);
});

test('a phone complaint keyed in for a citizen files once, even after a double click and a lost answer', async () => {
  const { page, problems } = await openConsole(`${h.web}/konsol/aduan/baru`);
  await page.getByRole('heading', { name: 'Input aduan', level: 1 }).waitFor();
  // The form's own checks first.
  await page.getByRole('button', { name: 'Simpan aduan' }).click();
  await page.getByText('Pilih dari mana aduan diterima.').waitFor();
  await page.getByText('Judul aduan paling sedikit 5 karakter.').waitFor();
  await checkPage(page, '36-konsol-input-aduan-salah');

  await page.setViewportSize(DESKTOP);
  await page.getByLabel('Telepon', { exact: true }).check();
  await page.getByLabel('Pengaduan').check();
  await page.getByLabel('Judul aduan').fill('Jembatan desa Kedungtuban retak');
  await page.getByLabel('Uraian aduan').fill('Warga menelepon: retakan di jembatan semakin lebar sejak hujan deras.');
  await page.getByLabel('Kategori').selectOption('infrastruktur');
  await page.getByLabel('Nama pelapor', { exact: true }).fill('Pak Darmo');
  await page.getByLabel('Nomor telepon pelapor').fill('081298765432');
  // The API's refusal names the form's own field, in Indonesian; the same form (and key) then files.
  await page.getByLabel('Email pelapor').fill('darmo@');
  await page.getByRole('button', { name: 'Simpan aduan' }).click();
  await page.getByRole('alert').filter({ hasText: 'Email pelapor: isian belum benar.' }).waitFor();
  await page.getByLabel('Email pelapor').fill('');

  // The first answer is lost on the way back (the complaint is filed); the person clicks again, twice.
  let dropped = false;
  await page.route('**/admin/complaints', async (route) => {
    if (route.request().method() !== 'POST' || dropped) return route.continue();
    dropped = true;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await page.getByRole('button', { name: 'Simpan aduan' }).click();
  await page.getByText('Tidak tersambung ke server. Periksa sambungan, lalu coba lagi.').waitFor();
  await page.getByRole('button', { name: 'Simpan aduan' }).dblclick();
  await page.getByRole('heading', { name: 'Aduan tersimpan', level: 1 }).waitFor();
  const trackingId = (await page.getByRole('definition').first().textContent())!.trim();
  await checkPage(page, '37-konsol-input-aduan-tersimpan');

  const admin = await h.system.tokenFor('admin');
  const listed = await apiCall(h.system, 'GET', `/admin/complaints?q=${encodeURIComponent('Jembatan desa Kedungtuban retak')}&limit=100`, { token: admin });
  expect(listed.body.items.map((i: { trackingId: string }) => i.trackingId)).toEqual([trackingId]);
  const view = await apiCall(h.system, 'GET', `/admin/complaints/${trackingId}`, { token: admin });
  expect(view.body.timeline[0]).toMatchObject({ type: 'SUBMITTED', actor: { role: 'admin' }, details: { channel: 'PHONE' } });

  // The complaint page says how it came in.
  await page.getByRole('link', { name: 'Buka aduan ini' }).click();
  await page.getByText('Aduan diterima melalui telepon, diinput koordinator').waitFor();
  expect(problems).toEqual([]);
});

test('agencies: add one, edit its emails, deactivate it and bring it back', async () => {
  const { page, problems } = await openConsole(`${h.web}/konsol/opd`);
  await page.getByRole('heading', { name: 'Perangkat daerah', level: 1 }).waitFor();
  await page.getByRole('rowheader', { name: 'Dinas Kesehatan', exact: true }).waitFor();
  await checkPage(page, '38-konsol-opd');

  await page.setViewportSize(DESKTOP);
  await page.getByLabel('Kode perangkat daerah').fill('Dinas Pariwisata');
  await page.getByLabel('Nama perangkat daerah').fill('Dinas Kebudayaan dan Pariwisata');
  await page.getByRole('button', { name: 'Tambahkan' }).click();
  await page.getByText('Kode hanya huruf kecil, angka, atau tanda hubung (2–63 karakter).').waitFor();
  await page.getByText('Isi sedikitnya satu alamat email.').waitFor();
  await page.getByLabel('Kode perangkat daerah').fill('disbudpar');
  await page.getByLabel('Alamat email pemberitahuan').fill('disbudpar@blorakab.go.id');
  await page.getByRole('button', { name: 'Tambahkan' }).click();
  await page.getByRole('status').filter({ hasText: 'Dinas Kebudayaan dan Pariwisata ditambahkan.' }).waitFor();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Dinas Kebudayaan dan Pariwisata' }) });

  await row.getByRole('button', { name: 'Ubah Dinas Kebudayaan dan Pariwisata' }).click();
  const edit = page.getByRole('form', { name: 'Ubah Dinas Kebudayaan dan Pariwisata' });
  await edit.getByLabel('Alamat email pemberitahuan').fill('disbudpar@blorakab.go.id\npariwisata@blorakab.go.id');
  await edit.getByRole('button', { name: 'Simpan' }).click();
  await page.getByRole('status').filter({ hasText: 'Dinas Kebudayaan dan Pariwisata tersimpan.' }).waitFor();
  await row.getByText('disbudpar@blorakab.go.id, pariwisata@blorakab.go.id').waitFor();

  await row.getByRole('button', { name: 'Nonaktifkan Dinas Kebudayaan dan Pariwisata' }).click();
  await page.getByRole('status').filter({ hasText: 'Dinas Kebudayaan dan Pariwisata dinonaktifkan' }).waitFor();
  await row.getByText('Nonaktif', { exact: true }).waitFor();
  const admin = await h.system.tokenFor('admin');
  const listed = await apiCall(h.system, 'GET', '/admin/agencies', { token: admin });
  expect(listed.body.items.find((a: { agencyId: string }) => a.agencyId === 'disbudpar')).toMatchObject({ active: false, emails: ['disbudpar@blorakab.go.id', 'pariwisata@blorakab.go.id'] });
  await checkPage(page, '39-konsol-opd-nonaktif');

  await page.setViewportSize(DESKTOP);
  await row.getByRole('button', { name: 'Aktifkan lagi Dinas Kebudayaan dan Pariwisata' }).click();
  await page.getByRole('status').filter({ hasText: 'Dinas Kebudayaan dan Pariwisata aktif kembali.' }).waitFor();
  await row.getByText('Aktif', { exact: true }).waitFor();
  expect(problems).toEqual([]);
});

test('staff accounts: invite an officer for an agency, move them, disable and re-enable the account', async () => {
  const { page, problems } = await openConsole(`${h.web}/konsol/staf`);
  await page.getByRole('heading', { name: 'Akun petugas', level: 1 }).waitFor();
  await page.getByRole('rowheader', { name: /opd-dpupr|dpupr/ }).first().waitFor();
  await checkPage(page, '40-konsol-staf');

  await page.setViewportSize(DESKTOP);
  await page.getByLabel('Email', { exact: true }).fill('rina.opd@blorakab.go.id');
  await page.getByLabel('Nama (boleh dikosongkan)').fill('Rina Wulandari');
  await page.getByLabel('Admin penghubung').check();
  await page.getByRole('button', { name: 'Kirim undangan' }).click();
  await page.getByText('Admin penghubung harus terhubung ke satu perangkat daerah.').waitFor();
  await page.getByLabel('Perangkat daerah', { exact: true }).selectOption('dpupr');
  await page.getByRole('button', { name: 'Kirim undangan' }).click();
  await page.getByRole('status').filter({ hasText: 'Undangan terkirim ke rina.opd@blorakab.go.id.' }).waitFor();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'rina.opd@blorakab.go.id' }) });
  await row.getByText('Diundang, belum pernah masuk').waitFor();
  await row.getByRole('cell', { name: 'Dinas Pekerjaan Umum dan Penataan Ruang' }).waitFor();

  await row.getByRole('button', { name: 'Pindahkan rina.opd@blorakab.go.id ke perangkat daerah lain' }).click();
  await page.getByLabel('Perangkat daerah baru').selectOption('dinkes');
  await page.getByRole('button', { name: 'Simpan' }).click();
  await page.getByRole('status').filter({ hasText: 'Rina Wulandari sekarang admin penghubung Dinas Kesehatan.' }).waitFor();
  await row.getByRole('cell', { name: 'Dinas Kesehatan' }).waitFor();

  await row.getByRole('button', { name: 'Nonaktifkan akun rina.opd@blorakab.go.id' }).click();
  await page.getByRole('status').filter({ hasText: 'Akun Rina Wulandari dinonaktifkan' }).waitFor();
  await row.getByText('Dinonaktifkan', { exact: true }).waitFor();
  const admin = await h.system.tokenFor('admin');
  const listed = await apiCall(h.system, 'GET', '/admin/staff?limit=100', { token: admin });
  expect(listed.body.items.find((u: { email: string }) => u.email === 'rina.opd@blorakab.go.id')).toMatchObject({ role: 'agency', agencyId: 'dinkes', enabled: false });
  await checkPage(page, '41-konsol-staf-nonaktif');

  await page.setViewportSize(DESKTOP);
  await row.getByRole('button', { name: 'Aktifkan lagi akun rina.opd@blorakab.go.id' }).click();
  await page.getByRole('status').filter({ hasText: 'Akun Rina Wulandari aktif kembali.' }).waitFor();
  // The coordinator cannot lock themself out: no button on their own row.
  const own = page.getByRole('row').filter({ hasText: 'Akun Anda' });
  expect(await own.getByRole('button').count()).toBe(0);
  expect(problems).toEqual([]);
});

test('undelivered emails: a notification the email service refused, with the reason in plain words and its complaint linked', async () => {
  const trackingId = await file('Pelayanan KTP elektronik lambat');
  // The failure as the mailer records it: SES refused the reporter's address for good.
  const ledger = new DynamoEmailLedger(toDocumentClient(createDynamoDbClient({ endpoint: h.system.dynamodbEndpoint })), h.system.env.EMAIL_LEDGER_TABLE!);
  const refusing = { send: () => Promise.reject(new PermanentDeliveryError("Missing final '@domain'", 'InvalidParameterValue')) };
  const message = { to: ['siti@contoh'], subject: 'Laporan Anda diterima', html: '<p>Yth.</p>', text: 'Yth.' };
  expect(await deliverOnce({ ledger, mailer: refusing }, `NOTIFY#${trackingId}#1`, message, new Date())).toBe('failed');

  const { page, problems } = await openConsole(`${h.web}/konsol/email-gagal`);
  await page.getByRole('heading', { name: 'Email gagal terkirim', level: 1 }).waitFor();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: `Aduan ${trackingId}` }) });
  await row.getByText('Alamat email penerima tidak valid.').waitFor();
  await row.getByText('Gagal, tidak dikirim ulang').waitFor();
  await row.getByRole('cell', { name: 'siti@contoh' }).waitFor();
  // The provider's own words stay folded away, marked as English.
  expect(await row.getByText("InvalidParameterValue: Missing final '@domain'").isVisible()).toBe(false);
  await row.getByText('Pesan teknis').click();
  expect(await row.locator('[lang="en"]').textContent()).toBe("InvalidParameterValue: Missing final '@domain'");
  await checkPage(page, '42-konsol-email-gagal');

  await page.setViewportSize(DESKTOP);
  await row.getByRole('link', { name: `Aduan ${trackingId}` }).click();
  await page.getByRole('heading', { name: 'Pelayanan KTP elektronik lambat', level: 1 }).waitFor();

  // The console in English too.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: "Coordinator's actions" }).waitFor();
  await page.getByText('Complaint filed').waitFor();
  await checkPage(page, '43-konsol-aduan-en');
  expect(problems).toEqual([]);
});

test('an overdue disposition without follow-up is withdrawn with a reason, and the complaint goes to another agency', async () => {
  // Dispositioned ten days ago to Dinas Perhubungan, which never followed up.
  const past = buildDependencies(h.system.env, { clock: { now: () => new Date(Date.now() - 10 * 86_400_000) } });
  const { change } = await past.service.submit({ classification: 'PENGADUAN', title: 'Rambu jalan roboh di Ngawen', description: 'Rambu roboh sejak angin kencang minggu lalu.', category: 'perhubungan' } as never);
  const trackingId = change.complaint.trackingId;
  await past.service.verify(trackingId, { action: 'DISPOSITION', agencyIds: ['dishub'] }, { role: 'admin', userId: 'koordinator' });

  const { page, problems } = await openConsole(`${h.web}/konsol/aduan/${trackingId}`);
  await page.getByRole('heading', { name: 'Rambu jalan roboh di Ngawen', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Tarik disposisi dari Dinas Perhubungan' }).click();
  await page.getByRole('button', { name: 'Tarik disposisi', exact: true }).click();
  await page.getByText('Tuliskan alasannya.').waitFor();
  await page.getByLabel('Alasan menarik disposisi dari Dinas Perhubungan').fill('Sepuluh hari tanpa tindak lanjut; dialihkan ke DPUPR.');
  await checkPage(page, '44-konsol-aduan-tarik');
  await page.setViewportSize(DESKTOP);
  await page.getByRole('button', { name: 'Tarik disposisi', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Disposisi ke Dinas Perhubungan ditarik.' }).waitFor();
  await page.getByText('Disposisi ke Dinas Perhubungan ditarik koordinator').waitFor();
  await page.getByText('Alasan: Sepuluh hari tanpa tindak lanjut; dialihkan ke DPUPR.').first().waitFor();

  // Re-disposition to another agency.
  await page.getByLabel('Perangkat daerah', { exact: true }).selectOption('dpupr');
  await page.getByRole('button', { name: 'Tambahkan disposisi' }).click();
  await page.getByRole('status').filter({ hasText: 'Disposisi ke Dinas Pekerjaan Umum dan Penataan Ruang ditambahkan.' }).waitFor();
  const table = page.getByRole('table', { name: 'Perangkat daerah yang menerima disposisi' });
  await table.getByRole('cell', { name: 'Dinas Pekerjaan Umum dan Penataan Ruang' }).waitFor();
  const view = await apiCall(h.system, 'GET', `/admin/complaints/${trackingId}`, { token: await h.system.tokenFor('admin') });
  expect(view.body.agencyIds).toEqual(['dpupr']);
  expect(view.body.dispositions.find((d: { agencyId: string }) => d.agencyId === 'dishub')).toMatchObject({ status: 'RETURNED', withdrawReason: 'Sepuluh hari tanpa tindak lanjut; dialihkan ke DPUPR.' });
  await checkPage(page, '45-konsol-aduan-disposisi-ulang');
  expect(problems).toEqual([]);
});
