import { createCalendar } from '../../../functions/core/calendar';
import { DomainError, type ErrorCode } from '../../../functions/core/errors';
import {
  COMPLAINT_TRANSITIONS,
  DISPOSITION_TRANSITIONS,
  addDisposition,
  counterDeltas,
  derivedStatus,
  escalateComplaint,
  escalationEligibility,
  postFollowUp,
  respondAsReporter,
  returnDisposition,
  submitComplaint,
  verifyComplaint,
  type CommandContext,
  type NewComplaint,
  type VerifyCommand,
} from '../../../functions/core/lifecycle';
import {
  COMPLAINT_STATUSES,
  type Actor,
  type ChangeSet,
  type ComplaintRecord,
  type ComplaintStatus,
  type CounterDelta,
  type Disposition,
} from '../../../functions/core/model';
import { DEFAULT_SETTINGS, type RegionSettings } from '../../../functions/core/settings';
import { agency, applyChangeSet } from '../../support/fakes';

const settings: RegionSettings = DEFAULT_SETTINGS;
const calendar = createCalendar({ timeZone: 'Asia/Jakarta' });
const DAY = 86_400_000;

const ctxAt = (instant: string | Date, overrides: Partial<RegionSettings> = {}): CommandContext => ({
  now: new Date(instant),
  calendar,
  settings: { ...settings, ...overrides },
});
const plus = (instant: string, ms: number) => new Date(new Date(instant).getTime() + ms).toISOString();

const admin: Actor = { role: 'admin', userId: 'admin-1' };
const officer = (agencyId: string): Actor => ({ role: 'agency', userId: `officer-${agencyId}`, agencyId });

const DINKES = agency('dinkes', { name: 'Dinas Kesehatan' });
const DISHUB = agency('dishub', { name: 'Dinas Perhubungan' });
const DPUPR = agency('dpupr', { name: 'Dinas PUPR' });

const INPUT: NewComplaint = {
  classification: 'PENGADUAN',
  title: 'Jalan berlubang di Jl. Pemuda',
  description: 'Lubang besar di depan pasar, sudah dua bulan.',
  reporter: { name: 'Sri Lestari', email: 'sri@mail.example', phone: '+6281234567890' },
};

const T0 = '2025-01-06T03:00:00.000Z'; // Monday 10:00 WIB, an ordinary working week

function submitted(at = T0, input: NewComplaint = INPUT): ComplaintRecord {
  return applyChangeSet(undefined, submitComplaint(input, { trackingId: 'TNT-1', accessTokenHash: 'ab'.repeat(32) }, ctxAt(at)));
}

/** Runs a command on a record and returns the committed record and the change. */
function run(record: ComplaintRecord, command: (r: ComplaintRecord) => ChangeSet) {
  const change = command(deepFreeze(structuredClone(record)));
  return { change, record: applyChangeSet(record, change) };
}
const after = (record: ComplaintRecord, command: (r: ComplaintRecord) => ChangeSet) => run(record, command).record;

const verify = (command: VerifyCommand, at = T0) => (r: ComplaintRecord) => verifyComplaint(r, command, admin, ctxAt(at));
const dispositionTo = (agencies: ReturnType<typeof agency>[], at = T0) => verify({ action: 'DISPOSITION', agencies }, at);
const follow = (agencyId: string, final = false, at = T0, message = 'Sedang ditangani') => (r: ComplaintRecord) =>
  postFollowUp(r, agencyId, { message, final }, officer(agencyId), ctxAt(at));
const giveBack = (agencyId: string, at = T0, reason = 'Bukan kewenangan kami') => (r: ComplaintRecord) =>
  returnDisposition(r, agencyId, { reason }, officer(agencyId), ctxAt(at));
const add = (a: ReturnType<typeof agency>, at = T0, note?: string) => (r: ComplaintRecord) =>
  addDisposition(r, { agency: a, ...(note !== undefined && { note }) }, admin, ctxAt(at));
const respond = (command: { message?: string; rating?: number; reopen?: boolean }, at = T0) => (r: ComplaintRecord) =>
  respondAsReporter(r, { message: 'Terima kasih', ...command }, ctxAt(at));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Asserts that the command is refused with `code` and leaves the (frozen) record untouched. */
function expectRefused(record: ComplaintRecord, command: (r: ComplaintRecord) => ChangeSet, code: ErrorCode) {
  const before = structuredClone(record);
  const frozen = deepFreeze(structuredClone(record));
  let caught: unknown;
  try {
    command(frozen);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).code).toBe(code);
  expect(frozen).toEqual(before);
}

const statusOf = (record: ComplaintRecord) => record.complaint.status;
const dispositionOf = (record: ComplaintRecord, agencyId: string) =>
  record.dispositions.find((d) => d.agencyId === agencyId) as Disposition;
const statusEntries = (change: ChangeSet) => change.timeline.filter((e) => e.fromStatus !== undefined || e.toStatus !== undefined);

/** Reaches the given complaint status with dispositions to dinkes (and dishub where needed). */
function inStatus(status: ComplaintStatus, at = T0): ComplaintRecord {
  const base = submitted(at);
  switch (status) {
    case 'SUBMITTED':
      return base;
    case 'ON_HOLD':
      return after(base, verify({ action: 'HOLD', reason: 'Menunggu data pendukung' }, at));
    case 'ARCHIVED':
      return after(base, verify({ action: 'ARCHIVE', reason: 'Duplikat laporan' }, at));
    case 'NOT_AUTHORITY':
      return after(base, verify({ action: 'NOT_AUTHORITY', reason: 'Kewenangan provinsi' }, at));
    case 'DISPOSITIONED':
      return after(base, dispositionTo([DINKES, DISHUB], at));
    case 'IN_PROGRESS':
      return after(inStatus('DISPOSITIONED', at), follow('dinkes', false, at));
    case 'COMPLETED':
      return after(after(inStatus('DISPOSITIONED', at), follow('dinkes', true, at)), follow('dishub', true, at));
    case 'RETURNED':
      return after(after(inStatus('DISPOSITIONED', at), giveBack('dinkes', at)), giveBack('dishub', at));
    case 'ESCALATED':
      return after(base, (r) => escalateComplaint(r, {}, ctxAt(plus(at, 60 * DAY))));
  }
}

