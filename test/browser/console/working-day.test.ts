// A whole working day through the pages only (issue 12): the coordinator invites an officer for
// agency B, finds a citizen's new complaint by search, corrects its category and dispositions it to
// agencies A and B; A's officer, on a phone, posts a follow-up with a photo and completes it; B's
// newly invited officer signs in for the first time and returns it with a reason; the coordinator
// sees both outcomes on the timeline; the dashboard shows A's %TL as /reports/compliance does and
// the compliance CSV opens.

import { readFileSync } from 'node:fs';
import { emailsTo } from '../../support/ses-store';
import { apiCall, DESKTOP, makeJpeg, PHONE, signInAt, startHarness, type Harness } from '../browser';

jest.setTimeout(240_000);
let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.stop());

const TITLE = 'Lampu penerangan jalan mati di Jl. Diponegoro';
const OFFICER_B = 'wahyu.dinkes@blorakab.go.id';
const pct = (v: number | null) => (v === null ? 'tidak ada data' : `${v.toFixed(2).replace('.', ',')}%`);

test('a working day: invite, search, correct, disposition to two agencies, follow-up and completion, return, timeline, dashboard', async () => {
  // Early morning: a citizen files from a phone (the portal's own tests cover those pages).
  const filed = await apiCall(h.system, 'POST', '/complaints', {
    body: { classification: 'PENGADUAN', title: TITLE, description: 'Sudah seminggu gelap, rawan kecelakaan.', category: 'kesehatan', reporter: { name: 'Ani', email: 'ani@contoh.id' } },
  });
  expect(filed.status).toBe(201);
  const trackingId = filed.body.trackingId as string;

  // 1. The coordinator invites an officer for agency B (Dinas Kesehatan).
  const { page: desk, problems } = await h.newPage(DESKTOP);
  await signInAt(desk, `${h.web}/konsol/staf`, 'koordinator');
  await desk.getByRole('heading', { name: 'Akun petugas', level: 1 }).waitFor();
  await desk.getByLabel('Email', { exact: true }).fill(OFFICER_B);
  await desk.getByLabel('Nama (boleh dikosongkan)').fill('Wahyu Pratama');
  await desk.getByLabel('Admin penghubung').check();
  await desk.getByLabel('Perangkat daerah', { exact: true }).selectOption('dinkes');
  await desk.getByRole('button', { name: 'Kirim undangan' }).click();
  await desk.getByRole('status').filter({ hasText: `Undangan terkirim ke ${OFFICER_B}.` }).waitFor();
  const [invitation] = await emailsTo(OFFICER_B);
  expect(invitation!.body.text).toContain(`Nama pengguna: ${OFFICER_B}`);

  // ...finds the new complaint by words of its title, corrects its category, dispositions it to A and B.
  await desk.getByRole('navigation', { name: 'Menu konsol' }).getByRole('link', { name: 'Antrean aduan' }).click();
  await desk.getByLabel('Cari nomor pelacakan atau kata pada judul').fill('penerangan diponegoro');
  await desk.getByRole('button', { name: 'Cari', exact: true }).click();
  await desk.getByText('1 aduan ditampilkan.').waitFor();
  await desk.getByRole('link', { name: TITLE }).click();
  await desk.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
  await desk.getByLabel('Kategori', { exact: true }).selectOption('infrastruktur');
  await desk.getByRole('button', { name: 'Simpan koreksi' }).click();
  await desk.getByText('Kategori dikoreksi dari “Kesehatan” menjadi “Infrastruktur”').waitFor();
  await desk.getByLabel('Disposisikan ke perangkat daerah').check();
  await desk.getByLabel('Cari perangkat daerah').fill('pekerjaan umum');
  await desk.getByRole('checkbox', { name: 'Dinas Pekerjaan Umum dan Penataan Ruang' }).check();
  await desk.getByLabel('Cari perangkat daerah').fill('kesehatan');
  await desk.getByRole('checkbox', { name: 'Dinas Kesehatan' }).check();
  await desk.getByText('2 perangkat daerah dipilih.').waitFor();
  await desk.getByRole('button', { name: 'Simpan hasil verifikasi' }).click();
  await desk.getByRole('status').filter({ hasText: 'Aduan didisposisikan ke 2 perangkat daerah.' }).waitFor();

  // 2. Agency A's officer, on a phone: a follow-up with a photo, then the final one.
  const { page: phone, problems: phoneProblems } = await h.newPage(PHONE);
  await signInAt(phone, `${h.web}/konsol/disposisi`, 'opd-dpupr');
  await phone.getByRole('list', { name: 'Daftar disposisi' }).getByRole('link', { name: TITLE }).click();
  await phone.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
  await phone.getByLabel('Isi tindak lanjut').fill('Petugas sudah memeriksa tiang lampu; kabel putus akan diganti.');
  await phone.getByLabel('Lampiran').setInputFiles({ name: 'tiang-lampu.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(phone, 1200, 900) });
  await phone.getByText(/tiang-lampu\.jpg \(/).waitFor();
  await phone.getByRole('button', { name: 'Kirim tindak lanjut' }).click();
  await phone.getByText('Tindak lanjut terkirim.').waitFor();
  await phone.getByRole('img', { name: 'tiang-lampu.jpg' }).waitFor();
  await phone.getByLabel('Isi tindak lanjut').fill('Kabel sudah diganti, lampu menyala kembali.');
  await phone.getByLabel(/tindak lanjut akhir/).check();
  await phone.getByRole('button', { name: 'Kirim tindak lanjut' }).click();
  await phone.getByText('Tindak lanjut akhir terkirim. Disposisi selesai.').waitFor();

  // 3. Agency B's new officer signs in for the first time (by email) and returns it with a reason.
  const { page: officerB, problems: officerBProblems } = await h.newPage(PHONE);
  await signInAt(officerB, `${h.web}/konsol/disposisi/${trackingId}`, OFFICER_B);
  await officerB.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
  await officerB.getByRole('button', { name: 'Kembalikan ke koordinator' }).click();
  await officerB.getByLabel('Alasan pengembalian').fill('Penerangan jalan bukan kewenangan Dinas Kesehatan.');
  await officerB.getByRole('button', { name: 'Kembalikan ke koordinator' }).click();
  await officerB.getByText('Disposisi dikembalikan ke koordinator.').waitFor();

  // ...and the coordinator sees both outcomes on the timeline.
  await desk.reload();
  await desk.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
  await desk.getByText('Dinas Pekerjaan Umum dan Penataan Ruang menyelesaikan tindak lanjut').waitFor();
  await desk.getByText('Dinas Kesehatan mengembalikan disposisi (bukan wewenang)').waitFor();
  await desk.getByText('Penerangan jalan bukan kewenangan Dinas Kesehatan.', { exact: true }).waitFor();

  // 4. The dashboard: agency A's %TL as /reports/compliance gives it; the compliance CSV opens.
  await desk.getByRole('navigation', { name: 'Menu konsol' }).getByRole('link', { name: 'Kepatuhan' }).click();
  const year = new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).slice(0, 4);
  const report = (await apiCall(h.system, 'GET', `/reports/compliance?period=${year}`, { token: await h.system.tokenFor('admin') })).body;
  const a = report.agencies.find((row: { agencyId: string }) => row.agencyId === 'dpupr');
  expect(a).toMatchObject({ received: 1, completed: 1, pctTL: 100 });
  const table = desk.getByRole('table', { name: /^Kepatuhan perangkat daerah, periode/ });
  const cells = await table.getByRole('row', { name: new RegExp(`^${a.name}`) }).getByRole('cell').allTextContents();
  expect(cells[0]).toBe(pct(a.pctTL));
  const [file] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('button', { name: 'Unduh CSV kepatuhan' }).click()]);
  const csv = readFileSync((await file.path())!, 'utf8');
  expect(csv.split('\n').find((line) => line.includes('dpupr'))).toContain(a.name);
  expect([...problems, ...phoneProblems, ...officerBProblems]).toEqual([]);
});
