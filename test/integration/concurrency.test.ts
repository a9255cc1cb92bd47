// Concurrency: a randomized workload of state changes on a few dozen complaints, many at once,
// through the real service layer (buildDependencies(env).service) against DynamoDB Local.
//
// Every operation must end in success or in a DomainError the domain allows for it (an illegal
// transition, a conflict, a missing disposition, or a lost race that survived the retries) —
// never anything else. Afterwards the stored state must be exactly what the successful operations
// say it is: every complaint in a legal state, no timeline entry lost (and none written by a
// failed operation), complaint.version = 1 + the number of successful operations on it, the last
// successful change's complaint and dispositions stored as such, and the %TL counters equal to a
// recount (the reconciliation finds no drift).
//
// Size (defaults meet the CI minimums):
//   TUNTAS_CONCURRENCY_OPS=1200         operations (at least 1,000 by default)
//   TUNTAS_CONCURRENCY_IN_FLIGHT=50     operations in flight at once
//   TUNTAS_CONCURRENCY_COMPLAINTS=36    complaints they share
//   TUNTAS_CONCURRENCY_SEED=<n>         replay a workload (the seed is printed)

import { randomUUID } from 'node:crypto';
import { DomainError, isDomainError, type ErrorCode } from '../../functions/core/errors';
import { derivedStatus } from '../../functions/core/lifecycle';
import type { Actor, ChangeSet, ComplaintRecord } from '../../functions/core/model';
import { buildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import type { Mailer } from '../../functions/ports/mail';
import { createTestTables } from '../support/dynamodb';
import { prng } from '../support/prng';

const OPS = Number(process.env.TUNTAS_CONCURRENCY_OPS ?? 1200);
const IN_FLIGHT = Number(process.env.TUNTAS_CONCURRENCY_IN_FLIGHT ?? 50);
const COMPLAINTS = Number(process.env.TUNTAS_CONCURRENCY_COMPLAINTS ?? 36);
const SEED = Number(process.env.TUNTAS_CONCURRENCY_SEED ?? Date.now() % 2_147_483_647);

const AGENCIES = ['kon-a', 'kon-b', 'kon-c'] as const;
const admin: Actor = { role: 'admin', userId: 'koordinator-uji' };
const officer = (agencyId: string): Actor => ({ role: 'agency', agencyId, userId: `petugas-${agencyId}` });
const noMail: Mailer = { send: async () => ({ messageId: `uji-${randomUUID()}` }) };

/** What an operation may legitimately fail with. */
const ALLOWED_FAILURES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['INVALID_TRANSITION', 'CONFLICT', 'NOT_FOUND', 'CONCURRENT_MODIFICATION']);


type OpKind = 'verify' | 'hold' | 'addDisposition' | 'followUp' | 'finalFollowUp' | 'return' | 'respond' | 'reopen' | 'rate';
const WEIGHTS: Record<OpKind, number> = { verify: 3, hold: 1, addDisposition: 2, followUp: 4, finalFollowUp: 3, return: 2, respond: 2, reopen: 2, rate: 1 };

interface Target {
  trackingId: string;
  accessToken: string;
}

interface Op {
  kind: OpKind;
  target: Target;
  agencyId: string;
  agencyIds: string[];
}

interface Outcome {
  op: Op;
  change?: ChangeSet;
  code?: ErrorCode;
  unexpected?: string;
}

function run(deps: Dependencies, op: Op): Promise<ChangeSet> {
  const { service } = deps;
  const { trackingId, accessToken } = op.target;
  switch (op.kind) {
    case 'verify':
      return service.verify(trackingId, { action: 'DISPOSITION', agencyIds: op.agencyIds }, admin);
    case 'hold':
      return service.verify(trackingId, { action: 'HOLD' }, admin);
    case 'addDisposition':
      return service.addDisposition(trackingId, { agencyId: op.agencyId, note: 'Disposisi ulang' }, admin);
    case 'followUp':
      return service.followUp(trackingId, op.agencyId, { message: 'Sedang ditindaklanjuti' }, officer(op.agencyId));
    case 'finalFollowUp':
      return service.followUp(trackingId, op.agencyId, { message: 'Sudah selesai', final: true }, officer(op.agencyId));
    case 'return':
      return service.returnDisposition(trackingId, op.agencyId, { reason: 'Bukan kewenangan kami' }, officer(op.agencyId));
    case 'respond':
      return service.respond(trackingId, accessToken, { message: 'Mohon kabar terbaru' });
    case 'reopen':
      return service.respond(trackingId, accessToken, { message: 'Masih belum beres', reopen: true });
    case 'rate':
      return service.respond(trackingId, accessToken, { message: 'Terima kasih', rating: 4 });
  }
}