describe('submitComplaint', () => {
  it('creates a SUBMITTED complaint at version 1 with one SUBMITTED timeline entry by the reporter', () => {
    const change = submitComplaint(INPUT, { trackingId: 'TNT-1', accessTokenHash: 'f'.repeat(64) }, ctxAt(T0));
    expect(change.complaint).toMatchObject({
      trackingId: 'TNT-1',
      accessTokenHash: 'f'.repeat(64),
      status: 'SUBMITTED',
      submittedAt: T0,
      anonymous: false,
      confidential: false,
      version: 1,
      reporter: INPUT.reporter,
    });
    expect(change.dispositions).toEqual([]);
    expect(change.counters).toEqual([]);
    expect(change.timeline).toEqual([
      { trackingId: 'TNT-1', seq: '000001.00', at: T0, type: 'SUBMITTED', actor: { role: 'reporter' }, toStatus: 'SUBMITTED' },
    ]);
  });

  it('keeps the anonymous and confidential flags as given', () => {
    const { complaint } = submitted(T0, { ...INPUT, anonymous: true, confidential: true });
    expect(complaint.anonymous).toBe(true);
    expect(complaint.confidential).toBe(true);
  });

  describe('verification deadline: end of the 3rd working day after submission (WIB)', () => {
    it.each([
      // Monday: Tue, Wed, Thu.
      ['2025-01-06T03:00:00.000Z', '2025-01-09T16:59:59.999Z'],
      // Thursday 27 March 2025 before Nyepi and Idulfitri 2025: 28 Mar (cuti bersama), 29 Mar (Sat,
      // Nyepi), 31 Mar-1 Apr (Idulfitri), 2-4 and 7 Apr (cuti bersama) are closed: 8, 9, 10 April.
      ['2025-03-27T03:00:00.000Z', '2025-04-10T16:59:59.999Z'],
      // Thursday 4 April 2024 23:59:59 WIB: Fri 5 Apr counts, then Lebaran closes 8-12 and 15 Apr: 16, 17.
      ['2024-04-04T16:59:59.000Z', '2024-04-17T16:59:59.999Z'],
      // One second later it is Friday in Jakarta (still Thursday in UTC): Fri does not count, 16-18 do.
      ['2024-04-04T17:00:00.000Z', '2024-04-18T16:59:59.999Z'],
      // Christmas 2024: 25 Dec (libur) and 26 Dec (cuti bersama) are closed: 24, 27, 30 December.
      ['2024-12-23T03:00:00.000Z', '2024-12-30T16:59:59.999Z'],
    ])('submitted %s → deadline %s', (at, deadline) => {
      expect(submitted(at).complaint.verificationDeadline).toBe(deadline);
    });
  });
});

