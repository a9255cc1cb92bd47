// The use cases over in-memory fakes of the ports: access tokens, agency resolution and the
// optimistic-locking retry. No mocks of the service or the lifecycle: only the repository is
// wrapped where a test needs to stage a lost race.

import { createHash } from 'node:crypto';
import { calendarFor } from '../../../functions/core/calendar';
import { ComplaintService } from '../../../functions/core/complaint-service';
import { DomainError, concurrentModification, type ErrorCode } from '../../../functions/core/errors';
import { postFollowUp, submitComplaint, type NewComplaint } from '../../../functions/core/lifecycle';
import type { Actor, ChangeSet, ComplaintRecord } from '../../../functions/core/model';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import type { ComplaintRepository } from '../../../functions/ports/repositories';
import {
  InMemoryAgencyRepository,
  InMemoryComplaintRepository,
  SequentialIds,
  SteppableClock,
  agency,
  fixedClock,
} from '../../support/fakes';

const settings = DEFAULT_SETTINGS;
const calendar = calendarFor(settings);
const T0 = '2025-01-06T03:00:00.000Z';
/** ComplaintService's COMMIT_ATTEMPTS (not exported): one try and four retries. */
const COMMIT_ATTEMPTS = 5;

const admin: Actor = { role: 'admin', userId: 'admin-1' };
const officer = (agencyId: string): Actor => ({ role: 'agency', userId: `officer-${agencyId}`, agencyId });
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const INPUT: NewComplaint = {
  classification: 'PENGADUAN',
  title: 'Sampah menumpuk',
  description: 'Di pasar kota sejak seminggu',
  reporter: { name: 'Budi', email: 'budi@mail.example', phone: '+628111222333' },
};

async function expectError(promise: Promise<unknown>, code: ErrorCode): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

/** Delegates to the in-memory repository, with a hook before each commit. */
class StagedRepository implements ComplaintRepository {
  commits = 0;
  gets = 0;
  constructor(
    readonly inner: InMemoryComplaintRepository,
    private readonly beforeCommit: (attempt: number, change: ChangeSet) => Promise<void> | void = () => {},
  ) {}
  get(trackingId: string) {
    this.gets += 1;
    return this.inner.get(trackingId);
  }
  async commit(change: ChangeSet) {
    this.commits += 1;
    await this.beforeCommit(this.commits, change);
    return this.inner.commit(change);
  }
  list(...args: Parameters<ComplaintRepository['list']>) {
    return this.inner.list(...args);
  }
  listDispositions(...args: Parameters<ComplaintRepository['listDispositions']>) {
    return this.inner.listDispositions(...args);
  }
  getComplaints(trackingIds: readonly string[]) {
    return this.inner.getComplaints(trackingIds);
  }
  listEscalationDue(...args: Parameters<ComplaintRepository['listEscalationDue']>) {
    return this.inner.listEscalationDue(...args);
  }
  listAutoCloseDue(...args: Parameters<ComplaintRepository['listAutoCloseDue']>) {
    return this.inner.listAutoCloseDue(...args);
  }
}

function setup(options: { complaints?: ComplaintRepository; inner?: InMemoryComplaintRepository } = {}) {
  const inner = options.inner ?? new InMemoryComplaintRepository();
  const agencies = new InMemoryAgencyRepository([
    agency('dinkes', { name: 'Dinas Kesehatan' }),
    agency('dishub', { name: 'Dinas Perhubungan' }),
    agency('dlh', { name: 'Dinas Lingkungan Hidup' }),
    agency('bappeda', { name: 'Bappeda', active: false }),
  ]);
  const clock = new SteppableClock(T0);
  const ids = new SequentialIds();
  const ports = { complaints: options.complaints ?? inner, agencies, clock, ids };
  return { service: new ComplaintService(ports, settings, calendar), inner, agencies, clock, ids };
}

