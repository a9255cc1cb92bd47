// Notifications through the transactional outbox, end to end on the local stand-ins: state
// changes write outbox items in their transaction, DynamoDB Local's stream feeds the mailer
// handler (as the cloud's event source mapping does), SES captures the emails.

import { randomUUID } from 'node:crypto';
import { createStreamPoller, type StreamPoller } from '../../lib/local/stream-poller';
import { SesMailer, createSesClient } from '../../functions/adapters/ses-mailer';
import { verifyComplaint } from '../../functions/core/lifecycle';
import type { Actor } from '../../functions/core/model';
import { buildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import { createHandler as createMailerHandler } from '../../functions/handlers/mailer';
import { PermanentDeliveryError } from '../../functions/ports/mail';
import { createTestEnvironment } from '../support/dynamodb';
import { emailsTo } from '../support/ses-store';

const admin: Actor = { role: 'admin', userId: 'koordinator' };
const officer = (agencyId: string): Actor => ({ role: 'agency', agencyId, userId: `${agencyId}-admin` });

let deps: Dependencies;
let poller: StreamPoller;
let env: Record<string, string | undefined>;
const clock = { at: new Date('2026-11-23T02:00:00Z') }; // Monday 09:00 WIB
const domain = `n${randomUUID().slice(0, 8)}.example.go.id`;
const rejected = `ditolak@${domain}`;

beforeAll(async () => {
  env = await createTestEnvironment(domain);
  const ses = new SesMailer(createSesClient({ endpoint: process.env.SES_ENDPOINT }), { sender: `lapor@${domain}` });
  deps = buildDependencies(env, {
    clock: { now: () => clock.at },
    // SES refuses this one address for good, as it does for a suppressed one.
    mailer: {
      send: (message) =>
        message.to.includes(rejected) ? Promise.reject(new PermanentDeliveryError('Address is on the suppression list')) : ses.send(message),
    },
  });
  for (const agencyId of ['jalan', 'air']) {
    await deps.agencies.put({ agencyId, name: `Dinas ${agencyId}`, emails: [`${agencyId}@${domain}`], active: true, updatedAt: clock.at.toISOString() });
  }
  poller = createStreamPoller({ endpoint: env.DYNAMODB_ENDPOINT!, tableName: env.COMPLAINTS_TABLE!, handler: createMailerHandler(deps) });
});

afterAll(() => poller?.stop());

let lastToken = '';

async function submit(reporter: Record<string, string> | undefined, extra: Record<string, unknown> = {}) {
  const { change, accessToken } = await deps.service.submit({
    classification: 'PENGADUAN',
    title: 'Pipa air bocor di Jalan Pemuda',
    description: 'Air terbuang sejak tiga hari dan jalan menjadi licin.',
    ...(reporter && { reporter }),
    ...extra,
  });
  lastToken = accessToken;
  return change.complaint.trackingId;
}

test('each lifecycle event reaches the right person, in Indonesian, with what to do next', async () => {
  const reporter = `pelapor1@${domain}`;
  const id = await submit({ name: 'Budi', email: reporter, phone: '+62 812 7777 8888' });
  await deps.service.verify(id, { action: 'DISPOSITION', agencyIds: ['jalan', 'air'] }, admin);
  await poller.drain();

  const [verified, ...more] = await emailsTo(reporter);
  expect(more).toHaveLength(0);
  expect(verified!.subject).toBe(`[Kabupaten Uji] Laporan ${id} diverifikasi dan diteruskan`);
  expect(verified!.body.text).toContain('telah diverifikasi dan diteruskan kepada: Dinas jalan, Dinas air');
  expect(verified!.body.html).toContain('<p');

  const [disposition] = await emailsTo(`jalan@${domain}`);
  expect(disposition!.subject).toBe(`[Kabupaten Uji] Disposisi baru ${id}: Pipa air bocor di Jalan Pemuda`);
  expect(disposition!.body.text).toContain('Batas waktu tindak lanjut: 30 November 2026');
  for (const secret of ['Budi', reporter, '7777']) expect(JSON.stringify(disposition)).not.toContain(secret);

  await deps.service.followUp(id, 'jalan', { message: 'Petugas sudah memeriksa lokasi.' }, officer('jalan'));
  await poller.drain();
  const followUp = (await emailsTo(reporter)).find((m) => m.subject.includes('Tindak lanjut baru'));
  expect(followUp!.body.text).toContain('Dinas jalan menindaklanjuti laporan Anda');
  expect(followUp!.body.text).toContain('Petugas sudah memeriksa lokasi.');

  await deps.service.followUp(id, 'jalan', { message: 'Pipa sudah diganti.', final: true }, officer('jalan'));
  await deps.service.followUp(id, 'air', { message: 'Aliran air normal kembali.', final: true }, officer('air'));
  await poller.drain();
  const afterCompletion = await emailsTo(reporter);
  // verified, first follow-up, the final follow-up of "jalan", then "completed" (which carries the last one).
  expect(afterCompletion.map((m) => m.subject.replace(`[Kabupaten Uji] `, ''))).toEqual([
    `Laporan ${id} diverifikasi dan diteruskan`,
    `Tindak lanjut baru untuk laporan ${id}`,
    `Tindak lanjut baru untuk laporan ${id}`,
    `Laporan ${id} selesai ditindaklanjuti`,
  ]);
  expect(afterCompletion[3]!.body.text).toContain('Aliran air normal kembali.');
  expect(afterCompletion[3]!.body.text).toContain('buka kembali laporan dalam 30 hari');

  // The reporter's access token is in no email at all.
  const token = lastToken;
  const all = await emailsTo(reporter, `jalan@${domain}`, `air@${domain}`);
  expect(all.map((m) => `${m.body.text}${m.body.html}`).join(' ')).not.toContain(token);
});

test('a reopened complaint tells the reporter and every agency whose work reopened', async () => {
  const reporter = `pelapor2@${domain}`;
  const id = await submit({ email: reporter });
  await deps.service.verify(id, { action: 'DISPOSITION', agencyIds: ['air'] }, admin);
  await deps.service.followUp(id, 'air', { message: 'Selesai diperbaiki.', final: true }, officer('air'));
  await deps.service.respond(id, lastToken, { message: 'Masih bocor di ujung gang.', reopen: true });
  await poller.drain();
  expect((await emailsTo(reporter)).map((m) => m.subject)).toContain(`[Kabupaten Uji] Laporan ${id} dibuka kembali`);
  const agencyMail = (await emailsTo(`air@${domain}`)).find((m) => m.subject.includes('dibuka kembali oleh pelapor'));
  expect(agencyMail!.body.text).toContain('Tanggapan pelapor: Masih bocor di ujung gang.');
});

test('a reporter who opted out, or gave no email, gets nothing; agencies still hear', async () => {
  const reporter = `diam@${domain}`;
  const optedOut = await submit({ email: reporter }, { emailUpdates: false });
  const noEmail = await submit(undefined);
  for (const id of [optedOut, noEmail]) await deps.service.verify(id, { action: 'DISPOSITION', agencyIds: ['jalan'] }, admin);
  await poller.drain();
  expect(await emailsTo(reporter)).toHaveLength(0);
  const subjects = (await emailsTo(`jalan@${domain}`)).map((m) => m.subject);
  for (const id of [optedOut, noEmail]) expect(subjects.some((s) => s.includes(id))).toBe(true);
});

test('a replayed stream sends nothing twice', async () => {
  const reporter = `ulang@${domain}`;
  const id = await submit({ email: reporter });
  await deps.service.verify(id, { action: 'HOLD', reason: 'Menunggu kelengkapan data' }, admin);
  await poller.drain();
  const before = (await emailsTo(reporter, `jalan@${domain}`, `air@${domain}`)).length;
  expect((await emailsTo(reporter))[0]!.subject).toBe(`[Kabupaten Uji] Laporan ${id} ditunda`);
  // A second reader starts from the beginning of the stream: every notification is seen again.
  const replay = createStreamPoller({ endpoint: env.DYNAMODB_ENDPOINT!, tableName: env.COMPLAINTS_TABLE!, handler: createMailerHandler(deps) });
  expect(await replay.drain()).toBeGreaterThan(0);
  await replay.stop();
  expect((await emailsTo(reporter, `jalan@${domain}`, `air@${domain}`)).length).toBe(before);
});

test('a state change whose transaction fails leaves no notification behind', async () => {
  const reporter = `gagal@${domain}`;
  const id = await submit({ email: reporter });
  const stale = await deps.service.get(id);
  await deps.service.verify(id, { action: 'DISPOSITION', agencyIds: ['air'] }, admin);
  const losing = verifyComplaint(stale, { action: 'ARCHIVE', reason: 'Duplikat' }, admin, { now: clock.at, calendar: deps.calendar, settings: deps.settings });
  expect(losing.notifications).toHaveLength(1);
  await expect(deps.complaints.commit(losing)).rejects.toMatchObject({ code: 'CONCURRENT_MODIFICATION' });
  await poller.drain();
  const subjects = (await emailsTo(reporter)).map((m) => m.subject);
  expect(subjects).toEqual([`[Kabupaten Uji] Laporan ${id} diverifikasi dan diteruskan`]);
});

test('an address SES refuses is recorded on the timeline, not retried', async () => {
  const id = await submit({ email: rejected });
  await deps.service.verify(id, { action: 'DISPOSITION', agencyIds: ['air'] }, admin);
  await poller.drain();
  await poller.drain();
  const record = await deps.service.get(id);
  const failures = record.timeline.filter((e) => e.type === 'NOTIFICATION_FAILED');
  expect(failures).toHaveLength(1);
  expect(failures[0]!.details).toMatchObject({ kind: 'COMPLAINT_VERIFIED', recipient: 'reporter' });
  expect(await emailsTo(rejected)).toHaveLength(0);
});

test('the daily digest lists each agency its pending dispositions due today, tomorrow or overdue', async () => {
  const digestDomainAgency = 'digest';
  await deps.agencies.put({ agencyId: digestDomainAgency, name: 'Dinas Digest', emails: [`digest@${domain}`], active: true, updatedAt: clock.at.toISOString() });
  clock.at = new Date('2026-11-16T02:00:00Z'); // Monday: deadline Monday 23 November
  const old = await submit(undefined);
  await deps.service.verify(old, { action: 'DISPOSITION', agencyIds: [digestDomainAgency] }, admin);
  clock.at = new Date('2026-11-17T02:00:00Z'); // deadline Tuesday 24 November
  const soon = await submit(undefined);
  await deps.service.verify(soon, { action: 'DISPOSITION', agencyIds: [digestDomainAgency] }, admin);
  clock.at = new Date('2026-11-23T02:00:00Z');
  const fresh = await submit(undefined); // deadline next week: not listed
  await deps.service.verify(fresh, { action: 'DISPOSITION', agencyIds: [digestDomainAgency] }, admin);

  const morning = new Date('2026-11-24T01:00:00Z'); // Tuesday 08:00 WIB
  const run = await deps.notifications.sendDigests(morning);
  expect(run.find((r) => r.agencyId === digestDomainAgency)).toEqual({ agencyId: digestDomainAgency, delivery: 'sent', dispositions: 2 });
  await deps.notifications.sendDigests(morning);
  const digests = (await emailsTo(`digest@${domain}`)).filter((m) => m.subject.includes('perlu ditindaklanjuti'));
  expect(digests).toHaveLength(1);
  expect(digests[0]!.subject).toBe('[Kabupaten Uji] 2 disposisi Dinas Digest perlu ditindaklanjuti (1 terlambat)');
  expect(digests[0]!.body.text).toContain(`${old} |`);
  expect(digests[0]!.body.text).toContain('(terlambat)');
  expect(digests[0]!.body.text).toContain(`${soon} |`);
  expect(digests[0]!.body.text).toContain('(hari ini)');
  expect(digests[0]!.body.text).not.toContain(fresh);
});