describe('verifyComplaint', () => {
  it('DISPOSITION creates one PENDING disposition per agency and moves SUBMITTED → DISPOSITIONED', () => {
    const { change, record } = run(submitted(), verify({ action: 'DISPOSITION', agencies: [DINKES, DISHUB] }));
    expect(statusOf(record)).toBe('DISPOSITIONED');
    expect(change.complaint.version).toBe(2);
    expect(change.complaint.verifiedAt).toBe(T0);
    expect(change.complaint.firstDispositionedAt).toBe(T0);
    expect(change.dispositions.map((d) => [d.agencyId, d.agencyName, d.status, d.version])).toEqual([
      ['dinkes', 'Dinas Kesehatan', 'PENDING', 1],
      ['dishub', 'Dinas Perhubungan', 'PENDING', 1],
    ]);
    for (const d of change.dispositions) {
      expect(d).toMatchObject({
        trackingId: 'TNT-1',
        dispositionedAt: T0,
        complaintTitle: INPUT.title,
        classification: INPUT.classification,
        submittedAt: T0,
      });
    }
    expect(change.timeline.map((e) => [e.seq, e.type, e.agencyId])).toEqual([
      ['000002.00', 'VERIFIED', undefined],
      ['000002.01', 'DISPOSITIONED', 'dinkes'],
      ['000002.02', 'DISPOSITIONED', 'dishub'],
    ]);
    expect(change.timeline.every((e) => e.actor === admin || (e.actor.role === 'admin' && e.actor.userId === 'admin-1'))).toBe(true);
    // The status change is recorded exactly once, on the command's last entry.
    expect(statusEntries(change)).toEqual([expect.objectContaining({ seq: '000002.02', fromStatus: 'SUBMITTED', toStatus: 'DISPOSITIONED' })]);
  });

  it.each([
    ['HOLD', 'ON_HOLD'],
    ['ARCHIVE', 'ARCHIVED'],
    ['NOT_AUTHORITY', 'NOT_AUTHORITY'],
  ] as const)('%s moves SUBMITTED → %s, keeps the reason and writes one VERIFIED entry', (action, status) => {
    const { change, record } = run(submitted(), verify({ action, reason: '  Alasan yang jelas  ' }));
    expect(statusOf(record)).toBe(status);
    expect(record.complaint.statusReason).toBe('Alasan yang jelas');
    expect(change.dispositions).toEqual([]);
    expect(change.counters).toEqual([]);
    expect(change.timeline).toEqual([
      expect.objectContaining({
        seq: '000002.00',
        type: 'VERIFIED',
        actor: admin,
        message: 'Alasan yang jelas',
        fromStatus: 'SUBMITTED',
        toStatus: status,
        details: { action },
      }),
    ]);
  });

  it('HOLD without a reason is allowed; ON_HOLD can be verified again and loses its reason on DISPOSITION', () => {
    const held = after(submitted(), verify({ action: 'HOLD' }));
    expect(statusOf(held)).toBe('ON_HOLD');
    expect(held.complaint.statusReason).toBeUndefined();
    const heldWithReason = after(submitted(), verify({ action: 'HOLD', reason: 'Data kurang' }));
    const later = plus(T0, 2 * DAY);
    const { record, change } = run(heldWithReason, dispositionTo([DPUPR], later));
    expect(statusOf(record)).toBe('DISPOSITIONED');
    expect(record.complaint.statusReason).toBeUndefined();
    // verifiedAt keeps the first verification.
    expect(record.complaint.verifiedAt).toBe(T0);
    expect(statusEntries(change)).toEqual([expect.objectContaining({ fromStatus: 'ON_HOLD', toStatus: 'DISPOSITIONED' })]);
  });

  it('applies the coordinator\'s privacy decision and records it', () => {
    const { change } = run(submitted(), verify({ action: 'DISPOSITION', agencies: [DINKES], anonymous: true, confidential: true }));
    expect(change.complaint.anonymous).toBe(true);
    expect(change.complaint.confidential).toBe(true);
    expect(change.timeline[0]).toMatchObject({ type: 'VERIFIED', details: { action: 'DISPOSITION', anonymous: true, confidential: true } });
  });

  it('re-dispositions a RETURNED complaint, reactivating the returned disposition under a new version', () => {
    const returned = inStatus('RETURNED');
    const later = '2025-02-03T03:00:00.000Z';
    const { change, record } = run(returned, dispositionTo([DINKES, DPUPR], later));
    expect(statusOf(record)).toBe('DISPOSITIONED');
    const dinkes = dispositionOf(record, 'dinkes');
    expect(dinkes).toMatchObject({ status: 'PENDING', version: 3, dispositionedAt: later });
    expect(dinkes.returnedAt).toBeUndefined();
    expect(dispositionOf(record, 'dpupr')).toMatchObject({ status: 'PENDING', version: 1 });
    expect(dispositionOf(record, 'dishub').status).toBe('RETURNED');
    expect(change.timeline.find((e) => e.agencyId === 'dinkes')?.details).toMatchObject({ reactivated: true });
    expect(change.timeline.find((e) => e.agencyId === 'dpupr')?.details?.reactivated).toBeUndefined();
  });

  it.each(['DISPOSITIONED', 'IN_PROGRESS', 'COMPLETED', 'ARCHIVED', 'NOT_AUTHORITY', 'ESCALATED'] as const)(
    'refuses to verify a %s complaint (INVALID_TRANSITION)',
    (status) => {
      const record = inStatus(status);
      expect(statusOf(record)).toBe(status);
      for (const action of ['DISPOSITION', 'HOLD', 'ARCHIVE', 'NOT_AUTHORITY'] as const) {
        expectRefused(record, verify({ action, agencies: [DPUPR], reason: 'x' }), 'INVALID_TRANSITION');
      }
    },
  );

  it('refuses to HOLD a complaint that is already ON_HOLD', () => {
    expectRefused(inStatus('ON_HOLD'), verify({ action: 'HOLD', reason: 'lagi' }), 'INVALID_TRANSITION');
  });

  it.each(['ARCHIVE', 'NOT_AUTHORITY'] as const)('refuses %s without a (non-blank) reason', (action) => {
    expectRefused(submitted(), verify({ action }), 'VALIDATION_FAILED');
    expectRefused(submitted(), verify({ action, reason: '   \n\t' }), 'VALIDATION_FAILED');
  });

  it('refuses DISPOSITION without agencies', () => {
    expectRefused(submitted(), verify({ action: 'DISPOSITION' }), 'VALIDATION_FAILED');
    expectRefused(submitted(), verify({ action: 'DISPOSITION', agencies: [] }), 'VALIDATION_FAILED');
  });

  it('refuses DISPOSITION naming the same agency twice (CONFLICT)', () => {
    expectRefused(submitted(), dispositionTo([DINKES, DINKES]), 'CONFLICT');
  });
});

describe('addDisposition', () => {
  it('adds a PENDING disposition to a DISPOSITIONED complaint with the note, keeping it DISPOSITIONED', () => {
    const { change, record } = run(inStatus('DISPOSITIONED'), add(DPUPR, plus(T0, DAY), 'Mohon koordinasi'));
    expect(statusOf(record)).toBe('DISPOSITIONED');
    expect(change.dispositions).toEqual([expect.objectContaining({ agencyId: 'dpupr', status: 'PENDING', note: 'Mohon koordinasi', version: 1 })]);
    expect(change.timeline).toEqual([
      expect.objectContaining({ seq: '000003.00', type: 'DISPOSITIONED', agencyId: 'dpupr', message: 'Mohon koordinasi', actor: admin }),
    ]);
    expect(statusEntries(change)).toEqual([]);
    // firstDispositionedAt is the first one's.
    expect(record.complaint.firstDispositionedAt).toBe(T0);
  });

  it('keeps an IN_PROGRESS complaint IN_PROGRESS', () => {
    expect(statusOf(after(inStatus('IN_PROGRESS'), add(DPUPR)))).toBe('IN_PROGRESS');
  });

  it('moves a RETURNED complaint back to DISPOSITIONED', () => {
    const { change, record } = run(inStatus('RETURNED'), add(DPUPR));
    expect(statusOf(record)).toBe('DISPOSITIONED');
    expect(statusEntries(change)).toEqual([expect.objectContaining({ fromStatus: 'RETURNED', toStatus: 'DISPOSITIONED' })]);
  });

  it('reactivates a RETURNED disposition: PENDING again, version + 1, new date and deadline', () => {
    const returned = after(inStatus('DISPOSITIONED'), giveBack('dishub'));
    expect(dispositionOf(returned, 'dishub')).toMatchObject({ status: 'RETURNED', version: 2 });
    const later = '2025-01-20T03:00:00.000Z';
    const { change, record } = run(returned, add(DISHUB, later));
    expect(change.dispositions).toHaveLength(1);
    expect(dispositionOf(record, 'dishub')).toMatchObject({
      status: 'PENDING',
      version: 3,
      dispositionedAt: later,
      deadline: calendar.deadlineAfterWorkingDays(new Date(later), 5).toISOString(),
    });
    expect(dispositionOf(record, 'dishub').returnReason).toBeUndefined();
    expect(change.timeline[0]?.details).toMatchObject({ reactivated: true });
  });

  it('refuses an agency that already holds an active disposition (CONFLICT), whatever its status', () => {
    expectRefused(inStatus('DISPOSITIONED'), add(DINKES), 'CONFLICT');
    const inProgress = inStatus('IN_PROGRESS');
    expect(dispositionOf(inProgress, 'dinkes').status).toBe('IN_PROGRESS');
    expectRefused(inProgress, add(DINKES), 'CONFLICT');
    const oneDone = after(inStatus('DISPOSITIONED'), follow('dinkes', true));
    expect(dispositionOf(oneDone, 'dinkes').status).toBe('COMPLETED');
    expectRefused(oneDone, add(DINKES), 'CONFLICT');
  });

  it.each(['SUBMITTED', 'ON_HOLD', 'ARCHIVED', 'NOT_AUTHORITY', 'COMPLETED', 'ESCALATED'] as const)(
    'refuses a %s complaint (INVALID_TRANSITION)',
    (status) => {
      expectRefused(inStatus(status), add(DPUPR), 'INVALID_TRANSITION');
    },
  );
});

