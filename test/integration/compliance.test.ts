// The compliance engine against DynamoDB Local and the SES stand-in: Blora's real numbers, the
// warning cadence, effectively-once email under reruns and an injected SES failure, escalation
// on day 59 vs day 60, and reconciliation.

import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { countersPk } from '../../functions/adapters/dynamodb/keys';
import type { Actor, Agency } from '../../functions/core/model';
import { periodsOf } from '../../functions/core/periods';
import { buildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import { createHandler as createJobsHandler } from '../../functions/handlers/jobs';
import { createHandler as createMailerHandler } from '../../functions/handlers/mailer';
import { createStreamPoller } from '../../lib/local/stream-poller';
import type { Mailer } from '../../functions/ports/mail';
import { SesMailer, createSesClient } from '../../functions/adapters/ses-mailer';
import { createTestEnvironment } from '../support/dynamodb';
import { emailsTo } from '../support/ses-store';

const admin: Actor = { role: 'admin', userId: 'koordinator' };
const officer = (agencyId: string): Actor => ({ role: 'agency', agencyId, userId: `${agencyId}-admin` });

interface World {
  deps: Dependencies;
  clock: { at: Date };
  domain: string;
  agencies: Record<string, Agency>;
  coordinator: string;
  ombudsman: string;
  env: Record<string, string | undefined>;
}

async function createWorld(agencyIds: string[], options: { mailer?: (real: Mailer) => Mailer } = {}): Promise<World> {
  const domain = `t${randomUUID().slice(0, 8)}.example.go.id`;
  const env = await createTestEnvironment(domain);
  const clock = { at: new Date('2026-11-02T02:00:00Z') };
  const real = new SesMailer(createSesClient({ endpoint: process.env.SES_ENDPOINT }), { sender: env.EMAIL_SENDER });
  const deps = buildDependencies(env, {
    clock: { now: () => clock.at },
    ...(options.mailer && { mailer: options.mailer(real) }),
  });
  const agencies: Record<string, Agency> = {};
  for (const agencyId of agencyIds) {
    const agency = { agencyId, name: `Dinas ${agencyId.toUpperCase()}`, emails: [`${agencyId}@${domain}`], active: true, updatedAt: clock.at.toISOString() };
    await deps.agencies.put(agency);
    agencies[agencyId] = agency;
  }
  return { deps, clock, domain, agencies, coordinator: env.EMAIL_COORDINATOR, ombudsman: env.EMAIL_OMBUDSMAN, env };
}

/** Files one complaint, dispositions it to the agency, and brings the disposition to `state`. */
async function seedDisposition(world: World, agencyId: string, state: 'PENDING' | 'IN_PROGRESS' | 'COMPLETED', title: string) {
  const { service } = world.deps;
  const { change } = await service.submit({
    classification: 'PENGADUAN',
    title,
    description: 'Laporan warga untuk pengujian kepatuhan.',
    reporter: { email: `warga+${randomUUID().slice(0, 6)}@${world.domain}` },
  });
  const id = change.complaint.trackingId;
  await service.verify(id, { action: 'DISPOSITION', agencyIds: [agencyId] }, admin);
  if (state !== 'PENDING') await service.followUp(id, agencyId, { message: 'Sedang ditangani' }, officer(agencyId));
  if (state === 'COMPLETED') await service.followUp(id, agencyId, { message: 'Selesai', final: true }, officer(agencyId));
  return id;
}

async function seedMany(world: World, agencyId: string, counts: { pending: number; inProgress: number; completed: number }) {
  const plan = [
    ...Array(counts.pending).fill('PENDING'),
    ...Array(counts.inProgress).fill('IN_PROGRESS'),
    ...Array(counts.completed).fill('COMPLETED'),
  ] as Array<'PENDING' | 'IN_PROGRESS' | 'COMPLETED'>;
  for (const [i, state] of plan.entries()) await seedDisposition(world, agencyId, state, `Laporan ${agencyId} ${i + 1}`);
}

const monday = new Date('2026-11-30T01:00:00Z'); // Monday 08:00 WIB
const tuesday = new Date('2026-12-01T01:00:00Z');

describe("Blora's numbers: 17 of 32 warns, 37 of 50 does not, nothing received is no data", () => {
  let world: World;

  beforeAll(async () => {
    world = await createWorld(['bawah', 'atas', 'kosong']);
    await seedMany(world, 'bawah', { pending: 15, inProgress: 9, completed: 8 });
    await seedMany(world, 'atas', { pending: 13, inProgress: 17, completed: 20 });
  }, 120_000);

  test('the job computes %TL per agency and the region, warns only below 60, and sends the coordinator a ranking', async () => {
    const run = await world.deps.compliance.runCompliance(monday);
    const byId = Object.fromEntries(run.year.agencies.map((a) => [a.agencyId, a]));
    expect(byId.bawah).toMatchObject({ received: 32, followedUp: 17, pending: 15, pctTL: 53.13, belowThreshold: true });
    expect(byId.atas).toMatchObject({ received: 50, followedUp: 37, pctTL: 74, belowThreshold: false });
    expect(byId.kosong).toMatchObject({ received: 0, pctTL: null, belowThreshold: false });
    // Every disposition was made on 2 November; five working days later they are overdue.
    expect(byId.bawah?.overdue).toBe(15);
    expect(byId.bawah?.medianHoursToFirstFollowUp).toBe(0);
    expect(run.year.region).toMatchObject({ received: 82, followedUp: 54, pctTL: 65.85 });
    expect(run.year.agencies.map((a) => a.agencyId)).toEqual(['bawah', 'atas', 'kosong']);
    expect(run.warnings).toEqual([{ agencyId: 'bawah', delivery: 'sent' }]);
    expect(run.summary).toBe('sent');

    const [warning, ...extra] = await emailsTo(world.agencies.bawah!.emails[0]!);
    expect(extra).toHaveLength(0);
    expect(warning!.subject).toBe('[Kabupaten Uji] Peringatan %TL Dinas BAWAH: 53,13% (di bawah 60%)');
    expect(warning!.body.text).toContain('Rata-rata Kabupaten Uji adalah 65,85%');
    expect(warning!.body.text).toContain('Laporan yang menunggu (24):');
    expect(warning!.body.text).toContain('Laporan bawah 1 | menunggu 28 hari');
    expect(warning!.body.html).toContain('<table');
    expect(await emailsTo(world.agencies.atas!.emails[0]!, world.agencies.kosong!.emails[0]!)).toHaveLength(0);

    const [summary] = await emailsTo(world.coordinator);
    expect(summary!.subject).toContain('1 perangkat daerah di bawah 60%');
    const text = summary!.body.text!;
    expect(text.indexOf('Dinas BAWAH')).toBeLessThan(text.indexOf('Dinas ATAS'));
    expect(text).toMatch(/1\. Dinas BAWAH: 53,13% \(17\/32\).*DI BAWAH/);
  });

  test('running the job again the same week sends nothing more', async () => {
    for (const at of [monday, monday, tuesday]) {
      const run = await world.deps.compliance.runCompliance(at);
      expect(run.warnings.every((w) => w.delivery === 'already-sent')).toBe(true);
    }
    expect(await emailsTo(world.agencies.bawah!.emails[0]!)).toHaveLength(1);
    expect(await emailsTo(world.coordinator)).toHaveLength(1);
  });

  test('snapshots keep the history for trends', async () => {
    const history = await world.deps.complianceRepository.listSnapshots('bawah', '2026');
    expect(history.map((s) => s.asOf)).toEqual(['2026-11-30', '2026-12-01']);
    expect(history[0]).toMatchObject({ pctTL: 53.13, received: 32, belowThreshold: true });
  });

  test('the next cadence period warns again', async () => {
    await world.deps.compliance.runCompliance(new Date('2026-12-07T01:00:00Z'));
    expect(await emailsTo(world.agencies.bawah!.emails[0]!)).toHaveLength(2);
  });
});

test('an agency that falls below mid-week is warned on the next run, once', async () => {
  const world = await createWorld(['turun']);
  await seedMany(world, 'turun', { pending: 1, inProgress: 0, completed: 3 });
  await world.deps.compliance.runCompliance(monday); // 75%: fine
  world.clock.at = new Date('2026-12-01T03:00:00Z');
  await seedMany(world, 'turun', { pending: 3, inProgress: 0, completed: 0 }); // 3 of 7 = 42.86%
  const wednesday = new Date('2026-12-02T01:00:00Z');
  const run = await world.deps.compliance.runCompliance(wednesday);
  expect(run.year.agencies[0]).toMatchObject({ pctTL: 42.86, belowThreshold: true });
  expect(run.warnings).toEqual([{ agencyId: 'turun', delivery: 'sent' }]);
  await world.deps.compliance.runCompliance(new Date('2026-12-03T01:00:00Z'));
  expect(await emailsTo(world.agencies.turun!.emails[0]!)).toHaveLength(1);
}, 60_000);

test('three runs and a retry after an SES failure still send exactly one warning per agency', async () => {
  let failNext = true;
  const world = await createWorld(['gagal', 'lain'], {
    mailer: (real) => ({
      async send(message) {
        if (failNext && message.to.some((to) => to.startsWith('gagal@'))) {
          failNext = false;
          throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
        }
        return real.send(message);
      },
    }),
  });
  await seedMany(world, 'gagal', { pending: 2, inProgress: 0, completed: 1 });
  await seedMany(world, 'lain', { pending: 3, inProgress: 0, completed: 0 });
  const handler = createJobsHandler(world.deps);
  const event = { job: 'compliance' as const, time: monday.toISOString() };
  // The failed send is deferred, not settled and not thrown: the run goes on to the other agency.
  await expect(handler(event)).resolves.toMatchObject({ warningsSent: 1, warningsFailed: 1 });
  const undelivered = (await world.deps.undelivered.listUndelivered({ limit: 100 })).items;
  expect(undelivered).toEqual([expect.objectContaining({ state: 'RETRYING', attempts: 1, reason: 'ServiceUnavailable: Service unavailable' })]);
  // A rerun (or the redelivery job) takes the deferred claim and delivers it, once.
  for (let i = 0; i < 3; i++) await handler(event);
  expect(await emailsTo(world.agencies.gagal!.emails[0]!)).toHaveLength(1);
  expect(await emailsTo(world.agencies.lain!.emails[0]!)).toHaveLength(1);
}, 60_000);

describe('escalation', () => {
  let world: World;
  let trackingId: string;
  let accessToken: string;
  let reporter: string;
  const submittedAt = new Date('2026-01-05T03:00:00Z');

  beforeAll(async () => {
    world = await createWorld(['lambat']);
    world.clock.at = submittedAt;
    reporter = `pelapor@${world.domain}`;
    const { change, accessToken: token } = await world.deps.service.submit({
      classification: 'PENGADUAN',
      title: 'Lampu jalan mati',
      description: 'Lampu jalan di depan balai desa mati sejak lama.',
      reporter: { name: 'Wati', email: reporter },
    });
    trackingId = change.complaint.trackingId;
    accessToken = token;
    await world.deps.service.verify(trackingId, { action: 'DISPOSITION', agencyIds: ['lambat'] }, admin);
  });

  test('day 59 is not yet eligible; day 60 is, and the reporter is told once', async () => {
    const day59 = new Date(submittedAt.getTime() + 59 * 86_400_000);
    const day60 = new Date(submittedAt.getTime() + 60 * 86_400_000);
    expect((await world.deps.compliance.runEscalation(day59)).newlyEligible).toEqual([]);
    world.clock.at = day59;
    await expect(world.deps.service.escalate(trackingId, accessToken)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await world.deps.compliance.runEscalation(day60)).newlyEligible).toEqual([trackingId]);
    expect((await world.deps.compliance.runEscalation(day60)).newlyEligible).toEqual([]);
    // The reporter's notice went into the outbox with the mark; the stream mailer sends it, once.
    const poller = createStreamPoller({
      endpoint: process.env.DYNAMODB_ENDPOINT!,
      tableName: world.env.COMPLAINTS_TABLE!,
      handler: createMailerHandler(world.deps),
    });
    await poller.drain();
    await poller.drain();
    await poller.stop();
    const notices = (await emailsTo(reporter)).filter((m) => m.subject.includes('Ombudsman'));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe(`[Kabupaten Uji] Laporan ${trackingId} dapat diteruskan ke Ombudsman`);
    expect(notices[0]!.body.text).not.toContain(accessToken);
    const record = await world.deps.service.get(trackingId);
    expect(record.complaint.escalationEligibleAt).toBe(day60.toISOString());
    expect(record.timeline.at(-1)?.type).toBe('ESCALATION_ELIGIBLE');

    // The agency's compliance counts it, and lists it in its warning.
    const run = await world.deps.compliance.runCompliance(day60);
    expect(run.year.agencies[0]?.escalationEligible).toBe(1);
    const warning = (await emailsTo(world.agencies.lambat!.emails[0]!)).find((m) => m.subject.includes('Peringatan %TL'));
    expect(warning!.body.text).toContain('dapat diteruskan ke Ombudsman');
  });

  test('the reporter forwards it: QUEUED, then SENT by the outbox mailer, once, even after the ledger expired', async () => {
    const at = new Date(submittedAt.getTime() + 61 * 86_400_000);
    world.clock.at = at;
    const change = await world.deps.service.escalate(trackingId, accessToken, { shareContact: true });
    expect(change.complaint.status).toBe('ESCALATED');
    // Nothing is sent by the request itself: the forward waits in the outbox.
    expect(change.complaint.escalation).toMatchObject({ status: 'QUEUED', shareContact: true });
    expect(await emailsTo(world.ombudsman)).toHaveLength(0);
    // One poller, as the stream's event source mapping keeps one position: records are read once.
    const poller = createStreamPoller({ endpoint: process.env.DYNAMODB_ENDPOINT!, tableName: world.env.COMPLAINTS_TABLE!, handler: createMailerHandler(world.deps) });
    const drain = () => poller.drain();
    await drain();
    const mails = await emailsTo(world.ombudsman);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(trackingId);
    expect(mails[0]!.body.text).toContain('Lampu jalan mati');
    expect(mails[0]!.body.text).toContain(reporter);
    const record = await world.deps.service.get(trackingId);
    expect(record.complaint.escalation).toMatchObject({ status: 'SENT' });
    expect(record.timeline.at(-1)?.type).toBe('ESCALATION_SENT');

    // Years later, with every ledger item expired by TTL, the daily job still sends nothing again:
    // it reads only complaints whose clock is due, and the forward lives in the outbox alone.
    const ledger = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
    const { Items = [] } = await ledger.send(new ScanCommand({ TableName: world.env.EMAIL_LEDGER_TABLE }));
    for (const item of Items) await ledger.send(new DeleteCommand({ TableName: world.env.EMAIL_LEDGER_TABLE, Key: { pk: item.pk, sk: item.sk } }));
    const later = new Date(at.getTime() + 500 * 86_400_000);
    const run = await world.deps.compliance.runEscalation(later);
    expect(run.checked).toBe(0);
    await drain();
    await poller.stop();
    expect(await emailsTo(world.ombudsman)).toHaveLength(1);
    world.clock.at = at;
    await expect(world.deps.service.escalate(trackingId, accessToken)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});

test('reconciliation finds and repairs drifted counters, then finds none', async () => {
  const world = await createWorld(['hitung']);
  await seedMany(world, 'hitung', { pending: 2, inProgress: 1, completed: 1 });
  const client = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  await client.send(
    new PutCommand({
      TableName: world.env.AGENCIES_TABLE,
      Item: { pk: countersPk('hitung'), sk: '2026-11', agencyId: 'hitung', period: '2026-11', received: 9, pending: 9, inProgress: 0, completed: 0, firstFollowUpHours: [] },
    }),
  );
  const first = await world.deps.compliance.reconcile();
  expect(first.drift).toHaveLength(1);
  expect(first.drift[0]).toMatchObject({ agencyId: 'hitung', period: '2026-11', recount: { received: 4, pending: 2, inProgress: 1, completed: 1 } });
  expect(first.repaired).toBe(1);
  const second = await world.deps.compliance.reconcile();
  expect(second.drift).toEqual([]);
  const [counters] = await world.deps.complianceRepository.getCounters(['hitung'], ['2026-11']);
  expect(counters).toMatchObject({ received: 4, pending: 2, inProgress: 1, completed: 1 });
}, 60_000);

test('reconciliation repairs a counter item that has no hours list (and no revision) yet', async () => {
  const world = await createWorld(['lama']);
  await seedMany(world, 'lama', { pending: 1, inProgress: 1, completed: 0 });
  const client = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  // As an item written before hours lists and revisions existed would look, with drift.
  await client.send(
    new PutCommand({
      TableName: world.env.AGENCIES_TABLE,
      Item: { pk: countersPk('lama'), sk: '2026', agencyId: 'lama', period: '2026', received: 5, pending: 5, inProgress: 0, completed: 0 },
    }),
  );
  const run = await world.deps.compliance.reconcile();
  expect(run.repaired).toBe(1);
  const [counters] = await world.deps.complianceRepository.getCounters(['lama'], ['2026']);
  expect(counters).toMatchObject({ received: 2, pending: 1, inProgress: 1, completed: 0 });
  expect((await world.deps.compliance.reconcile()).drift).toEqual([]);
}, 60_000);

test('a follow-up written during a reconciliation, not yet in the index, is never repaired away', async () => {
  const world = await createWorld(['sibuk']);
  const id = await seedDisposition(world, 'sibuk', 'PENDING', 'Laporan saat rekonsiliasi');
  const repository = world.deps.complianceRepository;
  const listCounters = repository.listCounters.bind(repository);
  const listAll = repository.listAllDispositions.bind(repository);
  let stale: Awaited<ReturnType<typeof listAll>> | undefined;
  // The first pass: the index is read before the follow-up lands (as a lagging GSI would show it),
  // the counters after it.
  repository.listCounters = async (agencyId) => {
    if (!stale) {
      stale = await listAll(agencyId);
      await world.deps.service.followUp(id, 'sibuk', { message: 'Sedang ditangani' }, officer('sibuk'));
    }
    return listCounters(agencyId);
  };
  let served = false;
  repository.listAllDispositions = async (agencyId) => {
    if (!served && stale) {
      served = true;
      return stale;
    }
    return listAll(agencyId);
  };
  try {
    const run = await world.deps.compliance.reconcile();
    // The first pass saw "drift"; the second, after the pause, did not: nothing was repaired.
    expect(run.repaired).toBe(0);
    expect(run.drift).toEqual([]);
  } finally {
    repository.listCounters = listCounters;
    repository.listAllDispositions = listAll;
  }
  const period = periodsOf(world.clock.at, 'Asia/Jakarta').year;
  const [counters] = await repository.getCounters(['sibuk'], [period]);
  expect(counters).toMatchObject({ received: 1, pending: 0, inProgress: 1 });
}, 60_000);