/** Runs every op with at most `limit` in flight; never rejects (outcomes are recorded instead). */
async function pool(deps: Dependencies, ops: Op[], limit: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(ops.length);
  let next = 0;
  const worker = async () => {
    while (next < ops.length) {
      const index = next++;
      const op = ops[index]!;
      try {
        outcomes[index] = { op, change: await run(deps, op) };
      } catch (error) {
        outcomes[index] =
          isDomainError(error) && ALLOWED_FAILURES.has(error.code)
            ? { op, code: error.code }
            : { op, ...(isDomainError(error) && { code: error.code }), unexpected: `${(error as Error)?.name}: ${(error as Error)?.message}` };
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return outcomes;
}

let deps: Dependencies;
let targets: Target[];
let outcomes: Outcome[];
let elapsedMs = 0;
const commits = { attempts: 0, lostRaces: 0 };

beforeAll(async () => {
  const env = {
    ...(await createTestTables('conc')),
    TUNTAS_SETTINGS: JSON.stringify({ regionName: 'Kabupaten Uji', trackingPrefix: 'KON' }),
    EMAIL_SENDER: 'lapor@uji.example.go.id',
    EMAIL_OMBUDSMAN: 'ombudsman@uji.example.go.id',
  };
  deps = buildDependencies(env, { mailer: noMail });
  for (const agencyId of AGENCIES) {
    await deps.agencies.put({ agencyId, name: `Dinas ${agencyId}`, emails: [`${agencyId}@uji.example.go.id`], active: true, updatedAt: new Date().toISOString() });
  }
  targets = await Promise.all(
    Array.from({ length: COMPLAINTS }, async (_, i) => {
      const { change, accessToken } = await deps.service.submit({
        classification: 'PENGADUAN',
        title: `Laporan serentak nomor ${i + 1}`,
        description: 'Laporan untuk uji beban serentak pada lapisan layanan.',
        reporter: { name: `Warga ${i + 1}`, email: `warga${i + 1}@contoh.id` },
      });
      return { trackingId: change.complaint.trackingId, accessToken };
    }),
  );

  // Count commit attempts and lost races (instrumentation only: every call goes to the real adapter).
  const repository = deps.complaints;
  const commit = repository.commit.bind(repository);
  repository.commit = async (...args: Parameters<typeof commit>) => {
    commits.attempts++;
    try {
      return await commit(...args);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONCURRENT_MODIFICATION') commits.lostRaces++;
      throw error;
    }
  };

  const random = prng(SEED);
  const ops: Op[] = Array.from({ length: OPS }, () => {
    const size = 1 + random.int(0, 2);
    const agencyIds = [...new Set(Array.from({ length: size }, () => random.pick(AGENCIES)))];
    return { kind: random.weighted(WEIGHTS), target: random.pick(targets), agencyId: random.pick(AGENCIES), agencyIds };
  });
  const started = Date.now();
  outcomes = await pool(deps, ops, IN_FLIGHT);
  elapsedMs = Date.now() - started;

  const byCode = new Map<string, number>();
  for (const o of outcomes) byCode.set(o.change ? 'ok' : (o.code ?? 'unexpected'), (byCode.get(o.change ? 'ok' : (o.code ?? 'unexpected')) ?? 0) + 1);
  const byKind = Object.keys(WEIGHTS)
    .map((kind) => {
      const mine = outcomes.filter((o) => o.op.kind === kind);
      return `${kind} ${mine.filter((o) => o.change).length}/${mine.length}`;
    })
    .join(', ');
  process.stdout.write(
    `\nConcurrency (seed ${SEED}): ${OPS} ops on ${COMPLAINTS} complaints, ${IN_FLIGHT} in flight, ${(elapsedMs / 1000).toFixed(1)} s = ${Math.round(OPS / (elapsedMs / 1000))} ops/s\n` +
      `  outcomes: ${[...byCode].map(([k, n]) => `${k} ${n}`).join(', ')}\n` +
      `  succeeded by kind: ${byKind}\n` +
      `  commits: ${commits.attempts} attempts, ${commits.lostRaces} lost races (conflict rate ${((100 * commits.lostRaces) / Math.max(1, commits.attempts)).toFixed(1)}% of commits; ` +
      `${byCode.get('CONCURRENT_MODIFICATION') ?? 0} ops gave up after the retries)\n`,
  );
}, 120_000);

const successesOn = (trackingId: string) =>
  outcomes.filter((o) => o.change && o.op.target.trackingId === trackingId).map((o) => o.change!).sort((a, b) => a.complaint.version - b.complaint.version);

test(`at least 1,000 operations ran, ${IN_FLIGHT} at a time, and each one succeeded or failed as the domain allows`, () => {
  expect(outcomes).toHaveLength(OPS);
  expect(OPS).toBeGreaterThanOrEqual(Number(process.env.TUNTAS_CONCURRENCY_OPS ? 1 : 1000));
  const unexpected = outcomes.filter((o) => o.unexpected).map((o) => `${o.op.kind} on ${o.op.target.trackingId}: ${o.unexpected}`);
  expect(unexpected.slice(0, 10)).toEqual([]);
  // The workload really exercised the state machine and really raced.
  for (const kind of ['verify', 'addDisposition', 'followUp', 'finalFollowUp', 'return', 'respond', 'reopen'] as const) {
    expect({ kind, succeeded: outcomes.some((o) => o.op.kind === kind && o.change) }).toEqual({ kind, succeeded: true });
  }
  expect(commits.lostRaces).toBeGreaterThan(0);
});

describe('the stored state is exactly what the successful operations made', () => {
  let records: ComplaintRecord[];
  beforeAll(async () => {
    records = await Promise.all(targets.map((t) => deps.service.get(t.trackingId)));
  });

  test('complaint.version = 1 + successful operations; each success took its own version (no lost update)', () => {
    for (const record of records) {
      const { trackingId, version } = record.complaint;
      const successes = successesOn(trackingId);
      expect({ trackingId, version }).toEqual({ trackingId, version: 1 + successes.length });
      expect(successes.map((c) => c.complaint.version)).toEqual(successes.map((_, i) => i + 2));
    }
  });

  test('the last successful change is what is stored: the complaint and every disposition', () => {
    for (const record of records) {
      const successes = successesOn(record.complaint.trackingId);
      if (successes.length === 0) continue;
      expect(record.complaint).toEqual(successes[successes.length - 1]!.complaint);
      for (const stored of record.dispositions) {
        const last = [...successes].reverse().flatMap((c) => c.dispositions).find((d) => d.agencyId === stored.agencyId);
        expect(stored).toEqual(last);
      }
    }
  });

  test('no timeline entry is lost, and none was written by a failed operation', () => {
    for (const record of records) {
      const { trackingId } = record.complaint;
      const successes = successesOn(trackingId);
      const stored = new Map(record.timeline.map((e) => [e.seq, e]));
      for (const entry of successes.flatMap((c) => c.timeline)) expect(stored.get(entry.seq)).toEqual(entry);
      // The submission's entry plus those of the successful changes, nothing else.
      expect({ trackingId, entries: record.timeline.length }).toEqual({ trackingId, entries: 1 + successes.reduce((n, c) => n + c.timeline.length, 0) });
      const followUps = outcomes.filter((o) => o.change && o.op.target.trackingId === trackingId && (o.op.kind === 'followUp' || o.op.kind === 'finalFollowUp')).length;
      expect({ trackingId, followedUp: record.timeline.filter((e) => e.type === 'FOLLOWED_UP').length }).toEqual({ trackingId, followedUp: followUps });
    }
  });

  test('every complaint is in a legal state', () => {
    for (const { complaint, dispositions } of records) {
      const active = dispositions.filter((d) => d.status !== 'RETURNED');
      const context = { trackingId: complaint.trackingId, status: complaint.status, dispositions: dispositions.map((d) => `${d.agencyId}:${d.status}`) };
      if (['DISPOSITIONED', 'IN_PROGRESS', 'COMPLETED', 'RETURNED'].includes(complaint.status)) {
        expect({ ...context, derived: derivedStatus(dispositions) }).toEqual({ ...context, derived: complaint.status });
      }
      if (complaint.status === 'COMPLETED') {
        expect(active.length).toBeGreaterThan(0);
        expect(active.every((d) => d.status === 'COMPLETED' && d.completedAt)).toBe(true);
        expect(complaint.completedAt).toBeDefined();
      } else {
        expect(complaint.completedAt).toBeUndefined();
      }
      if (complaint.status === 'SUBMITTED') expect(dispositions).toEqual([]);
      if (complaint.status === 'ON_HOLD') expect(active).toEqual([]);
      if (dispositions.length > 0) expect(complaint.agencyIds).toEqual(active.map((d) => d.agencyId).sort());
      for (const d of dispositions) {
        expect(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'RETURNED']).toContain(d.status);
        expect(d.version).toBeGreaterThanOrEqual(1);
        if (d.status !== 'PENDING' && d.status !== 'RETURNED') expect(d.firstFollowUpAt).toBeDefined();
      }
      expect(['SUBMITTED', 'ON_HOLD', 'DISPOSITIONED', 'IN_PROGRESS', 'COMPLETED', 'RETURNED']).toContain(complaint.status);
    }
  });

  test('the %TL counters equal a recount: the reconciliation finds no drift', async () => {
    const run = await deps.compliance.reconcile();
    expect(run.agencies).toBeGreaterThanOrEqual(AGENCIES.length);
    expect(run.periods).toBeGreaterThan(0);
    expect(run.drift).toEqual([]);
    expect(run.repaired).toBe(0);
  });
});