describe('postFollowUp', () => {
  it('first follow-up: disposition PENDING → IN_PROGRESS, complaint DISPOSITIONED → IN_PROGRESS', () => {
    const at = plus(T0, DAY);
    const { change, record } = run(inStatus('DISPOSITIONED'), follow('dinkes', false, at, 'Tim sudah survei'));
    expect(dispositionOf(record, 'dinkes')).toMatchObject({ status: 'IN_PROGRESS', version: 2, firstFollowUpAt: at, lastFollowUpAt: at });
    expect(dispositionOf(record, 'dishub').status).toBe('PENDING');
    expect(record.complaint).toMatchObject({ status: 'IN_PROGRESS', firstFollowUpAt: at, lastFollowUpAt: at, version: 3 });
    expect(change.timeline).toEqual([
      {
        trackingId: 'TNT-1',
        seq: '000003.00',
        at,
        type: 'FOLLOWED_UP',
        actor: officer('dinkes'),
        agencyId: 'dinkes',
        message: 'Tim sudah survei',
        details: { final: false },
        fromStatus: 'DISPOSITIONED',
        toStatus: 'IN_PROGRESS',
      },
    ]);
  });

  it('a later follow-up keeps firstFollowUpAt and moves lastFollowUpAt', () => {
    const first = plus(T0, DAY);
    const second = plus(T0, 3 * DAY);
    const record = after(after(inStatus('DISPOSITIONED'), follow('dinkes', false, first)), follow('dinkes', false, second));
    expect(dispositionOf(record, 'dinkes')).toMatchObject({ firstFollowUpAt: first, lastFollowUpAt: second, version: 3 });
    expect(record.complaint).toMatchObject({ firstFollowUpAt: first, lastFollowUpAt: second });
  });

  it('final follow-ups complete the dispositions; the last one completes the complaint', () => {
    const one = run(inStatus('DISPOSITIONED'), follow('dinkes', true, plus(T0, DAY)));
    expect(dispositionOf(one.record, 'dinkes')).toMatchObject({ status: 'COMPLETED', completedAt: plus(T0, DAY) });
    expect(statusOf(one.record)).toBe('IN_PROGRESS');
    expect(one.change.timeline.map((e) => e.type)).toEqual(['FOLLOWED_UP', 'DISPOSITION_COMPLETED']);
    // The status change sits on the last entry of the command.
    expect(one.change.timeline[1]).toMatchObject({ fromStatus: 'DISPOSITIONED', toStatus: 'IN_PROGRESS', agencyId: 'dinkes' });

    const two = run(one.record, follow('dishub', true, plus(T0, 2 * DAY)));
    expect(statusOf(two.record)).toBe('COMPLETED');
    expect(two.record.complaint.completedAt).toBe(plus(T0, 2 * DAY));
    expect(statusEntries(two.change)).toEqual([expect.objectContaining({ type: 'DISPOSITION_COMPLETED', fromStatus: 'IN_PROGRESS', toStatus: 'COMPLETED' })]);
  });

  it('a single agency completing at once moves DISPOSITIONED → COMPLETED', () => {
    const record = after(after(submitted(), dispositionTo([DINKES])), follow('dinkes', true));
    expect(statusOf(record)).toBe('COMPLETED');
  });

  it('follow-ups on an ESCALATED complaint are taken but leave it ESCALATED', () => {
    const escalated = after(inStatus('DISPOSITIONED'), (r) => escalateComplaint(r, {}, ctxAt(plus(T0, 60 * DAY))));
    expect(statusOf(escalated)).toBe('ESCALATED');
    const at = plus(T0, 61 * DAY);
    const { change, record } = run(escalated, follow('dinkes', true, at));
    expect(statusOf(record)).toBe('ESCALATED');
    expect(dispositionOf(record, 'dinkes').status).toBe('COMPLETED');
    expect(record.complaint.lastFollowUpAt).toBe(at);
    expect(statusEntries(change)).toEqual([]);
  });

  it('refuses a follow-up on a completed disposition while others are open (INVALID_TRANSITION)', () => {
    const oneDone = after(inStatus('DISPOSITIONED'), follow('dinkes', true));
    expectRefused(oneDone, follow('dinkes'), 'INVALID_TRANSITION');
    expectRefused(oneDone, follow('dinkes', true), 'INVALID_TRANSITION');
  });

  it('refuses a follow-up on a COMPLETED complaint (INVALID_TRANSITION)', () => {
    expectRefused(inStatus('COMPLETED'), follow('dinkes'), 'INVALID_TRANSITION');
  });

  it('refuses a follow-up on a returned disposition, or by an agency without one (NOT_FOUND)', () => {
    const partlyReturned = after(inStatus('DISPOSITIONED'), giveBack('dishub'));
    expectRefused(partlyReturned, follow('dishub'), 'NOT_FOUND');
    expectRefused(partlyReturned, follow('dpupr'), 'NOT_FOUND');
    expectRefused(inStatus('RETURNED'), follow('dinkes'), 'NOT_FOUND');
    expectRefused(submitted(), follow('dinkes'), 'NOT_FOUND');
  });
});

