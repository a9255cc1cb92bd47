// Privacy projections (DESIGN.md §2 Privacy): contact details reach only the reporter and the
// coordinator; an anonymous reporter's name only the coordinator; a confidential report has no
// public view; an agency sees only its own dealings.

import fc from 'fast-check';
import { createCalendar } from '../../../functions/core/calendar';
import { isDomainError } from '../../../functions/core/errors';
import {
  addDisposition,
  escalateComplaint,
  postFollowUp,
  respondAsReporter,
  returnDisposition,
  submitComplaint,
  verifyComplaint,
  type CommandContext,
  type NewComplaint,
} from '../../../functions/core/lifecycle';
import type { Actor, ChangeSet, ComplaintRecord, Disposition, Reporter } from '../../../functions/core/model';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import {
  isOverdue,
  toAdminView,
  toAgencyView,
  toDispositionListItem,
  toPublicView,
  toReporterView,
} from '../../../functions/core/views';
import { toExportRow } from '../../../functions/core/complaint-export';
import { agency, applyChangeSet } from '../../support/fakes';

const settings = DEFAULT_SETTINGS;
const calendar = createCalendar({ timeZone: settings.timeZone });
const DAY = 86_400_000;
const ctxAt = (t: number): CommandContext => ({ now: new Date(t), calendar, settings });

// Agency ids none of which contains another, so "mentions another agency" is a substring test.
const AGENCIES = [agency('opd-kesehatan'), agency('opd-perhubungan'), agency('opd-pekerjaan-umum')];
const ADMIN_USER = 'admin-user-7f3a';
const admin: Actor = { role: 'admin', userId: ADMIN_USER };
const officerUser = (agencyId: string) => `officer-user-${agencyId}-91c2`;
const officer = (agencyId: string): Actor => ({ role: 'agency', userId: officerUser(agencyId), agencyId });

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
// Contact details carry a random marker, so finding one in a view cannot be a coincidence.
const reporterArb: fc.Arbitrary<Reporter> = fc.record(
  {
    name: fc.tuple(fc.constantFrom('Sri', 'Budi', 'Wayan', 'Siti', 'Yohanes'), hex(8)).map(([n, m]) => `${n} Nama${m}`),
    email: fc.tuple(fc.stringMatching(/^[a-z]{2,8}$/), hex(8)).map(([l, m]) => `${l}.${m}@mail.example`),
    phone: fc.stringMatching(/^\+628[1-9]\d{8,10}$/),
  },
  { requiredKeys: ['email', 'phone'] },
);

const inputArb: fc.Arbitrary<NewComplaint & { reporter: Reporter }> = fc.record(
  {
    classification: fc.constantFrom('ASPIRASI', 'PENGADUAN', 'PERMINTAAN_INFORMASI'),
    title: fc.string({ minLength: 1, maxLength: 30 }),
    description: fc.string({ minLength: 1, maxLength: 60 }),
    category: fc.constantFrom('Infrastruktur', 'Kesehatan'),
    location: fc.record({ address: fc.constant('Jl. Pemuda 1'), lat: fc.constant(-6.97), lon: fc.constant(111.42) }),
    anonymous: fc.boolean(),
    confidential: fc.boolean(),
    reporter: reporterArb,
  },
  { requiredKeys: ['classification', 'title', 'description', 'anonymous', 'confidential', 'reporter'] },
);

type Cmd = (r: ComplaintRecord, now: number) => ChangeSet;
const agencyIdx = fc.integer({ min: 0, max: AGENCIES.length - 1 });
const verifyArb = fc
  .record({
    agencies: fc.uniqueArray(agencyIdx, { minLength: 1, maxLength: 3 }),
    anonymous: fc.option(fc.boolean(), { nil: undefined }),
    confidential: fc.option(fc.boolean(), { nil: undefined }),
  })
  .map(
    ({ agencies, anonymous, confidential }): Cmd =>
      (r, now) =>
        verifyComplaint(
          r,
          {
            action: 'DISPOSITION',
            agencies: agencies.map((i) => AGENCIES[i]!),
            ...(anonymous !== undefined && { anonymous }),
            ...(confidential !== undefined && { confidential }),
          },
          admin,
          ctxAt(now),
        ),
  );
