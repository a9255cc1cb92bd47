// Model-based property test of the complaint and disposition state machines (DESIGN.md §2).
// Random command sequences run from a freshly submitted complaint while the clock moves on. An
// independent oracle, written from the design rather than from lifecycle.ts, says which commands
// must be refused and with which codes; accepted ones are committed to the in-memory repository
// (which checks the version conditions) and the invariants are checked after every step.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createCalendar } from '../../../functions/core/calendar';
import { DomainError, type ErrorCode } from '../../../functions/core/errors';
import {
  COMPLAINT_TRANSITIONS,
  DISPOSITION_TRANSITIONS,
  addDisposition,
  derivedStatus,
  escalateComplaint,
  escalationEligibility,
  postFollowUp,
  respondAsReporter,
  returnDisposition,
  submitComplaint,
  verifyComplaint,
  type CommandContext,
} from '../../../functions/core/lifecycle';
import {
  COMPLAINT_STATUSES,
  TIMELINE_TYPES,
  VERIFICATION_ACTIONS,
  type Actor,
  type ChangeSet,
  type ComplaintRecord,
  type ComplaintStatus,
  type VerificationAction,
} from '../../../functions/core/model';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import { InMemoryComplaintRepository, agency, applyChangeSet, type Counts } from '../../support/fakes';

const settings = DEFAULT_SETTINGS; // Asia/Jakarta, 60 escalation days, 30 reopen days
const calendar = createCalendar({ timeZone: settings.timeZone });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WIB_OFFSET = 7 * HOUR; // Asia/Jakarta has been UTC+7 without DST since 1964

const AGENCIES = [agency('dinkes'), agency('dishub'), agency('dpupr')];
const admin: Actor = { role: 'admin', userId: 'admin-1' };
const officer = (agencyId: string): Actor => ({ role: 'agency', userId: `officer-${agencyId}`, agencyId });

type Command =
  | {
      kind: 'verify';
      action: VerificationAction;
      agencies: number[];
      reason?: string;
      anonymous?: boolean;
      confidential?: boolean;
    }
  | { kind: 'add'; agency: number; note?: string }
  | { kind: 'followUp'; agency: number; final: boolean }
  | { kind: 'return'; agency: number; reason: string }
  | { kind: 'respond'; rating?: number; reopen?: boolean }
  | { kind: 'escalate' };

type Step = { advance: number; command: Command };

const reasonArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant('Alasan verifikasi') },
  { weight: 1, arbitrary: fc.constantFrom(undefined, '', '   ') },
);
const agencyIndexArb = fc.integer({ min: 0, max: AGENCIES.length - 1 });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record(
      {
        kind: fc.constant('verify' as const),
        // Mostly DISPOSITION: ARCHIVE and NOT_AUTHORITY end the story.
        action: fc.oneof(
          { weight: 1, arbitrary: fc.constantFrom<VerificationAction>(...VERIFICATION_ACTIONS) },
          { weight: 3, arbitrary: fc.constant<VerificationAction>('DISPOSITION') },
        ),
        // Mostly distinct agencies; sometimes none or the same one twice.
        agencies: fc.oneof(
          { weight: 4, arbitrary: fc.uniqueArray(agencyIndexArb, { minLength: 1, maxLength: AGENCIES.length }) },
          { weight: 1, arbitrary: fc.array(agencyIndexArb, { maxLength: 3 }) },
        ),
        reason: reasonArb,
        anonymous: optional(fc.boolean()),
        confidential: optional(fc.boolean()),
      },
      { requiredKeys: ['kind', 'action', 'agencies'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), agency: agencyIndexArb, note: optional(fc.constant('Catatan')) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('followUp' as const), agency: agencyIndexArb, final: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('return' as const), agency: agencyIndexArb, reason: fc.constantFrom('Bukan wewenang', ' ') }),
  },
  {
    weight: 4,
    arbitrary: fc.oneof(
      { weight: 1, arbitrary: fc.constant({ kind: 'respond' as const }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('respond' as const), rating: fc.integer({ min: 1, max: 5 }) }) },
      { weight: 3, arbitrary: fc.constant({ kind: 'respond' as const, reopen: true }) },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant('respond' as const), rating: fc.integer({ min: 1, max: 5 }), reopen: fc.boolean() }),
      },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('escalate' as const) }) },
);