describe('returnDisposition', () => {
  it('returns a PENDING disposition; the complaint stays DISPOSITIONED while another is active', () => {
    const at = plus(T0, DAY);
    const { change, record } = run(inStatus('DISPOSITIONED'), giveBack('dishub', at, '  Kewenangan provinsi  '));
    expect(dispositionOf(record, 'dishub')).toMatchObject({ status: 'RETURNED', returnedAt: at, returnReason: 'Kewenangan provinsi', version: 2 });
    expect(statusOf(record)).toBe('DISPOSITIONED');
    expect(change.timeline).toEqual([
      expect.objectContaining({ type: 'DISPOSITION_RETURNED', agencyId: 'dishub', actor: officer('dishub'), message: 'Kewenangan provinsi' }),
    ]);
    expect(statusEntries(change)).toEqual([]);
  });

  it('returning every active disposition puts the complaint back in the admin queue as RETURNED', () => {
    const one = after(inStatus('DISPOSITIONED'), giveBack('dinkes'));
    const { change, record } = run(one, giveBack('dishub'));
    expect(statusOf(record)).toBe('RETURNED');
    expect(statusEntries(change)).toEqual([expect.objectContaining({ fromStatus: 'DISPOSITIONED', toStatus: 'RETURNED' })]);
  });

  it('returning the last open disposition when the others are completed completes the complaint', () => {
    const oneDone = after(inStatus('DISPOSITIONED'), follow('dinkes', true));
    const at = plus(T0, 2 * DAY);
    const record = after(oneDone, giveBack('dishub', at));
    expect(statusOf(record)).toBe('COMPLETED');
    expect(record.complaint.completedAt).toBe(at);
  });

  it('refuses to return after a follow-up (INVALID_TRANSITION)', () => {
    const inProgress = inStatus('IN_PROGRESS');
    expectRefused(inProgress, giveBack('dinkes'), 'INVALID_TRANSITION');
    const oneDone = after(inStatus('DISPOSITIONED'), follow('dinkes', true));
    expectRefused(oneDone, giveBack('dinkes'), 'INVALID_TRANSITION');
  });

  it('refuses a blank reason (VALIDATION_FAILED) and an already returned or absent disposition (NOT_FOUND)', () => {
    expectRefused(inStatus('DISPOSITIONED'), giveBack('dinkes', T0, '   '), 'VALIDATION_FAILED');
    const partlyReturned = after(inStatus('DISPOSITIONED'), giveBack('dishub'));
    expectRefused(partlyReturned, giveBack('dishub'), 'NOT_FOUND');
    expectRefused(partlyReturned, giveBack('dpupr'), 'NOT_FOUND');
  });
});

describe('respondAsReporter', () => {
  const completedAt = T0; // inStatus('COMPLETED') completes everything at T0

  it('a plain response is logged in any status and bumps the version only (a completed report\'s reply window restarts)', () => {
    for (const status of COMPLAINT_STATUSES) {
      const record = inStatus(status);
      const at = plus(T0, 61 * DAY);
      const { change } = run(record, respond({ message: 'Ada kabar?' }, at));
      const autoCloseAt = status === 'COMPLETED' ? { autoCloseAt: calendar.deadlineAfterWorkingDays(new Date(at), 10).toISOString() } : {};
      expect(change.complaint).toEqual({ ...record.complaint, version: record.complaint.version + 1, ...autoCloseAt });
      expect(change.dispositions).toEqual([]);
      expect(change.timeline).toEqual([expect.objectContaining({ type: 'REPORTER_RESPONDED', actor: { role: 'reporter' }, message: 'Ada kabar?' })]);
    }
  });

  it('rates a COMPLETED complaint', () => {
    const { change } = run(inStatus('COMPLETED'), respond({ rating: 4 }));
    expect(change.complaint.rating).toBe(4);
    expect(change.complaint.status).toBe('COMPLETED');
    expect(change.timeline[0]).toMatchObject({ type: 'REPORTER_RESPONDED', details: { rating: 4 } });
  });

  it.each(['SUBMITTED', 'DISPOSITIONED', 'IN_PROGRESS', 'RETURNED', 'ESCALATED', 'ARCHIVED'] as const)(
    'refuses a rating before completion (%s → INVALID_TRANSITION)',
    (status) => {
      expectRefused(inStatus(status), respond({ rating: 5 }), 'INVALID_TRANSITION');
    },
  );

  it('refuses to rate and reopen at once (VALIDATION_FAILED)', () => {
    expectRefused(inStatus('COMPLETED'), respond({ rating: 1, reopen: true }), 'VALIDATION_FAILED');
  });

  it('reopens within the window: completed dispositions back to IN_PROGRESS, complaint COMPLETED → IN_PROGRESS', () => {
    const at = plus(completedAt, 30 * DAY); // the last instant of the 30-day window
    const record = inStatus('COMPLETED');
    const { change, record: reopened } = run(record, respond({ message: 'Belum beres', reopen: true }, at));
    expect(statusOf(reopened)).toBe('IN_PROGRESS');
    expect(reopened.complaint.completedAt).toBeUndefined();
    expect(reopened.dispositions.map((d) => [d.agencyId, d.status, d.version, d.completedAt])).toEqual([
      ['dinkes', 'IN_PROGRESS', 3, undefined],
      ['dishub', 'IN_PROGRESS', 3, undefined],
    ]);
    expect(change.timeline.map((e) => e.type)).toEqual(['REPORTER_RESPONDED', 'REOPENED']);
    expect(change.timeline[1]).toMatchObject({ actor: { role: 'reporter' }, fromStatus: 'COMPLETED', toStatus: 'IN_PROGRESS' });
    // Follow-ups are accepted again.
    expect(statusOf(after(reopened, follow('dinkes', true, at)))).toBe('IN_PROGRESS');
  });

  it('refuses to reopen outside the window, measured from completion', () => {
    expectRefused(inStatus('COMPLETED'), respond({ reopen: true }, plus(completedAt, 30 * DAY + 1)), 'INVALID_TRANSITION');
    // A shorter configured window is honoured.
    const shortWindow = (r: ComplaintRecord) => respondAsReporter(r, { message: 'x', reopen: true }, ctxAt(plus(completedAt, 8 * DAY), { reopenWindowDays: 7 }));
    expectRefused(inStatus('COMPLETED'), shortWindow, 'INVALID_TRANSITION');
  });

  it.each(['SUBMITTED', 'DISPOSITIONED', 'IN_PROGRESS', 'RETURNED', 'ESCALATED', 'ARCHIVED'] as const)(
    'refuses to reopen a %s complaint (INVALID_TRANSITION)',
    (status) => {
      expectRefused(inStatus(status), respond({ reopen: true }), 'INVALID_TRANSITION');
    },
  );
});