const followUpArb = fc.tuple(agencyIdx, fc.boolean()).map(
  ([i, final]): Cmd =>
    (r, now) =>
      postFollowUp(r, AGENCIES[i]!.agencyId, { message: `Tindak lanjut ${AGENCIES[i]!.agencyId}`, final }, officer(AGENCIES[i]!.agencyId), ctxAt(now)),
);
const returnArb = agencyIdx.map(
  (i): Cmd =>
    (r, now) =>
      returnDisposition(r, AGENCIES[i]!.agencyId, { reason: `Bukan wewenang ${AGENCIES[i]!.agencyId}` }, officer(AGENCIES[i]!.agencyId), ctxAt(now)),
);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: verifyArb },
  { weight: 1, arbitrary: fc.constant<Cmd>((r, now) => verifyComplaint(r, { action: 'HOLD', reason: 'Menunggu kelengkapan' }, admin, ctxAt(now))) },
  { weight: 1, arbitrary: agencyIdx.map((i): Cmd => (r, now) => addDisposition(r, { agency: AGENCIES[i]!, note: 'Catatan koordinator' }, admin, ctxAt(now))) },
  { weight: 4, arbitrary: followUpArb },
  { weight: 1, arbitrary: returnArb },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Cmd>(
      (r, now) => respondAsReporter(r, { message: 'Tanggapan pelapor' }, ctxAt(now)),
      (r, now) => respondAsReporter(r, { message: 'Puas', rating: 5 }, ctxAt(now)),
      (r, now) => respondAsReporter(r, { message: 'Belum selesai', reopen: true }, ctxAt(now)),
      (r, now) => escalateComplaint(r, {}, ctxAt(now)),
    ),
  },
);

/** A complaint record reached by running random commands (refused ones skipped) from a submission. */
const recordArb: fc.Arbitrary<ComplaintRecord> = fc
  .record({
    input: inputArb,
    tokenHash: hex(64),
    start: fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }),
    steps: fc.array(fc.tuple(fc.integer({ min: 0, max: 20 * DAY }), cmdArb), { maxLength: 12, size: 'max' }),
  })
  .map(({ input, tokenHash, start, steps }) => {
    let now = start;
    let record = applyChangeSet(undefined, submitComplaint(input, { trackingId: 'TNT-VIEW', accessTokenHash: tokenHash }, ctxAt(now)));
    for (const [advance, cmd] of steps) {
      now += advance;
      try {
        record = applyChangeSet(record, cmd(record, now));
      } catch (error) {
        if (!isDomainError(error)) throw error;
      }
    }
    return record;
  });

const json = (value: unknown) => JSON.stringify(value) ?? '';
/** Cheap assertion for the hot loops of the properties (jest's expect is slow at this volume). */
function mustNotContain(text: string, needle: string, what: string) {
  if (text.includes(needle)) throw new Error(`${what} leaks ${JSON.stringify(needle)}: ${text}`);
}
const secretsOf = (record: ComplaintRecord) => {
  const r = record.complaint.reporter ?? {};
  return [r.email, r.phone].filter((v): v is string => typeof v === 'string');
};
const staffUserIds = [ADMIN_USER, ...AGENCIES.map((a) => officerUser(a.agencyId))];
const activeAgencies = (record: ComplaintRecord) => record.dispositions.filter((d) => d.status !== 'RETURNED').map((d) => d.agencyId);