// Mostly hours, sometimes weeks (reopen window), sometimes around the 60-day escalation mark.
const advanceArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 3 * DAY }) },
  { weight: 2, arbitrary: fc.integer({ min: 3 * DAY, max: 35 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: 55 * DAY, max: 65 * DAY }) },
);

const stepsArb = fc.array(fc.record({ advance: advanceArb, command: commandArb }), { minLength: 1, maxLength: 30, size: 'max' });
const startArb = fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-06-30T00:00:00Z') });

// ---------------------------------------------------------------------------------------------
// The oracle: which error codes the design allows for a command in a state ([] = must succeed).

const CLOSED_FOR_ESCALATION: readonly ComplaintStatus[] = ['ARCHIVED', 'NOT_AUTHORITY', 'COMPLETED', 'ESCALATED'];

function activeOf(record: ComplaintRecord, agencyId: string) {
  return record.dispositions.find((d) => d.agencyId === agencyId && d.status !== 'RETURNED');
}

function oracleEligible(record: ComplaintRecord, now: number): boolean {
  const c = record.complaint;
  if (CLOSED_FOR_ESCALATION.includes(c.status) || c.escalatedAt) return false;
  // The one clock: the latest of submission, first disposition and last follow-up.
  const start = Math.max(...[c.submittedAt, c.firstDispositionedAt, c.lastFollowUpAt].filter((t): t is string => t !== undefined).map(Date.parse));
  return now - start >= settings.escalationDays * DAY;
}

function expectedRefusals(record: ComplaintRecord, command: Command, now: number): ErrorCode[] {
  const c = record.complaint;
  const codes = new Set<ErrorCode>();
  switch (command.kind) {
    case 'verify': {
      if (!['SUBMITTED', 'ON_HOLD', 'RETURNED'].includes(c.status)) codes.add('INVALID_TRANSITION');
      if (command.action === 'HOLD' && c.status === 'ON_HOLD') codes.add('INVALID_TRANSITION');
      if ((command.action === 'ARCHIVE' || command.action === 'NOT_AUTHORITY') && !command.reason?.trim()) codes.add('VALIDATION_FAILED');
      // Never less private than it is.
      if ((command.anonymous === false && c.anonymous) || (command.confidential === false && c.confidential)) codes.add('VALIDATION_FAILED');
      if (command.action === 'DISPOSITION') {
        if (command.agencies.length === 0) codes.add('VALIDATION_FAILED');
        if (new Set(command.agencies).size !== command.agencies.length) codes.add('CONFLICT');
        if (command.agencies.some((i) => activeOf(record, AGENCIES[i]!.agencyId))) codes.add('CONFLICT');
      }
      break;
    }
    case 'add': {
      if (!['DISPOSITIONED', 'IN_PROGRESS', 'RETURNED'].includes(c.status)) codes.add('INVALID_TRANSITION');
      if (activeOf(record, AGENCIES[command.agency]!.agencyId)) codes.add('CONFLICT');
      break;
    }
    case 'followUp': {
      const d = activeOf(record, AGENCIES[command.agency]!.agencyId);
      if (!d) codes.add('NOT_FOUND');
      if (!['DISPOSITIONED', 'IN_PROGRESS', 'ESCALATED'].includes(c.status)) codes.add('INVALID_TRANSITION');
      if (d?.status === 'COMPLETED') codes.add('INVALID_TRANSITION');
      break;
    }
    case 'return': {
      const d = activeOf(record, AGENCIES[command.agency]!.agencyId);
      if (!d) codes.add('NOT_FOUND');
      else if (d.status !== 'PENDING' || now > Date.parse(d.deadline)) codes.add('INVALID_TRANSITION');
      if (!command.reason.trim()) codes.add('VALIDATION_FAILED');
      break;
    }
    case 'respond': {
      if (command.rating !== undefined && command.reopen) codes.add('VALIDATION_FAILED');
      if (command.rating !== undefined && c.status !== 'COMPLETED') codes.add('INVALID_TRANSITION');
      if (command.reopen) {
        if (c.status !== 'COMPLETED') codes.add('INVALID_TRANSITION');
        else if (now > Date.parse(c.completedAt ?? c.submittedAt) + settings.reopenWindowDays * DAY) codes.add('INVALID_TRANSITION');
      }
      break;
    }
    case 'escalate': {
      if (!oracleEligible(record, now)) codes.add('INVALID_TRANSITION');
      break;
    }
  }
  return [...codes];
}