describe('escalation', () => {
  const SUBMITTED_AT = '2025-01-06T03:00:00.000Z';

  it('is not possible on day 59 and possible from day 60 after submission (escalationDays = 60)', () => {
    const { complaint } = submitted(SUBMITTED_AT);
    expect(settings.escalationDays).toBe(60);
    const day60 = plus(SUBMITTED_AT, 60 * DAY);
    expect(escalationEligibility(complaint, new Date(plus(SUBMITTED_AT, 59 * DAY)), settings)).toMatchObject({ eligible: false });
    expect(escalationEligibility(complaint, new Date(plus(SUBMITTED_AT, 60 * DAY - 1)), settings)).toMatchObject({ eligible: false });
    expect(escalationEligibility(complaint, new Date(day60), settings)).toEqual({ eligible: true, since: day60 });
    expect(escalationEligibility(complaint, new Date(plus(SUBMITTED_AT, 400 * DAY)), settings)).toEqual({ eligible: true, since: day60 });
    // The number of days is configuration.
    expect(escalationEligibility(complaint, new Date(plus(SUBMITTED_AT, 30 * DAY)), { ...settings, escalationDays: 30 })).toMatchObject({ eligible: true });
  });

  it('counts from the last follow-up when there is one', () => {
    const followUpAt = plus(SUBMITTED_AT, 40 * DAY);
    const record = after(inStatus('DISPOSITIONED', SUBMITTED_AT), follow('dinkes', false, followUpAt));
    expect(escalationEligibility(record.complaint, new Date(plus(SUBMITTED_AT, 60 * DAY)), settings)).toMatchObject({ eligible: false });
    expect(escalationEligibility(record.complaint, new Date(plus(followUpAt, 59 * DAY)), settings)).toMatchObject({ eligible: false });
    expect(escalationEligibility(record.complaint, new Date(plus(followUpAt, 60 * DAY)), settings)).toEqual({
      eligible: true,
      since: plus(followUpAt, 60 * DAY),
    });
  });

  it.each(['SUBMITTED', 'ON_HOLD', 'DISPOSITIONED', 'IN_PROGRESS', 'RETURNED'] as const)(
    'an open %s complaint becomes eligible',
    (status) => {
      const record = inStatus(status, SUBMITTED_AT);
      const start = record.complaint.lastFollowUpAt ?? SUBMITTED_AT;
      expect(escalationEligibility(record.complaint, new Date(plus(start, 60 * DAY)), settings).eligible).toBe(true);
    },
  );

  it.each(['ARCHIVED', 'NOT_AUTHORITY', 'COMPLETED', 'ESCALATED'] as const)('a %s complaint never becomes eligible', (status) => {
    const record = inStatus(status, SUBMITTED_AT);
    for (const days of [60, 61, 365, 3650]) {
      expect(escalationEligibility(record.complaint, new Date(plus(SUBMITTED_AT, days * DAY)), settings)).toMatchObject({ eligible: false });
    }
    expectRefused(record, (r) => escalateComplaint(r, {}, ctxAt(plus(SUBMITTED_AT, 365 * DAY))), 'INVALID_TRANSITION');
  });

  it('escalateComplaint moves an eligible complaint to ESCALATED with an ESCALATED entry by the reporter', () => {
    const at = plus(SUBMITTED_AT, 60 * DAY);
    const { change, record } = run(inStatus('DISPOSITIONED', SUBMITTED_AT), (r) => escalateComplaint(r, {}, ctxAt(at)));
    expect(record.complaint).toMatchObject({ status: 'ESCALATED', escalatedAt: at, version: 3 });
    expect(change.dispositions).toEqual([]);
    expect(change.counters).toEqual([]);
    expect(change.timeline).toEqual([
      expect.objectContaining({ type: 'ESCALATED', actor: { role: 'reporter' }, fromStatus: 'DISPOSITIONED', toStatus: 'ESCALATED' }),
    ]);
  });

  it('refuses to escalate before day 60', () => {
    expectRefused(submitted(SUBMITTED_AT), (r) => escalateComplaint(r, {}, ctxAt(plus(SUBMITTED_AT, 60 * DAY - 1))), 'INVALID_TRANSITION');
  });
});

