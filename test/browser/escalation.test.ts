// "Teruskan ke Ombudsman" on a phone: 60 days without a follow-up, the reporter forwards the
// complaint, consents (or not) to sharing their contact, and sees the forward's real state (queued,
// then sent) — and the Ombudsman's email carries the contact only with consent.

import { buildDependencies } from '../../functions/handlers/dependencies';
import { emailsTo } from '../support/ses-store';
import { apiCall, checkPage, eventually, startHarness, type Harness } from './browser';

jest.setTimeout(180_000);
const DAY = 86_400_000;
const OMBUDSMAN = 'jateng@ombudsman.go.id';
/** The system's clock runs this far ahead of the real one. */
let clockOffsetMs = 0;
let h: Harness;
beforeAll(
  async () =>
    (h = await startHarness({
      buildDependencies: (env, provided) => buildDependencies(env, { ...provided, clock: { now: () => new Date(Date.now() + clockOffsetMs) } }),
    })),
);
afterAll(() => h?.stop());

async function dispositioned(extra: Record<string, unknown>) {
  const filed = await apiCall(h.system, 'POST', '/complaints', {
    body: { classification: 'PENGADUAN', description: 'Saluran air tersumbat sejak bulan lalu, air meluap ke rumah warga.', category: 'infrastruktur', ...extra },
  });
  expect(filed.status).toBe(201);
  const admin = await h.system.tokenFor('admin');
  const verified = await apiCall(h.system, 'POST', `/admin/complaints/${filed.body.trackingId}/verification`, { token: admin, body: { action: 'DISPOSITION', agencyIds: ['dpupr'] } });
  expect(verified.status).toBe(200);
  return { trackingId: filed.body.trackingId as string, code: filed.body.accessToken as string };
}

const forwardedEmail = async (trackingId: string) => (await emailsTo(OMBUDSMAN)).find((e) => `${e.subject}${e.body.text}`.includes(trackingId));

test('after 60 days the reporter forwards to the Ombudsman with consent, sees it queued then sent', async () => {
  const named = await dispositioned({ title: 'Saluran air tersumbat di Jl. Sudirman', reporter: { name: 'Sri Wahyuni', email: 'sri.ombudsman@contoh.id' } });
  const { page, problems } = await h.newPage();
  await page.goto(`${h.web}/lacak/${named.trackingId}#kode=${encodeURIComponent(named.code)}`);
  await page.getByRole('heading', { name: 'Saluran air tersumbat di Jl. Sudirman', level: 1 }).waitFor();
  // Before the deadline there is nothing to forward.
  expect(await page.getByRole('heading', { name: 'Teruskan ke Ombudsman' }).count()).toBe(0);

  clockOffsetMs = 61 * DAY;
  await page.reload();
  await page.getByRole('heading', { name: 'Teruskan ke Ombudsman' }).waitFor();
  await page.getByRole('checkbox', { name: 'Bagikan nama, email, dan nomor telepon saya kepada Ombudsman' }).check();
  await checkPage(page, '30-teruskan-ombudsman');
  await page.getByRole('button', { name: 'Teruskan ke Ombudsman sekarang' }).click();
  // The action is done and gone; the state of the forward is announced in its place.
  await page.getByRole('status').getByText(/(Sedang|Sudah) dikirim ke Ombudsman\./).waitFor();
  // The outbox sends it shortly after; the page says what really happened, once it has.
  const email = await eventually(() => forwardedEmail(named.trackingId));
  await page.reload();
  await page.getByText('Sudah dikirim ke Ombudsman.').waitFor();
  expect(await page.getByRole('heading', { name: 'Teruskan ke Ombudsman' }).count()).toBe(0);
  await checkPage(page, '31-diteruskan-ombudsman');
  expect(email.body.text).toContain('sri.ombudsman@contoh.id');
  expect(problems).toEqual([]);
});

test("an anonymous reporter is told the Ombudsman gets no contact, and the email carries none", async () => {
  clockOffsetMs = 0;
  const anonymous = await dispositioned({ title: 'Pungutan di loket KTP', anonymous: true, reporter: { name: 'Budi Santoso', email: 'budi.anonim@contoh.id' } });
  clockOffsetMs = 61 * DAY;
  const { page } = await h.newPage();
  await page.goto(`${h.web}/lacak/${anonymous.trackingId}#kode=${encodeURIComponent(anonymous.code)}`);
  await page.getByRole('heading', { name: 'Teruskan ke Ombudsman' }).waitFor();
  expect(await page.getByRole('checkbox').count()).toBe(0);
  await page.getByText('Ombudsman tidak menerima nama dan kontak Anda.').waitFor();
  await page.getByRole('button', { name: 'Teruskan ke Ombudsman sekarang' }).click();
  await page.getByRole('status').getByText(/(Sedang|Sudah) dikirim ke Ombudsman\./).waitFor();
  const text = (await eventually(() => forwardedEmail(anonymous.trackingId))).body.text ?? '';
  expect(text).not.toContain('budi.anonim@contoh.id');
  expect(text).not.toContain('Budi Santoso');
});