// ---------------------------------------------------------------------------------------------

function execute(record: ComplaintRecord, command: Command, ctx: CommandContext): ChangeSet {
  switch (command.kind) {
    case 'verify':
      return verifyComplaint(
        record,
        {
          action: command.action,
          agencies: command.agencies.map((i) => AGENCIES[i]!),
          ...(command.reason !== undefined && { reason: command.reason }),
          ...(command.anonymous !== undefined && { anonymous: command.anonymous }),
          ...(command.confidential !== undefined && { confidential: command.confidential }),
        },
        admin,
        ctx,
      );
    case 'add':
      return addDisposition(record, { agency: AGENCIES[command.agency]!, ...(command.note !== undefined && { note: command.note }) }, admin, ctx);
    case 'followUp': {
      const id = AGENCIES[command.agency]!.agencyId;
      return postFollowUp(record, id, { message: 'Tindak lanjut', final: command.final }, officer(id), ctx);
    }
    case 'return': {
      const id = AGENCIES[command.agency]!.agencyId;
      return returnDisposition(record, id, { reason: command.reason }, officer(id), ctx);
    }
    case 'respond':
      return respondAsReporter(
        record,
        {
          message: 'Tanggapan pelapor',
          ...(command.rating !== undefined && { rating: command.rating }),
          ...(command.reopen !== undefined && { reopen: command.reopen }),
        },
        ctx,
      );
    case 'escalate':
      return escalateComplaint(record, {}, ctx);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

type CounterMap = Map<string, Counts>;
const zero = (): Counts => ({ received: 0, pending: 0, inProgress: 0, completed: 0 });

/** Year and month of an instant in WIB, computed without the code under test. */
function wibPeriods(iso: string): [string, string] {
  const local = new Date(Date.parse(iso) + WIB_OFFSET).toISOString();
  return [local.slice(0, 4), local.slice(0, 7)];
}

function recount(record: ComplaintRecord): CounterMap {
  const counts: CounterMap = new Map();
  for (const d of record.dispositions) {
    if (d.status === 'RETURNED') continue;
    for (const period of wibPeriods(d.dispositionedAt)) {
      const key = `${d.agencyId} ${period}`;
      const c = counts.get(key) ?? zero();
      c.received += 1;
      if (d.status === 'PENDING') c.pending += 1;
      if (d.status === 'IN_PROGRESS') c.inProgress += 1;
      if (d.status === 'COMPLETED') c.completed += 1;
      counts.set(key, c);
    }
  }
  return counts;
}

function expectSameCounts(running: CounterMap, expected: CounterMap) {
  for (const key of new Set([...running.keys(), ...expected.keys()])) {
    assert.deepEqual({ [key]: running.get(key) ?? zero() }, { [key]: expected.get(key) ?? zero() });
  }
}

const DERIVED: readonly ComplaintStatus[] = ['DISPOSITIONED', 'IN_PROGRESS', 'COMPLETED', 'RETURNED'];

function checkInvariants(record: ComplaintRecord, running: CounterMap, acceptedCommands: number) {
  const c = record.complaint;
  assert.ok(COMPLAINT_STATUSES.includes(c.status), `unknown status ${c.status}`);
  assert.equal(c.version, 1 + acceptedCommands, 'version = 1 + accepted commands');
  if (DERIVED.includes(c.status)) assert.equal(c.status, derivedStatus(record.dispositions), 'status = derivedStatus(dispositions)');
  if (c.status === 'COMPLETED') {
    assert.ok(record.dispositions.filter((d) => d.status !== 'RETURNED').every((d) => d.status === 'COMPLETED'), 'COMPLETED with an open disposition');
    assert.ok(record.dispositions.some((d) => d.status === 'COMPLETED'), 'COMPLETED without a completed disposition');
  }
  // One disposition per agency at most.
  assert.equal(new Set(record.dispositions.map((d) => d.agencyId)).size, record.dispositions.length, 'one disposition per agency');
  expectSameCounts(running, recount(record));
  // Timeline: exactly one SUBMITTED entry, first; seq strictly increasing; known types.
  assert.equal(record.timeline[0]?.type, 'SUBMITTED', 'the timeline starts with SUBMITTED');
  assert.equal(record.timeline.filter((e) => e.type === 'SUBMITTED').length, 1, 'exactly one SUBMITTED entry');
  for (let i = 1; i < record.timeline.length; i++) {
    assert.ok(record.timeline[i - 1]!.seq < record.timeline[i]!.seq, `seq ${record.timeline[i - 1]!.seq} !< ${record.timeline[i]!.seq}`);
  }
  for (const e of record.timeline) assert.ok(TIMELINE_TYPES.includes(e.type), `unknown timeline type ${e.type}`);
  // The status history told by the timeline is a legal path ending in the current status.
  let told: ComplaintStatus | undefined;
  for (const e of record.timeline) {
    if (e.toStatus === undefined) continue;
    if (told !== undefined) {
      assert.equal(e.fromStatus, told, `entry ${e.seq} starts from the previous status`);
      assert.ok(COMPLAINT_TRANSITIONS[told].includes(e.toStatus), `${told} → ${e.toStatus} is not in COMPLAINT_TRANSITIONS`);
    }
    told = e.toStatus;
  }
  assert.equal(told, c.status, 'the timeline ends in the current status');
}

function checkChange(record: ComplaintRecord, change: ChangeSet, command: Command, now: Date) {
  const before = record.complaint;
  const after = change.complaint;
  assert.equal(after.trackingId, before.trackingId);
  assert.equal(after.version, before.version + 1, 'complaint version + 1');
  if (after.status !== before.status) {
    assert.ok(COMPLAINT_TRANSITIONS[before.status].includes(after.status), `${before.status} → ${after.status} is not in COMPLAINT_TRANSITIONS`);
  }

  // What the oracle knows of the resulting status.
  if (command.kind === 'verify' && command.action !== 'DISPOSITION') {
    assert.equal(after.status, { HOLD: 'ON_HOLD', ARCHIVE: 'ARCHIVED', NOT_AUTHORITY: 'NOT_AUTHORITY' }[command.action]);
  }
  if (command.kind === 'escalate') assert.equal(after.status, 'ESCALATED');
  if (command.kind === 'respond' && !command.reopen) assert.equal(after.status, before.status);
  if (command.kind === 'respond' && command.reopen) assert.equal(after.status, 'IN_PROGRESS');
  if (before.status === 'ESCALATED') assert.equal(after.status, 'ESCALATED', 'ESCALATED is final');

  // Dispositions: one entry each, versions chained, transitions legal.
  assert.equal(new Set(change.dispositions.map((d) => d.agencyId)).size, change.dispositions.length);
  for (const d of change.dispositions) {
    assert.equal(d.trackingId, before.trackingId);
    const previous = record.dispositions.find((p) => p.agencyId === d.agencyId);
    if (previous) {
      assert.equal(d.version, previous.version + 1, `disposition ${d.agencyId} version + 1`);
      if (d.status !== previous.status) {
        assert.ok(DISPOSITION_TRANSITIONS[previous.status].includes(d.status), `disposition ${previous.status} → ${d.status} is not in DISPOSITION_TRANSITIONS`);
      }
    } else {
      assert.equal(d.version, 1, 'a new disposition starts at version 1');
      assert.equal(d.status, 'PENDING', 'a new disposition starts PENDING');
    }
  }

  // Timeline: new entries only, after every existing one, at `now`, status change told exactly once.
  assert.ok(change.timeline.length > 0, 'every accepted command is logged');
  const lastSeq = record.timeline[record.timeline.length - 1]!.seq;
  let previousSeq = lastSeq;
  for (const e of change.timeline) {
    assert.ok(e.seq > previousSeq, `seq ${e.seq} !> ${previousSeq}`);
    previousSeq = e.seq;
    assert.equal(e.trackingId, before.trackingId);
    assert.equal(e.at, now.toISOString());
    assert.notEqual(e.type, 'SUBMITTED');
  }
  const told = change.timeline.filter((e) => e.fromStatus !== undefined || e.toStatus !== undefined);
  if (after.status === before.status) assert.deepEqual(told, [], 'no status change, none told');
  else assert.deepEqual(told.map((e) => [e.fromStatus, e.toStatus]), [[before.status, after.status]], 'the status change is told once');
}

describe('complaint lifecycle, model-based', () => {
  it('random command sequences keep every invariant; illegal commands are refused without effect', () => {
    const reachedStatuses = new Set<ComplaintStatus>();
    const accepted = new Map<string, number>();
    const refused = new Map<string, number>();

    fc.assert(
      fc.property(startArb, stepsArb, (start, steps: Step[]) => {
        const repo = new InMemoryComplaintRepository();
        let now = start;
        const submit = submitComplaint(
          {
            classification: 'PENGADUAN',
            title: 'Lampu jalan mati',
            description: 'Sudah seminggu',
            reporter: { name: 'Budi', email: 'budi@mail.example', phone: '+628111' },
          },
          { trackingId: 'TNT-PROP', accessTokenHash: '0'.repeat(64) },
          { now: new Date(now), calendar, settings },
        );
        repo.commitSync(submit);
        let record = applyChangeSet(undefined, submit);
        const running: CounterMap = new Map();
        let acceptedCommands = 0;
        checkInvariants(record, running, acceptedCommands);

        for (const { advance, command } of steps) {
          now += advance;
          const ctx: CommandContext = { now: new Date(now), calendar, settings };
          assert.equal(escalationEligibility(record.complaint, ctx.now, settings).eligible, oracleEligible(record, now), 'escalation eligibility');

          const allowed = expectedRefusals(record, command, now);
          const snapshot = structuredClone(record);
          const input = deepFreeze(structuredClone(record));
          let change: ChangeSet | undefined;
          let error: unknown;
          try {
            change = execute(input, command, ctx);
          } catch (e) {
            error = e;
          }
          // A refused or accepted command alike leaves its input untouched (it is frozen, too).
          assert.deepEqual(input, snapshot, 'the input record was modified');

          const label =
            command.kind === 'verify'
              ? `verify:${command.action}`
              : command.kind === 'respond'
                ? `respond${command.reopen ? ':reopen' : command.rating !== undefined ? ':rating' : ''}`
                : command.kind === 'followUp' && command.final
                  ? 'followUp:final'
                  : command.kind;
          if (allowed.length > 0) {
            if (!(error instanceof DomainError)) {
              throw new Error(
                `${label} in ${record.complaint.status} should be refused with ${allowed.join('/')}, ` +
                  `but ${error === undefined ? 'it was accepted' : `threw ${String(error)}`}`,
              );
            }
            assert.ok(allowed.includes(error.code), `${label} in ${record.complaint.status}: ${error.code}, expected ${allowed.join('/')}`);
            refused.set(label, (refused.get(label) ?? 0) + 1);
            // Nothing changes: the record stays as it was.
            continue;
          }
          if (error !== undefined) {
            throw new Error(`${label} in ${record.complaint.status} should be accepted, but threw ${String(error)}`);
          }
          const applied = change as ChangeSet;
          checkChange(record, applied, command, ctx.now);
          // The repository's version conditions accept exactly this change.
          repo.commitSync(applied);
          for (const delta of applied.counters) {
            const key = `${delta.agencyId} ${delta.period}`;
            const c = running.get(key) ?? zero();
            c.received += delta.received;
            c.pending += delta.pending;
            c.inProgress += delta.inProgress;
            c.completed += delta.completed;
            running.set(key, c);
          }
          record = applyChangeSet(record, applied);
          acceptedCommands += 1;
          accepted.set(label, (accepted.get(label) ?? 0) + 1);
          reachedStatuses.add(record.complaint.status);
          checkInvariants(record, running, acceptedCommands);
        }

        // The repository applied the same deltas.
        const stored = new Map(repo.counters().map((c) => [`${c.agencyId} ${c.period}`, repo.counter(c.agencyId, c.period)]));
        expectSameCounts(stored, recount(record));
      }),
      { numRuns: 500 },
    );

    // The generators reach every state and exercise every command both ways.
    expect([...reachedStatuses].sort()).toEqual([...COMPLAINT_STATUSES].sort());
    const labels = ['verify:DISPOSITION', 'verify:HOLD', 'verify:ARCHIVE', 'verify:NOT_AUTHORITY', 'add', 'followUp', 'followUp:final'];
    for (const label of [...labels, 'return', 'respond', 'respond:rating', 'respond:reopen', 'escalate']) {
      expect([label, (accepted.get(label) ?? 0) > 0]).toEqual([label, true]);
      // A plain response is taken in every status.
      if (label !== 'respond') expect([label, (refused.get(label) ?? 0) > 0]).toEqual([label, true]);
    }
  });
});