describe('follow-up deadlines: end of the 5th working day after disposition (WIB)', () => {
  it.each([
    // Monday → the Monday after.
    ['2025-01-06T03:00:00.000Z', '2025-01-13T16:59:59.999Z'],
    // 23 Dec 2024: 25 Dec (Natal), 26 Dec (cuti bersama), 1 Jan (Tahun Baru) are closed: 24, 27, 30, 31 Dec, 2 Jan.
    ['2024-12-23T03:00:00.000Z', '2025-01-02T16:59:59.999Z'],
    // Tuesday 17 March 2026: Nyepi and Idulfitri close 18-20 and 23-24 March: 25, 26, 27, 30, 31 March.
    ['2026-03-17T03:00:00.000Z', '2026-03-31T16:59:59.999Z'],
    // Thursday 23:30 WIB counts from Friday; 00:30 WIB Friday (still Thursday in UTC) from Monday.
    ['2025-01-09T16:30:00.000Z', '2025-01-16T16:59:59.999Z'],
    ['2025-01-09T17:30:00.000Z', '2025-01-17T16:59:59.999Z'],
    // A weekend disposition counts from Monday, like one made on Friday.
    ['2025-01-11T03:00:00.000Z', '2025-01-17T16:59:59.999Z'],
  ])('dispositioned %s → deadline %s', (at, deadline) => {
    const record = after(submitted(at), dispositionTo([DINKES], at));
    expect(dispositionOf(record, 'dinkes').deadline).toBe(deadline);
    // The timeline tells the agency the same deadline.
    expect(record.timeline.find((e) => e.type === 'DISPOSITIONED')?.details?.deadline).toBe(deadline);
  });
});

describe('%TL counters', () => {
  const sumBy = (deltas: readonly CounterDelta[]) => {
    const out: Record<string, Omit<CounterDelta, 'agencyId' | 'period'>> = {};
    for (const d of deltas) {
      const key = `${d.agencyId} ${d.period}`;
      const s = (out[key] ??= { received: 0, pending: 0, inProgress: 0, completed: 0 });
      s.received += d.received;
      s.pending += d.pending;
      s.inProgress += d.inProgress;
      s.completed += d.completed;
    }
    return out;
  };
  const NYE = '2021-12-31T20:00:00.000Z'; // 1 January 2022, 03:00 WIB

  it('a disposition at 2021-12-31T20:00:00Z counts in 2022 and 2022-01 in Asia/Jakarta', () => {
    const { change } = run(submitted('2021-12-30T03:00:00.000Z'), dispositionTo([DINKES], NYE));
    expect(sumBy(change.counters)).toEqual({
      'dinkes 2022': { received: 1, pending: 1, inProgress: 0, completed: 0 },
      'dinkes 2022-01': { received: 1, pending: 1, inProgress: 0, completed: 0 },
    });
  });

  it('the same instant counts in 2021-12 in a zone still in 2021 (the region time zone decides)', () => {
    const record = submitted('2021-12-30T03:00:00.000Z');
    const change = verifyComplaint(record, { action: 'DISPOSITION', agencies: [DINKES] }, admin, ctxAt(NYE, { timeZone: 'Europe/London' }));
    expect(Object.keys(sumBy(change.counters)).sort()).toEqual(['dinkes 2021', 'dinkes 2021-12']);
  });

  it('follow-ups move the count from pending to in progress to completed, keeping received', () => {
    const dispositioned = after(submitted('2021-12-30T03:00:00.000Z'), dispositionTo([DINKES], NYE));
    const first = run(dispositioned, follow('dinkes', false, '2022-02-10T03:00:00.000Z'));
    // Counted under the disposition date's periods, not the follow-up's.
    expect(sumBy(first.change.counters)).toEqual({
      'dinkes 2022': { received: 0, pending: -1, inProgress: 1, completed: 0 },
      'dinkes 2022-01': { received: 0, pending: -1, inProgress: 1, completed: 0 },
    });
    const final = run(first.record, follow('dinkes', true, '2022-02-11T03:00:00.000Z'));
    expect(sumBy(final.change.counters)).toEqual({
      'dinkes 2022': { received: 0, pending: 0, inProgress: -1, completed: 1 },
      'dinkes 2022-01': { received: 0, pending: 0, inProgress: -1, completed: 1 },
    });
  });

  it('a return removes the disposition from received; a reactivation re-adds it under the new period', () => {
    const dispositioned = run(submitted('2021-12-30T03:00:00.000Z'), dispositionTo([DINKES], NYE));
    const returned = run(dispositioned.record, giveBack('dinkes', '2022-01-03T03:00:00.000Z'));
    expect(sumBy(returned.change.counters)).toEqual({
      'dinkes 2022': { received: -1, pending: -1, inProgress: 0, completed: 0 },
      'dinkes 2022-01': { received: -1, pending: -1, inProgress: 0, completed: 0 },
    });
    const reactivated = run(returned.record, add(DINKES, '2022-02-15T03:00:00.000Z'));
    expect(sumBy(reactivated.change.counters)).toEqual({
      'dinkes 2022': { received: 1, pending: 1, inProgress: 0, completed: 0 },
      'dinkes 2022-02': { received: 1, pending: 1, inProgress: 0, completed: 0 },
    });
    // Net over the three commands: counted once, in February.
    const all = [...dispositioned.change.counters, ...returned.change.counters, ...reactivated.change.counters];
    const net = sumBy(all);
    expect(net['dinkes 2022-01']).toEqual({ received: 0, pending: 0, inProgress: 0, completed: 0 });
    expect(net['dinkes 2022-02']).toEqual({ received: 1, pending: 1, inProgress: 0, completed: 0 });
    expect(net['dinkes 2022']).toEqual({ received: 1, pending: 1, inProgress: 0, completed: 0 });
  });

  it('a reopen moves completed back to in progress', () => {
    const { change } = run(inStatus('COMPLETED'), respond({ reopen: true }));
    expect(sumBy(change.counters)).toEqual({
      'dinkes 2025': { received: 0, pending: 0, inProgress: 1, completed: -1 },
      'dinkes 2025-01': { received: 0, pending: 0, inProgress: 1, completed: -1 },
      'dishub 2025': { received: 0, pending: 0, inProgress: 1, completed: -1 },
      'dishub 2025-01': { received: 0, pending: 0, inProgress: 1, completed: -1 },
    });
  });

  it('commands that touch no disposition change no counter', () => {
    expect(run(submitted(), verify({ action: 'HOLD' })).change.counters).toEqual([]);
    expect(run(inStatus('COMPLETED'), respond({ rating: 5 })).change.counters).toEqual([]);
  });

  it('counterDeltas: RETURNED contributes nothing, and an unchanged status nets to nothing', () => {
    const d: Disposition = dispositionOf(inStatus('DISPOSITIONED'), 'dinkes');
    expect(counterDeltas(d, { ...d, version: d.version + 1 }, 'Asia/Jakarta')).toEqual([]);
    expect(counterDeltas({ ...d, status: 'RETURNED' }, { ...d, status: 'RETURNED' }, 'Asia/Jakarta')).toEqual([]);
    expect(counterDeltas(undefined, d, 'Asia/Jakarta')).toEqual([
      { agencyId: 'dinkes', period: '2025', received: 1, pending: 1, inProgress: 0, completed: 0 },
      { agencyId: 'dinkes', period: '2025-01', received: 1, pending: 1, inProgress: 0, completed: 0 },
    ]);
  });
});