describe('privacy of the projections (property)', () => {
  it('public, agency and auditor views never contain contact details, nor the name of an anonymous reporter, nor staff user ids', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const views = [
          toPublicView(record),
          // What auditors get: the export rows (JSON and CSV).
          toExportRow(record.complaint),
          ...AGENCIES.map((a) => toAgencyView(record, a.agencyId)),
        ].filter((v) => v !== undefined);
        expect(views.length).toBeGreaterThan(0);
        const name = record.complaint.reporter?.name;
        for (const view of views) {
          const text = json(view);
          for (const secret of secretsOf(record)) mustNotContain(text, secret, 'a non-reporter view');
          if (record.complaint.anonymous && name) mustNotContain(text, name, 'a view of an anonymous complaint');
          for (const userId of staffUserIds) mustNotContain(text, userId, 'a non-admin view');
          mustNotContain(text, record.complaint.accessTokenHash, 'a view');
          expect('reporter' in view).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the public view exists exactly when the complaint is not confidential', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const view = toPublicView(record);
        if (record.complaint.confidential) expect(view).toBeUndefined();
        else {
          expect(view).toBeDefined();
          expect(view?.trackingId).toBe(record.complaint.trackingId);
          // Returned dispositions are not the agency's any more, publicly either.
          expect(view?.dispositions.map((d) => d.agencyId).sort()).toEqual(activeAgencies(record).sort());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('an agency sees the complaint only while it holds an active disposition, and never another agency\'s dealings', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const active = activeAgencies(record);
        for (const { agencyId } of AGENCIES) {
          const view = toAgencyView(record, agencyId);
          if (!active.includes(agencyId)) {
            expect(view).toBeUndefined();
            continue;
          }
          expect(view?.disposition.agencyId).toBe(agencyId);
          expect(view?.disposition.status).not.toBe('RETURNED');
          for (const entry of view?.timeline ?? []) {
            if ((entry.agencyId ?? agencyId) !== agencyId || (entry.actor.agencyId ?? agencyId) !== agencyId) {
              throw new Error(`${agencyId} sees another agency's entry ${JSON.stringify(entry)}`);
            }
          }
          // Its own entries are all there.
          const own = record.timeline.filter((e) => e.agencyId === agencyId);
          expect(view?.timeline.filter((e) => e.agencyId === agencyId)).toHaveLength(own.length);
          const text = json(view);
          for (const other of AGENCIES.filter((a) => a.agencyId !== agencyId)) mustNotContain(text, other.agencyId, `${agencyId}'s view`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("the coordinator's view has a named reporter's contact, never an anonymous reporter's, never the access token hash", () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const view = toAdminView(record);
        expect(view).not.toHaveProperty('accessTokenHash');
        expect(json(view)).not.toContain(record.complaint.accessTokenHash);
        expect(view.reporter).toEqual(record.complaint.anonymous ? undefined : record.complaint.reporter);
        const reporter = record.complaint.reporter;
        if (record.complaint.anonymous && reporter) {
          // Not under another field either.
          for (const value of [reporter.email, reporter.phone].filter(Boolean)) expect(json(view)).not.toContain(value);
        }
        expect(view.timeline).toEqual(record.timeline);
        expect(view.version).toBe(record.complaint.version);
      }),
      { numRuns: 100 },
    );
  });

  it('the reporter view has the reporter\'s own contact, the whole timeline, and never the access token hash', () => {
    fc.assert(
      fc.property(recordArb, (record) => {
        const view = toReporterView(record, [], { now: new Date(), settings });
        expect(view.reporter).toEqual(record.complaint.reporter);
        const text = json(view);
        for (const secret of secretsOf(record)) expect(text).toContain(secret);
        mustNotContain(text, record.complaint.accessTokenHash, 'the reporter view');
        expect(view.timeline).toHaveLength(record.timeline.length);
        for (const userId of staffUserIds) mustNotContain(text, userId, 'the reporter view');
        // A confidential report is still the reporter's to see.
        expect(view.confidential).toBe(record.complaint.confidential);
      }),
      { numRuns: 100 },
    );
  });
});

describe('privacy examples', () => {
  const T0 = Date.parse('2025-01-06T03:00:00.000Z');
  const reporter = { name: 'Sri Lestari', email: 'sri@mail.example', phone: '+6281234567890' };
  const base = (input: Partial<NewComplaint> = {}) =>
    applyChangeSet(
      undefined,
      submitComplaint(
        { classification: 'PENGADUAN', title: 'Jalan rusak', description: 'Berlubang', reporter, ...input },
        { trackingId: 'TNT-EX', accessTokenHash: 'c'.repeat(64) },
        ctxAt(T0),
      ),
    );
  const dispositioned = (input: Partial<NewComplaint> = {}, privacy: { anonymous?: boolean; confidential?: boolean } = {}) =>
    applyChangeSet(base(input), verifyComplaint(base(input), { action: 'DISPOSITION', agencies: [AGENCIES[0]!], ...privacy }, admin, ctxAt(T0)));

  it('names a non-anonymous reporter to staff (not their contact); hides an anonymous one', () => {
    const open = dispositioned();
    expect(toAgencyView(open, 'opd-kesehatan')?.reporterName).toBe('Sri Lestari');
    const anon = dispositioned({ anonymous: true });
    expect(toAgencyView(anon, 'opd-kesehatan')).not.toHaveProperty('reporterName');
    expect(toPublicView(anon)).not.toHaveProperty('reporterName');
    // Not even the coordinator: anonymity means no one.
    expect(toAdminView(anon)).not.toHaveProperty('reporter');
  });

  it('the coordinator\'s verification decision on privacy takes effect in the views', () => {
    const record = dispositioned({}, { anonymous: true, confidential: true });
    expect(toPublicView(record)).toBeUndefined();
    expect(json(toAgencyView(record, 'opd-kesehatan'))).not.toContain('Sri Lestari');
    expect(toReporterView(record, [], { now: new Date(), settings }).anonymous).toBe(true);
  });

  it('staff identities are reduced to role (and agency) outside the admin view', () => {
    const record = applyChangeSet(
      dispositioned(),
      postFollowUp(dispositioned(), 'opd-kesehatan', { message: 'Diperbaiki', final: true }, officer('opd-kesehatan'), ctxAt(T0 + DAY)),
    );
    const timeline = toReporterView(record, [], { now: new Date(), settings }).timeline;
    expect(timeline.find((e) => e.type === 'VERIFIED')?.actor).toEqual({ role: 'admin' });
    expect(timeline.find((e) => e.type === 'FOLLOWED_UP')?.actor).toEqual({ role: 'agency', agencyId: 'opd-kesehatan' });
    expect(toPublicView(record)?.followUps).toEqual([
      { at: new Date(T0 + DAY).toISOString(), agencyId: 'opd-kesehatan', agencyName: 'Dinas opd-kesehatan', message: 'Diperbaiki', final: true },
    ]);
    expect(toAdminView(record).timeline.find((e) => e.type === 'VERIFIED')?.actor).toEqual(admin);
  });
});

describe('isOverdue', () => {
  const deadline = '2025-01-13T16:59:59.999Z';
  const d = (status: Disposition['status']): Disposition => ({
    trackingId: 'TNT-1',
    agencyId: 'opd-kesehatan',
    agencyName: 'Dinas Kesehatan',
    status,
    dispositionedAt: '2025-01-06T03:00:00.000Z',
    deadline,
    complaintTitle: 'Jalan rusak',
    classification: 'PENGADUAN',
    submittedAt: '2025-01-06T02:00:00.000Z',
    version: 1,
  });
  const at = (ms: number) => new Date(Date.parse(deadline) + ms);

  it('a PENDING disposition is overdue only after its deadline', () => {
    expect(isOverdue(d('PENDING'), at(-DAY))).toBe(false);
    expect(isOverdue(d('PENDING'), at(0))).toBe(false);
    expect(isOverdue(d('PENDING'), at(1))).toBe(true);
    expect(isOverdue(d('PENDING'), at(30 * DAY))).toBe(true);
  });

  it.each(['IN_PROGRESS', 'COMPLETED', 'RETURNED'] as const)('a %s disposition is never overdue', (status) => {
    expect(isOverdue(d(status), at(1))).toBe(false);
    expect(isOverdue(d(status), at(365 * DAY))).toBe(false);
  });

  it('the list item carries the same verdict', () => {
    expect(toDispositionListItem(d('PENDING'), at(0), settings).overdue).toBe(false);
    expect(toDispositionListItem(d('PENDING'), at(1), settings)).toMatchObject({ overdue: true, escalationEligible: false, title: 'Jalan rusak', deadline });
  });

  it('the list item says when the 60-day clock has run out, for open dispositions only', () => {
    const due = { ...d('PENDING'), escalationDueAt: '2025-04-01T00:00:00.000Z' };
    expect(toDispositionListItem(due, new Date('2025-03-31T23:59:59.999Z'), settings).escalationEligible).toBe(false);
    expect(toDispositionListItem(due, new Date('2025-04-01T00:00:00.000Z'), settings).escalationEligible).toBe(true);
    expect(toDispositionListItem({ ...due, status: 'COMPLETED' }, new Date('2025-05-01T00:00:00.000Z'), settings).escalationEligible).toBe(false);
  });

  it('for any instant, overdue ⇔ PENDING and strictly after the deadline', () => {
    fc.assert(
      fc.property(fc.constantFrom<Disposition['status']>('PENDING', 'IN_PROGRESS', 'COMPLETED', 'RETURNED'), fc.integer({ min: -5 * DAY, max: 5 * DAY }), (status, offset) => {
        expect(isOverdue(d(status), at(offset))).toBe(status === 'PENDING' && offset > 0);
      }),
    );
  });
});