// Backoff between attempts is Math.random() × 20 ms × 2^attempt: pin it to 0 to keep tests fast
// and deterministic.
beforeEach(() => {
  jest.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('submit', () => {
  it('returns an access token whose SHA-256 is stored, never the token itself', async () => {
    const { service, inner, ids } = setup();
    const { change, accessToken } = await service.submit(INPUT);
    expect(accessToken).toBe(ids.issuedTokens[0]);
    expect(change.complaint.trackingId).toBe('TNT-000001');
    const stored = (await inner.get('TNT-000001')) as ComplaintRecord;
    expect(stored.complaint.accessTokenHash).toBe(sha256(accessToken));
    expect(stored.complaint.accessTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(accessToken);
    expect(JSON.stringify(change)).not.toContain(accessToken);
    expect(stored.complaint).toMatchObject({ status: 'SUBMITTED', version: 1, submittedAt: T0, reporter: INPUT.reporter });
    expect(stored.timeline.map((e) => e.type)).toEqual(['SUBMITTED']);
  });

  it('gives each complaint its own tracking ID and token', async () => {
    const { service } = setup();
    const a = await service.submit(INPUT);
    const b = await service.submit(INPUT);
    expect(a.change.complaint.trackingId).not.toBe(b.change.complaint.trackingId);
    expect(a.accessToken).not.toBe(b.accessToken);
    expect(a.change.complaint.accessTokenHash).not.toBe(b.change.complaint.accessTokenHash);
  });

  it('a tracking ID collision never overwrites the first complaint: the second draws a new ID', async () => {
    const inner = new InMemoryComplaintRepository();
    const first = setup({ inner });
    await first.service.submit(INPUT);
    // A second service whose id generator starts over issues the same tracking ID first.
    const second = setup({ inner });
    const { change } = await second.service.submit({ ...INPUT, title: 'Lain' });
    expect(change.complaint.trackingId).toBe('TNT-000002');
    expect((await inner.get('TNT-000001'))?.complaint.title).toBe(INPUT.title);
    expect((await inner.get('TNT-000002'))?.complaint.title).toBe('Lain');
  });
});

describe('get', () => {
  it('returns the stored record, NOT_FOUND for an unknown tracking ID', async () => {
    const { service } = setup();
    const { change } = await service.submit(INPUT);
    expect((await service.get(change.complaint.trackingId)).complaint).toEqual(change.complaint);
    await expectError(service.get('TNT-NOPE'), 'NOT_FOUND');
  });
});

describe('respond (reporter access)', () => {
  async function submitted(input: NewComplaint = INPUT) {
    const ctx = setup();
    const { change, accessToken } = await ctx.service.submit(input);
    return { ...ctx, trackingId: change.complaint.trackingId, accessToken };
  }

  it('accepts the right token and records the response', async () => {
    const { service, inner, trackingId, accessToken } = await submitted();
    const change = await service.respond(trackingId, accessToken, { message: 'Mohon segera' });
    expect(change.complaint.version).toBe(2);
    const stored = (await inner.get(trackingId)) as ComplaintRecord;
    expect(stored.timeline.map((e) => [e.type, e.message])).toEqual([
      ['SUBMITTED', undefined],
      ['REPORTER_RESPONDED', 'Mohon segera'],
    ]);
  });

  it('without a token: UNAUTHORIZED, and nothing is written', async () => {
    const { service, inner, trackingId } = await submitted();
    const commits = inner.committed;
    await expectError(service.respond(trackingId, undefined, { message: 'x' }), 'UNAUTHORIZED');
    await expectError(service.respond(trackingId, '', { message: 'x' }), 'UNAUTHORIZED');
    expect(inner.committed).toBe(commits);
    expect((await inner.get(trackingId))?.complaint.version).toBe(1);
  });

  it('with a wrong token: FORBIDDEN, and nothing is written', async () => {
    const { service, inner, trackingId, accessToken } = await submitted();
    await expectError(service.respond(trackingId, `${accessToken}x`, { message: 'x' }), 'FORBIDDEN');
    // The stored hash is not a token either.
    const hash = (await inner.get(trackingId))?.complaint.accessTokenHash as string;
    await expectError(service.respond(trackingId, hash, { message: 'x' }), 'FORBIDDEN');
    expect((await inner.get(trackingId))?.complaint.version).toBe(1);
  });

  it('with a wrong token on a confidential complaint: NOT_FOUND, not confirming it exists', async () => {
    const { service, inner, trackingId, accessToken } = await submitted({ ...INPUT, confidential: true });
    await expectError(service.respond(trackingId, 'not-the-token', { message: 'x' }), 'NOT_FOUND');
    expect((await inner.get(trackingId))?.complaint.version).toBe(1);
    // The reporter still gets through.
    await expect(service.respond(trackingId, accessToken, { message: 'ok' })).resolves.toMatchObject({ complaint: { version: 2 } });
  });

  it('an unknown tracking ID is NOT_FOUND whatever the token', async () => {
    const { service } = setup();
    await expectError(service.respond('TNT-NOPE', 'whatever', { message: 'x' }), 'NOT_FOUND');
    await expectError(service.respond('TNT-NOPE', undefined, { message: 'x' }), 'NOT_FOUND');
  });

  it('a token from another complaint does not open this one', async () => {
    const { service } = setup();
    const a = await service.submit(INPUT);
    const b = await service.submit(INPUT);
    await expectError(service.respond(a.change.complaint.trackingId, b.accessToken, { message: 'x' }), 'FORBIDDEN');
  });
});

describe('verify and addDisposition resolve agencies', () => {
  it('dispositions to the stored agencies, under their stored names, once per agency', async () => {
    const { service, inner } = setup();
    const { change: submitted } = await service.submit(INPUT);
    const id = submitted.complaint.trackingId;
    const change = await service.verify(id, { action: 'DISPOSITION', agencyIds: ['dishub', 'dinkes', 'dishub'] }, admin);
    expect(change.complaint.status).toBe('DISPOSITIONED');
    const stored = (await inner.get(id)) as ComplaintRecord;
    expect(stored.dispositions.map((d) => [d.agencyId, d.agencyName, d.status])).toEqual([
      ['dinkes', 'Dinas Kesehatan', 'PENDING'],
      ['dishub', 'Dinas Perhubungan', 'PENDING'],
    ]);
    expect(inner.counter('dinkes', '2025-01')).toEqual({ received: 1, pending: 1, inProgress: 0, completed: 0 });
    expect(inner.counter('dishub', '2025')).toEqual({ received: 1, pending: 1, inProgress: 0, completed: 0 });
  });

  it('names every unknown and inactive agency in one VALIDATION_FAILED, and writes nothing', async () => {
    const { service, inner } = setup();
    const { change: submitted } = await service.submit(INPUT);
    const id = submitted.complaint.trackingId;
    const error = await expectError(
      service.verify(id, { action: 'DISPOSITION', agencyIds: ['dinkes', 'dinas-hantu', 'bappeda'] }, admin),
      'VALIDATION_FAILED',
    );
    expect(error.details).toEqual([
      { field: 'agencyIds', message: expect.stringContaining('dinas-hantu') },
      { field: 'agencyIds', message: expect.stringContaining('bappeda') },
    ]);
    expect((error.details as Array<{ message: string }>)[0]?.message).toMatch(/unknown/);
    expect((error.details as Array<{ message: string }>)[1]?.message).toMatch(/inactive/);
    expect((await inner.get(id))?.complaint.status).toBe('SUBMITTED');
    expect(inner.counters()).toEqual([]);
  });

  it('HOLD needs no agencies', async () => {
    const { service } = setup();
    const { change: submitted } = await service.submit(INPUT);
    await expect(service.verify(submitted.complaint.trackingId, { action: 'HOLD' }, admin)).resolves.toMatchObject({
      complaint: { status: 'ON_HOLD' },
    });
  });

  it('addDisposition resolves the agency and refuses an unknown or inactive one', async () => {
    const { service, inner } = setup();
    const { change: submitted } = await service.submit(INPUT);
    const id = submitted.complaint.trackingId;
    await service.verify(id, { action: 'DISPOSITION', agencyIds: ['dinkes'] }, admin);
    const added = await service.addDisposition(id, { agencyId: 'dlh', note: 'Koordinasi' }, admin);
    expect(added.dispositions).toEqual([expect.objectContaining({ agencyId: 'dlh', agencyName: 'Dinas Lingkungan Hidup', note: 'Koordinasi' })]);
    const unknown = await expectError(service.addDisposition(id, { agencyId: 'nope' }, admin), 'VALIDATION_FAILED');
    expect(unknown.details).toEqual([{ field: 'agencyId', message: expect.stringContaining('nope') }]);
    await expectError(service.addDisposition(id, { agencyId: 'bappeda' }, admin), 'VALIDATION_FAILED');
    expect((await inner.get(id))?.dispositions.map((d) => d.agencyId)).toEqual(['dinkes', 'dlh']);
  });

  it('domain refusals surface unchanged and write nothing', async () => {
    const { service, inner } = setup();
    const { change: submitted } = await service.submit(INPUT);
    const id = submitted.complaint.trackingId;
    const commits = inner.committed;
    await expectError(service.verify(id, { action: 'ARCHIVE' }, admin), 'VALIDATION_FAILED');
    await expectError(service.followUp(id, 'dinkes', { message: 'x' }, officer('dinkes')), 'NOT_FOUND');
    await expectError(service.addDisposition(id, { agencyId: 'dinkes' }, admin), 'INVALID_TRANSITION');
    expect(inner.committed).toBe(commits);
  });
});

describe('optimistic locking', () => {
  async function dispositioned(inner: InMemoryComplaintRepository) {
    const { service } = setup({ inner });
    const { change } = await service.submit(INPUT);
    const id = change.complaint.trackingId;
    await service.verify(id, { action: 'DISPOSITION', agencyIds: ['dinkes', 'dishub'] }, admin);
    return id;
  }

  it('a commit that lost the race is retried on fresh state, and both updates are kept', async () => {
    const inner = new InMemoryComplaintRepository();
    const id = await dispositioned(inner);
    const other = setup({ inner }).service; // another Lambda, straight on the table
    const staged = new StagedRepository(inner, async (attempt) => {
      // Just before our first commit, another writer commits its follow-up.
      if (attempt === 1) await other.followUp(id, 'dishub', { message: 'Dishub menangani' }, officer('dishub'));
    });
    const { service } = setup({ complaints: staged, inner });

    const change = await service.followUp(id, 'dinkes', { message: 'Dinkes menangani', final: true }, officer('dinkes'));

    expect(staged.commits).toBe(2);
    expect(staged.gets).toBe(2);
    expect(inner.refused).toBe(1);
    expect(change.complaint.version).toBe(4); // submit 1, verify 2, theirs 3, ours 4
    const stored = (await inner.get(id)) as ComplaintRecord;
    expect(stored.complaint.version).toBe(4);
    expect(stored.dispositions.map((d) => [d.agencyId, d.status])).toEqual([
      ['dinkes', 'COMPLETED'],
      ['dishub', 'IN_PROGRESS'],
    ]);
    expect(stored.timeline.filter((e) => e.type === 'FOLLOWED_UP').map((e) => [e.agencyId, e.message])).toEqual([
      ['dishub', 'Dishub menangani'],
      ['dinkes', 'Dinkes menangani'],
    ]);
    expect(stored.complaint.status).toBe('IN_PROGRESS');
    // The counters saw each change exactly once.
    expect(inner.counter('dinkes', '2025-01')).toEqual({ received: 1, pending: 0, inProgress: 0, completed: 1 });
    expect(inner.counter('dishub', '2025-01')).toEqual({ received: 1, pending: 0, inProgress: 1, completed: 0 });
  });

  it('the retry decides again on the fresh state: a command the other writer made illegal is refused', async () => {
    const inner = new InMemoryComplaintRepository();
    const id = await dispositioned(inner);
    const other = setup({ inner }).service;
    const staged = new StagedRepository(inner, async (attempt) => {
      if (attempt === 1) await other.followUp(id, 'dinkes', { message: 'Sudah dikerjakan' }, officer('dinkes'));
    });
    const { service } = setup({ complaints: staged, inner });
    // The return was legal when read, but the disposition has since been followed up.
    await expectError(service.returnDisposition(id, 'dinkes', { reason: 'Bukan wewenang' }, officer('dinkes')), 'INVALID_TRANSITION');
    expect(staged.commits).toBe(1);
    const stored = (await inner.get(id)) as ComplaintRecord;
    expect(stored.dispositions.find((d) => d.agencyId === 'dinkes')?.status).toBe('IN_PROGRESS');
  });

  it(`after ${COMMIT_ATTEMPTS} lost races the CONCURRENT_MODIFICATION surfaces, and nothing of ours is written`, async () => {
    const inner = new InMemoryComplaintRepository();
    const id = await dispositioned(inner);
    // Someone else gets in before every one of our commits.
    const staged = new StagedRepository(inner, async (attempt) => {
      const record = (await inner.get(id)) as ComplaintRecord;
      const change = postFollowUp(record, 'dishub', { message: `Update ${attempt}` }, officer('dishub'), {
        now: new Date(T0),
        calendar,
        settings,
      });
      await inner.commit(change);
    });
    const { service } = setup({ complaints: staged, inner });
    await expectError(service.followUp(id, 'dinkes', { message: 'Tidak pernah tersimpan' }, officer('dinkes')), 'CONCURRENT_MODIFICATION');
    expect(staged.commits).toBe(COMMIT_ATTEMPTS);
    expect(staged.gets).toBe(COMMIT_ATTEMPTS);
    expect(inner.refused).toBe(COMMIT_ATTEMPTS);
    const stored = (await inner.get(id)) as ComplaintRecord;
    expect(stored.timeline.some((e) => e.message === 'Tidak pernah tersimpan')).toBe(false);
    expect(stored.dispositions.find((d) => d.agencyId === 'dinkes')?.status).toBe('PENDING');
    expect(stored.timeline.filter((e) => e.agencyId === 'dishub' && e.type === 'FOLLOWED_UP')).toHaveLength(COMMIT_ATTEMPTS);
  });

  it('succeeds on the last allowed attempt', async () => {
    const inner = new InMemoryComplaintRepository();
    const id = await dispositioned(inner);
    const staged = new StagedRepository(inner, (attempt) => {
      if (attempt < COMMIT_ATTEMPTS) throw concurrentModification();
    });
    const { service } = setup({ complaints: staged, inner });
    await expect(service.followUp(id, 'dinkes', { message: 'Akhirnya' }, officer('dinkes'))).resolves.toMatchObject({
      complaint: { status: 'IN_PROGRESS' },
    });
    expect(staged.commits).toBe(COMMIT_ATTEMPTS);
  });

  it('any other commit failure surfaces at once, without a retry', async () => {
    const inner = new InMemoryComplaintRepository();
    const id = await dispositioned(inner);
    const boom = new Error('ProvisionedThroughputExceededException');
    const staged = new StagedRepository(inner, () => {
      throw boom;
    });
    const { service } = setup({ complaints: staged, inner });
    await expect(service.followUp(id, 'dinkes', { message: 'x' }, officer('dinkes'))).rejects.toBe(boom);
    expect(staged.commits).toBe(1);
  });

  it('concurrent follow-ups by two agencies through the service both land', async () => {
    const inner = new InMemoryComplaintRepository();
    const id = await dispositioned(inner);
    const a = setup({ inner }).service;
    const b = setup({ inner }).service;
    await Promise.all([
      a.followUp(id, 'dinkes', { message: 'A', final: true }, officer('dinkes')),
      b.followUp(id, 'dishub', { message: 'B', final: true }, officer('dishub')),
    ]);
    const stored = (await inner.get(id)) as ComplaintRecord;
    expect(stored.complaint.status).toBe('COMPLETED');
    expect(stored.complaint.version).toBe(4);
    expect(stored.timeline.filter((e) => e.type === 'FOLLOWED_UP').map((e) => e.message).sort()).toEqual(['A', 'B']);
    expect(inner.refused).toBeGreaterThanOrEqual(1);
  });
});

describe('lists', () => {
  it('lists complaints newest first, by status, with cursors; and an agency\'s dispositions', async () => {
    const { service, clock } = setup();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await service.submit({ ...INPUT, title: `Laporan ${i}` })).change.complaint.trackingId);
      clock.advance(3_600_000);
    }
    await service.verify(ids[0]!, { action: 'DISPOSITION', agencyIds: ['dinkes'] }, admin);
    await service.verify(ids[2]!, { action: 'DISPOSITION', agencyIds: ['dinkes', 'dlh'] }, admin);

    const first = await service.list({}, { limit: 2 });
    expect(first.items.map((c) => c.trackingId)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toBeDefined();
    const second = await service.list({}, { limit: 2, ...(first.nextCursor && { cursor: first.nextCursor }) });
    expect(second.items.map((c) => c.trackingId)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeUndefined();
    expect((await service.list({ status: 'SUBMITTED' }, { limit: 10 })).items.map((c) => c.trackingId)).toEqual([ids[1]]);

    const dinkes = await service.listDispositions({ agencyId: 'dinkes' }, { limit: 10 });
    expect(dinkes.items.map((d) => d.trackingId)).toEqual([ids[2], ids[0]]);
    expect((await service.listDispositions({ agencyId: 'dlh', status: 'PENDING' }, { limit: 10 })).items).toHaveLength(1);
    expect((await service.listDispositions({ agencyId: 'dlh', status: 'COMPLETED' }, { limit: 10 })).items).toHaveLength(0);
  });

  it('now() is the clock\'s', () => {
    const { service, clock } = setup();
    expect(service.now().toISOString()).toBe(T0);
    clock.advanceDays(1);
    expect(service.now().toISOString()).toBe('2025-01-07T03:00:00.000Z');
  });
});

describe('the in-memory repository keeps the adapter\'s conditions', () => {
  const ctx = { now: new Date(T0), calendar, settings };
  const submitted = (trackingId = 'TNT-X') => submitComplaint(INPUT, { trackingId, accessTokenHash: '0'.repeat(64) }, ctx);

  it('version 1 must not exist yet', async () => {
    const repo = new InMemoryComplaintRepository();
    await repo.commit(submitted());
    await expectError(repo.commit(submitted()), 'CONCURRENT_MODIFICATION');
  });

  it('a later version must replace exactly version - 1, for the complaint and each disposition', async () => {
    const repo = new InMemoryComplaintRepository();
    const s = submitted();
    await repo.commit(s);
    const record = (await repo.get('TNT-X')) as ComplaintRecord;
    const { service } = setup({ inner: repo });
    // A change built on version 1 …
    const fresh = await service.verify('TNT-X', { action: 'DISPOSITION', agencyIds: ['dinkes'] }, admin);
    expect(fresh.complaint.version).toBe(2);
    // … cannot be committed twice, nor can one that skips a version.
    await expectError(repo.commit(fresh), 'CONCURRENT_MODIFICATION');
    await expectError(repo.commit({ ...fresh, complaint: { ...fresh.complaint, version: 4 }, timeline: [] }), 'CONCURRENT_MODIFICATION');
    // A disposition whose version does not follow the stored one is refused even with a good complaint version.
    const stale = { ...fresh, complaint: { ...fresh.complaint, version: 3 }, timeline: [], counters: [] };
    await expectError(repo.commit(stale), 'CONCURRENT_MODIFICATION');
    expect(record.complaint.version).toBe(1);
    expect((await repo.get('TNT-X'))?.complaint.version).toBe(2);
  });

  it('timeline entries must not exist yet, and a refused commit writes nothing at all', async () => {
    const repo = new InMemoryComplaintRepository();
    const s = submitted();
    await repo.commit(s);
    const { service } = setup({ inner: repo });
    const change = await service.verify('TNT-X', { action: 'DISPOSITION', agencyIds: ['dinkes'] }, admin);
    const counters = repo.counters();
    // Same seq again under a version that would otherwise pass.
    const replay = { ...change, complaint: { ...change.complaint, version: 3 }, dispositions: [] };
    await expectError(repo.commit(replay), 'CONCURRENT_MODIFICATION');
    expect((await repo.get('TNT-X'))?.complaint.version).toBe(2);
    expect(repo.counters()).toEqual(counters);
  });

  it('reads are copies: changing one does not change the store', async () => {
    const repo = new InMemoryComplaintRepository();
    await repo.commit(submitted());
    const read = (await repo.get('TNT-X')) as ComplaintRecord;
    read.complaint.status = 'ARCHIVED';
    read.timeline.length = 0;
    const again = (await repo.get('TNT-X')) as ComplaintRecord;
    expect(again.complaint.status).toBe('SUBMITTED');
    expect(again.timeline).toHaveLength(1);
  });

  it('fixedClock stands still; SteppableClock moves only when told', () => {
    const fixed = fixedClock(T0);
    expect(fixed.now().toISOString()).toBe(T0);
    expect(fixed.now()).not.toBe(fixed.now());
    const steppable = new SteppableClock(T0);
    steppable.advance(1);
    expect(steppable.now().toISOString()).toBe('2025-01-06T03:00:00.001Z');
    steppable.set('2026-01-01T00:00:00.000Z');
    expect(steppable.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