describe('derivedStatus', () => {
  const d = (status: Disposition['status']) => ({ status }) as Disposition;
  it.each([
    [[], 'RETURNED'],
    [['RETURNED', 'RETURNED'], 'RETURNED'],
    [['PENDING'], 'DISPOSITIONED'],
    [['PENDING', 'RETURNED'], 'DISPOSITIONED'],
    [['PENDING', 'IN_PROGRESS'], 'IN_PROGRESS'],
    [['PENDING', 'COMPLETED'], 'IN_PROGRESS'],
    [['COMPLETED', 'RETURNED'], 'COMPLETED'],
    [['COMPLETED', 'COMPLETED'], 'COMPLETED'],
    [['IN_PROGRESS', 'COMPLETED'], 'IN_PROGRESS'],
  ] as Array<[Disposition['status'][], ComplaintStatus]>)('%j → %s', (statuses, expected) => {
    expect(derivedStatus(statuses.map(d))).toBe(expected);
  });
});

describe('transition tables', () => {
  it('terminal states have no way out and every target is a known status', () => {
    expect(COMPLAINT_TRANSITIONS.ARCHIVED).toEqual([]);
    expect(COMPLAINT_TRANSITIONS.NOT_AUTHORITY).toEqual([]);
    expect(COMPLAINT_TRANSITIONS.ESCALATED).toEqual(['RETURNED']);
    for (const targets of Object.values(COMPLAINT_TRANSITIONS)) {
      for (const t of targets) expect(COMPLAINT_STATUSES).toContain(t);
    }
    // Only PENDING can be returned, and only RETURNED can become PENDING again.
    expect(Object.entries(DISPOSITION_TRANSITIONS).filter(([, to]) => to.includes('RETURNED')).map(([from]) => from)).toEqual(['PENDING']);
    expect(Object.entries(DISPOSITION_TRANSITIONS).filter(([, to]) => to.includes('PENDING')).map(([from]) => from)).toEqual(['RETURNED']);
  });

  it('every transition taken by the scenarios above is in the table', () => {
    const seen: Array<[ComplaintStatus, ComplaintStatus]> = [];
    for (const status of COMPLAINT_STATUSES) {
      const record = inStatus(status);
      let previous: ComplaintStatus | undefined;
      for (const e of record.timeline) {
        if (e.fromStatus && e.toStatus) seen.push([e.fromStatus, e.toStatus]);
        if (e.toStatus) {
          if (previous) expect(e.fromStatus).toBe(previous);
          previous = e.toStatus;
        }
      }
      expect(previous).toBe(status);
    }
    for (const [from, to] of seen) expect(COMPLAINT_TRANSITIONS[from]).toContain(to);
  });
});

describe('timeline', () => {
  it('seq values are unique and strictly increasing across a whole story, in commit order', () => {
    let record = submitted();
    const steps: Array<(r: ComplaintRecord) => ChangeSet> = [
      verify({ action: 'HOLD', reason: 'Data kurang' }),
      dispositionTo([DINKES, DISHUB, DPUPR]),
      giveBack('dpupr'),
      follow('dinkes'),
      follow('dinkes', true),
      follow('dishub', true),
      respond({ reopen: true }),
      follow('dishub', true),
      follow('dinkes', true),
      respond({ rating: 5 }),
    ];
    const seqs: string[] = record.timeline.map((e) => e.seq);
    for (const step of steps) {
      const { change, record: next } = run(record, step);
      expect(change.complaint.version).toBe(record.complaint.version + 1);
      for (const e of change.timeline) {
        expect(e.seq.startsWith(`${String(change.complaint.version).padStart(6, '0')}.`)).toBe(true);
        expect(e.trackingId).toBe('TNT-1');
        expect(e.at).toBe(T0);
        seqs.push(e.seq);
      }
      record = next;
    }
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort()).toEqual(seqs);
    expect(record.timeline.map((e) => e.seq)).toEqual(seqs);
    expect(record.timeline.filter((e) => e.type === 'SUBMITTED')).toHaveLength(1);
    expect(record.timeline[0]?.type).toBe('SUBMITTED');
    expect(statusOf(record)).toBe('COMPLETED');
    expect(record.complaint.rating).toBe(5);
  });

  it('actors: reporter for submit/respond/escalate, the admin for verify/disposition, the officer for follow-up/return', () => {
    const record = after(after(after(inStatus('DISPOSITIONED'), follow('dinkes')), giveBack('dishub')), respond({}));
    const actorsByType = new Map(record.timeline.map((e) => [`${e.type} ${e.agencyId ?? ''}`, e.actor]));
    expect(actorsByType.get('SUBMITTED ')).toEqual({ role: 'reporter' });
    expect(actorsByType.get('VERIFIED ')).toEqual(admin);
    expect(actorsByType.get('DISPOSITIONED dinkes')).toEqual(admin);
    expect(actorsByType.get('FOLLOWED_UP dinkes')).toEqual(officer('dinkes'));
    expect(actorsByType.get('DISPOSITION_RETURNED dishub')).toEqual(officer('dishub'));
    expect(actorsByType.get('REPORTER_RESPONDED ')).toEqual({ role: 'reporter' });
  });
});
