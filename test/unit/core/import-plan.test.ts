// The pure part of the LAPOR! import: row validation with line numbers, and the replay of one
// complaint's rows through the lifecycle into ONE ChangeSet that equals the commands one by one.

import { addHours } from '../../../functions/core/follow-up-buckets';
import fc from 'fast-check';
import { createCalendar } from '../../../functions/core/calendar';
import { recountCounters } from '../../../functions/core/compliance-service';
import { parseCsv } from '../../support/csv';
import {
  IMPORT_COLUMNS,
  MAX_TRANSACTION_ITEMS,
  importTrackingId,
  parseImportRow,
  parseTimestamp,
  planComplaint,
  readHeader,
  type ComplaintPlan,
  type ImportHeader,
  type ImportIssue,
  type ImportRow,
  type PlanContext,
} from '../../../functions/core/import-plan';
import type { CounterDelta } from '../../../functions/core/model';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import { InMemoryComplaintRepository, agency } from '../../support/fakes';
import { csvOf, laporRows, type LaporCsvRow } from '../../support/lapor-csv';

const NOW = new Date('2026-01-01T00:00:00Z');
const settings = DEFAULT_SETTINGS;
const calendar = createCalendar({ timeZone: 'Asia/Jakarta' });
const AGENCIES = new Map(['dinkes', 'dishub', 'dpupr', 'disdik'].map((id) => [id, agency(id, { name: `Dinas ${id}` })]));
// Within 60 days of the hand-written complaints (submitted 3 March 2025): no escalation marks unless a test asks.
const ctx: PlanContext = { calendar, settings, agencies: AGENCIES, accessTokenHash: 'ab'.repeat(32), now: new Date('2025-04-15T00:00:00Z') };

/** A valid complaint row; override columns per test. */
const row = (overrides: Partial<LaporCsvRow> = {}): Partial<LaporCsvRow> => ({
  tracking_id: '4827361',
  submitted_at: '2025-03-03T09:00:00+07:00', // Monday
  classification: 'PENGADUAN',
  title: 'Jalan berlubang di Cepu',
  description: 'Lubang besar di depan pasar, membahayakan pengendara.',
  category: 'Infrastruktur',
  anonymous: 'false',
  confidential: 'false',
  reporter_name: 'Sri Lestari',
  reporter_email: 'sri@mail.example',
  reporter_phone: '+6281234567890',
  ...overrides,
});
const disposition = (agencyId: string, status: string, times: Partial<LaporCsvRow> = {}, overrides: Partial<LaporCsvRow> = {}) =>
  row({ agency_id: agencyId, disposition_status: status, dispositioned_at: '2025-03-04T10:00:00+07:00', ...times, ...overrides });

/** Parses CSV text (header + rows) into valid rows and issues, as pass 1 of the import does. */
function read(text: string, now = NOW): { rows: ImportRow[]; issues: ImportIssue[] } {
  const [headerRecord, ...records] = parseCsv(text);
  const header = readHeader(headerRecord!);
  if ('issues' in header) return { rows: [], issues: header.issues };
  const rows: ImportRow[] = [];
  const issues: ImportIssue[] = [];
  for (const record of records) {
    const parsed = parseImportRow(record, header.header as ImportHeader, now);
    if ('issues' in parsed) issues.push(...parsed.issues);
    else rows.push(parsed.row);
  }
  return { rows, issues };
}

function planOf(rows: Array<Partial<LaporCsvRow>>, now = ctx.now): ComplaintPlan {
  const { rows: parsed, issues } = read(csvOf(rows));
  expect(issues).toEqual([]);
  const result = planComplaint(parsed, { ...ctx, now });
  if ('issues' in result) throw new Error(JSON.stringify(result.issues));
  return result.plan;
}

function issuesOf(rows: Array<Partial<LaporCsvRow>>): ImportIssue[] {
  const { rows: parsed, issues } = read(csvOf(rows));
  if (issues.length > 0) return issues;
  const result = planComplaint(parsed, ctx);
  return 'issues' in result ? result.issues : [];
}

const sortCounters = (counters: readonly CounterDelta[]) =>
  counters
    .map((c) => ({ ...c, firstFollowUpHours: [...(c.firstFollowUpHours ?? [])].sort((a, b) => a - b) }))
    .sort((a, b) => `${a.agencyId}/${a.period}`.localeCompare(`${b.agencyId}/${b.period}`));

/**
 * The merged ChangeSet against the same commands committed one by one (with version checks) to
 * the in-memory repository: same complaint, dispositions, timeline and counters; and the counters
 * equal a recount from the final dispositions.
 */
async function expectMergeEqualsStepByStep(plan: ComplaintPlan) {
  const repository = new InMemoryComplaintRepository();
  for (const step of plan.steps) await repository.commit(step);
  const stored = (await repository.get(plan.trackingId))!;
  const { change } = plan;
  expect(change.complaint).toEqual(stored.complaint);
  expect([...change.dispositions].sort((a, b) => a.agencyId.localeCompare(b.agencyId))).toEqual(stored.dispositions);
  expect([...change.timeline].sort((a, b) => a.seq.localeCompare(b.seq))).toEqual(stored.timeline);
  const counted = repository.counters().filter((c) => c.received || c.pending || c.inProgress || c.completed);
  expect(sortCounters(change.counters).map(({ firstFollowUpHours: _h, ...c }) => c)).toEqual(counted);
  const byKey = (a: { agencyId: string; period: string }, b: { agencyId: string; period: string }) => `${a.agencyId}/${a.period}`.localeCompare(`${b.agencyId}/${b.period}`);
  expect(change.counters.map(({ firstFollowUpHours, ...c }) => ({ ...c, firstFollowUpBuckets: addHours({}, firstFollowUpHours ?? []) })).sort(byKey)).toEqual(
    recountCounters(change.dispositions, settings.timeZone)
      .filter((c) => c.received || Object.keys(c.firstFollowUpBuckets).length)
      .sort(byKey),
  );
  expect(plan.transactionItems).toBe(1 + change.dispositions.length + change.timeline.length + change.counters.length);
  expect(plan.transactionItems).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
  // One transaction may touch an item only once.
  const seqs = change.timeline.map((e) => e.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
  // The import commits the merged change in create mode: all of it on an empty store, once.
  const imported = new InMemoryComplaintRepository();
  await imported.commit(change, { create: true });
  expect(await imported.get(plan.trackingId)).toEqual(stored);
  await expect(imported.commit(change, { create: true })).rejects.toMatchObject({ code: 'CONCURRENT_MODIFICATION' });
  expect(await imported.get(plan.trackingId)).toEqual(stored);
}

describe('tracking IDs', () => {
  it('keeps PREFIX-CODE IDs and maps numeric LAPOR! numbers to LPR-<number>', () => {
    expect(importTrackingId('4827361')).toBe('LPR-4827361');
    expect(importTrackingId(' #4827361 ')).toBe('LPR-4827361');
    expect(importTrackingId('BLR-7K3M9Q2X4T')).toBe('BLR-7K3M9Q2X4T');
    expect(importTrackingId('LAPOR-1')).toBe('LAPOR-1');
    for (const bad of ['', 'blr-123', 'B-1', 'ABCDEFG-1', 'BLR-', 'BLR-abc', '12.5', `${'9'.repeat(21)}`, 'BLR-123456789012345678901']) {
      expect(importTrackingId(bad)).toBeUndefined();
    }
  });
});

describe('timestamps', () => {
  it('reads ISO-8601 with an offset and normalizes to UTC', () => {
    expect(new Date(parseTimestamp('2025-03-03T09:00:00+07:00') as number).toISOString()).toBe('2025-03-03T02:00:00.000Z');
    expect(new Date(parseTimestamp('2025-03-03T09:00:00.1234567+0800') as number).toISOString()).toBe('2025-03-03T01:00:00.123Z');
    expect(new Date(parseTimestamp('2025-03-03 02:00Z') as number).toISOString()).toBe('2025-03-03T02:00:00.000Z');
    expect(new Date(parseTimestamp('2024-02-29T23:30:00-02:30') as number).toISOString()).toBe('2024-03-01T02:00:00.000Z');
  });

  it('refuses timestamps without an offset and impossible dates', () => {
    for (const bad of ['2025-03-03T09:00:00', '2025-03-03', '2025-02-29T09:00:00Z', '2025-13-01T00:00:00Z', '2025-04-31T00:00:00Z', '2025-03-03T24:00:00Z', '2025-03-03T09:00:00+15:00', 'kemarin']) {
      expect(typeof parseTimestamp(bad)).toBe('string');
    }
  });
});

describe('header', () => {
  it('needs every column once, in any order, and no others', () => {
    const reversed = parseCsv([...IMPORT_COLUMNS].reverse().join(','))[0]!;
    expect('header' in readHeader(reversed)).toBe(true);
    const bad = parseCsv(`${IMPORT_COLUMNS.filter((c) => c !== 'title').join(',')},title_typo,tracking_id`)[0]!;
    const result = readHeader(bad);
    expect('issues' in result && result.issues.map((i) => i.message)).toEqual([
      expect.stringContaining('unknown column "title_typo"'),
      'column "tracking_id" appears twice',
      'missing column(s): title',
    ]);
  });
});

describe('row validation: every problem, with the line the row starts on', () => {
  it('names the file line of each bad row (a quoted line break shifts the lines below)', () => {
    const text = csvOf([
      row({ description: 'Baris pertama\nbaris kedua', complaint_status: 'SUBMITTED' }),
      row({ tracking_id: '4827362', classification: 'KELUHAN' }),
      row({ tracking_id: 'bad id', anonymous: 'mungkin' }),
    ]);
    const { issues } = read(text);
    expect(issues).toEqual([
      { line: 4, column: 'classification', message: 'classification: "KELUHAN" is not one of ASPIRASI, PENGADUAN, PERMINTAAN_INFORMASI' },
      { line: 4, column: 'complaint_status', message: expect.stringContaining('complaint_status: is required when agency_id is empty') },
      { line: 5, column: 'tracking_id', message: expect.stringContaining('"bad id" is neither PREFIX-CODE') },
      { line: 5, column: 'anonymous', message: expect.stringContaining('"mungkin" is not a boolean') },
      { line: 5, column: 'complaint_status', message: expect.stringContaining('is required') },
    ]);
  });

  const cases: Array<[string, Partial<LaporCsvRow>, string[]]> = [
    ['required fields', row({ tracking_id: '', submitted_at: '', classification: '', title: ' ', description: '', complaint_status: 'SUBMITTED' }), [
      'tracking_id: is required', 'submitted_at: is required', 'classification: is required', 'title: is required', 'description: is required',
    ]],
    ['a timestamp without offset', row({ submitted_at: '2025-03-03 09:00:00', complaint_status: 'SUBMITTED' }), ['submitted_at: "2025-03-03 09:00:00" is not an ISO-8601 timestamp with an offset, e.g. 2023-04-05T09:30:00+07:00']],
    ['a timestamp in the future', row({ submitted_at: '2026-06-01T00:00:00Z', complaint_status: 'SUBMITTED' }), ['submitted_at: 2026-06-01T00:00:00Z lies in the future']],
    ['a bad email and phone', row({ reporter_email: 'sri-at-mail', reporter_phone: '12', complaint_status: 'SUBMITTED' }), ['reporter_email: is not an email address', 'reporter_phone: is not a phone number']],
    ['a too long title', row({ title: 'x'.repeat(201), complaint_status: 'SUBMITTED' }), ['title: is 201 characters long, at most 200 are allowed']],
    ['disposition columns without an agency', row({ complaint_status: 'ARCHIVED', dispositioned_at: '2025-03-04T10:00:00+07:00', disposition_status: 'PENDING' }), [
      'disposition_status: must be empty when agency_id is empty', 'dispositioned_at: must be empty when agency_id is empty',
    ]],
    ['an unknown complaint status', row({ complaint_status: 'DISPOSITIONED' }), ['complaint_status: "DISPOSITIONED" is not one of SUBMITTED, ON_HOLD, ARCHIVED, NOT_AUTHORITY']],
    ['an agency without disposition status and time', row({ agency_id: 'dinkes' }), ['disposition_status: is required when agency_id is set', 'dispositioned_at: is required']],
    ['an agency ID that is not one', disposition('Dinas Kesehatan', 'PENDING'), ['agency_id: "Dinas Kesehatan" is not an agency ID (2-63 lowercase letters, digits or dashes)']],
    ['a complaint status next to an agency', disposition('dinkes', 'PENDING', {}, { complaint_status: 'ON_HOLD' }), ['complaint_status: must be empty when agency_id is set (the status follows from the dispositions)']],
    ['COMPLETED without its times', disposition('dinkes', 'COMPLETED'), ['first_follow_up_at: is required', 'completed_at: is required']],
    ['IN_PROGRESS without first follow-up', disposition('dinkes', 'IN_PROGRESS'), ['first_follow_up_at: is required']],
    ['IN_PROGRESS with a completion time', disposition('dinkes', 'IN_PROGRESS', { first_follow_up_at: '2025-03-05T10:00:00+07:00', completed_at: '2025-03-06T10:00:00+07:00' }), [
      'completed_at: must be empty for an IN_PROGRESS disposition (COMPLETED ones have a completion time)',
    ]],
    ['PENDING with a follow-up', disposition('dinkes', 'PENDING', { first_follow_up_at: '2025-03-05T10:00:00+07:00' }), ['first_follow_up_at: must be empty: a PENDING disposition has no follow-up']],
    ['RETURNED with a follow-up', disposition('dinkes', 'RETURNED', { first_follow_up_at: '2025-03-05T10:00:00+07:00' }), [
      'first_follow_up_at: must be empty: a RETURNED disposition has no follow-up (only a disposition without follow-up can be returned)',
    ]],
    ['times out of order', disposition('dinkes', 'COMPLETED', {
      dispositioned_at: '2025-03-03T08:00:00+07:00',
      first_follow_up_at: '2025-03-06T10:00:00+07:00',
      completed_at: '2025-03-05T10:00:00+07:00',
    }), [
      'dispositioned_at: 2025-03-03T08:00:00+07:00 is before submitted_at 2025-03-03T09:00:00+07:00',
      'completed_at: 2025-03-05T10:00:00+07:00 is before first_follow_up_at 2025-03-06T10:00:00+07:00',
    ]],
  ];
  it.each(cases)('%s', (_name, bad, messages) => {
    const { issues } = read(csvOf([bad]));
    expect(issues.map((i) => i.message)).toEqual(messages);
    expect(issues.every((i) => i.line === 2)).toBe(true);
  });

  it('refuses a row with a different number of fields than the header, and malformed quoting', () => {
    const text = `${IMPORT_COLUMNS.join(',')}\n1,2,3\n`;
    expect(read(text).issues).toEqual([{ line: 2, message: 'has 3 fields, the header has 17' }]);
    const quoted = csvOf([row({ complaint_status: 'SUBMITTED' })]).replace('Jalan berlubang', 'Jalan "berlubang"');
    expect(read(quoted).issues[0]?.message).toContain('malformed CSV');
  });

  it('accepts the lenient spellings: ya/tidak, 1/0, lower case and spaced enum values', () => {
    const { rows, issues } = read(csvOf([row({ anonymous: 'Ya', confidential: '0', classification: 'permintaan informasi', complaint_status: 'not authority' })]));
    expect(issues).toEqual([]);
    expect(rows[0]).toMatchObject({ complaint: { anonymous: true, confidential: false, classification: 'PERMINTAAN_INFORMASI' }, complaintStatus: 'NOT_AUTHORITY' });
  });
});

describe('replay: each status combination', () => {
  it('SUBMITTED: only the submission, no counters', async () => {
    const plan = planOf([row({ complaint_status: 'SUBMITTED' })]);
    expect(plan.trackingId).toBe('LPR-4827361');
    expect(plan.change.complaint).toMatchObject({ status: 'SUBMITTED', version: 1, submittedAt: '2025-03-03T02:00:00.000Z', accessTokenHash: ctx.accessTokenHash });
    expect(plan.change.counters).toEqual([]);
    expect(plan.change.timeline).toEqual([
      expect.objectContaining({
        type: 'SUBMITTED',
        actor: { role: 'reporter' },
        message: 'Laporan diimpor dari SP4N-LAPOR! (nomor laporan asal: 4827361)',
        details: { imported: true, source: 'SP4N-LAPOR!', sourceId: '4827361' },
      }),
    ]);
    await expectMergeEqualsStepByStep(plan);
  });

  it.each([
    ['ON_HOLD', 'HOLD'],
    ['ARCHIVED', 'ARCHIVE'],
    ['NOT_AUTHORITY', 'NOT_AUTHORITY'],
  ] as const)('%s: verified %s at submission with the import reason', async (status, action) => {
    const plan = planOf([row({ complaint_status: status })]);
    expect(plan.commands.map((c) => c.kind)).toEqual(['submit', 'verify']);
    expect(plan.change.complaint).toMatchObject({ status, statusReason: 'Diimpor dari SP4N-LAPOR!', verifiedAt: '2025-03-03T02:00:00.000Z', version: 2 });
    expect(plan.change.timeline[1]).toMatchObject({
      type: 'VERIFIED',
      actor: { role: 'admin', userId: 'import:sp4n-lapor' },
      message: 'Diimpor dari SP4N-LAPOR!',
      details: { action, imported: true },
      fromStatus: 'SUBMITTED',
      toStatus: status,
    });
    await expectMergeEqualsStepByStep(plan);
  });

  it('PENDING: dispositioned, counted as received and pending, with a 5-working-day deadline', async () => {
    const plan = planOf([disposition('dinkes', 'PENDING')]);
    expect(plan.change.complaint).toMatchObject({ status: 'DISPOSITIONED', firstDispositionedAt: '2025-03-04T03:00:00.000Z', agencyIds: ['dinkes'] });
    expect(plan.change.dispositions).toEqual([
      expect.objectContaining({ agencyId: 'dinkes', agencyName: 'Dinas dinkes', status: 'PENDING', deadline: '2025-03-11T16:59:59.999Z', version: 1 }),
    ]);
    expect(sortCounters(plan.change.counters)).toEqual([
      { agencyId: 'dinkes', period: '2025', received: 1, pending: 1, inProgress: 0, completed: 0, firstFollowUpHours: [] },
      { agencyId: 'dinkes', period: '2025-03', received: 1, pending: 1, inProgress: 0, completed: 0, firstFollowUpHours: [] },
    ]);
    await expectMergeEqualsStepByStep(plan);
  });

  it('IN_PROGRESS: one follow-up, with the hours to first follow-up counted', async () => {
    const plan = planOf([disposition('dinkes', 'IN_PROGRESS', { first_follow_up_at: '2025-03-05T10:00:00+07:00' })]);
    expect(plan.change.complaint).toMatchObject({ status: 'IN_PROGRESS', firstFollowUpAt: '2025-03-05T03:00:00.000Z' });
    expect(plan.change.counters).toContainEqual({ agencyId: 'dinkes', period: '2025', received: 1, pending: 0, inProgress: 1, completed: 0, firstFollowUpHours: [24] });
    expect(plan.change.timeline.find((e) => e.type === 'FOLLOWED_UP')).toMatchObject({
      actor: { role: 'agency', agencyId: 'dinkes', userId: 'import:sp4n-lapor' },
      message: 'Tindak lanjut diimpor dari SP4N-LAPOR!',
    });
    await expectMergeEqualsStepByStep(plan);
  });

  it('COMPLETED: a follow-up and a final one, counted once as completed', async () => {
    const plan = planOf([
      disposition('dinkes', 'COMPLETED', { first_follow_up_at: '2025-03-05T10:00:00+07:00', completed_at: '2025-03-10T10:00:00+07:00' }),
    ]);
    // The reply window (10 working days) ended long before the import: closed as the job would have.
    expect(plan.commands.map((c) => c.kind)).toEqual(['submit', 'verify-disposition', 'follow-up', 'follow-up', 'auto-close']);
    expect(plan.commands.at(-1)).toEqual({ kind: 'auto-close', at: '2025-03-24T17:00:00.000Z' });
    expect(plan.change.complaint).toMatchObject({ status: 'COMPLETED', completedAt: '2025-03-10T03:00:00.000Z', closedAt: '2025-03-24T17:00:00.000Z', version: 5 });
    expect(plan.change.dispositions[0]).toMatchObject({ status: 'COMPLETED', firstFollowUpAt: '2025-03-05T03:00:00.000Z', completedAt: '2025-03-10T03:00:00.000Z', version: 3 });
    expect(sortCounters(plan.change.counters)[0]).toEqual({ agencyId: 'dinkes', period: '2025', received: 1, pending: 0, inProgress: 0, completed: 1, firstFollowUpHours: [24] });
    expect(plan.change.timeline.map((e) => e.type)).toEqual(['SUBMITTED', 'VERIFIED', 'DISPOSITIONED', 'FOLLOWED_UP', 'FOLLOWED_UP', 'DISPOSITION_COMPLETED', 'CLOSED']);
    // Imported history is never announced: no email for the close either.
    expect(plan.change.notifications ?? []).toEqual([]);
    await expectMergeEqualsStepByStep(plan);
  });

  it('COMPLETED at its first follow-up: one final follow-up', async () => {
    const at = '2025-03-05T10:00:00+07:00';
    const plan = planOf([disposition('dinkes', 'COMPLETED', { first_follow_up_at: at, completed_at: at })]);
    expect(plan.commands.map((c) => c.kind)).toEqual(['submit', 'verify-disposition', 'follow-up', 'auto-close']);
    expect(plan.change.complaint.status).toBe('COMPLETED');
    await expectMergeEqualsStepByStep(plan);
  });

  it('RETURNED: returned 1 ms after the disposition; back in the admin queue, not counted', async () => {
    const plan = planOf([disposition('dinkes', 'RETURNED')]);
    expect(plan.commands[2]).toEqual({ kind: 'return', at: '2025-03-04T03:00:00.001Z', agencyId: 'dinkes' });
    expect(plan.change.complaint).toMatchObject({ status: 'RETURNED', agencyIds: [] });
    expect(plan.change.dispositions[0]).toMatchObject({ status: 'RETURNED', returnReason: 'Dikembalikan karena bukan wewenang (diimpor dari SP4N-LAPOR!)' });
    expect(plan.change.counters).toEqual([]);
    await expectMergeEqualsStepByStep(plan);
  });

  it('two agencies at once, one completed and one returned: COMPLETED, only the completed one counted', async () => {
    const plan = planOf([
      disposition('dinkes', 'COMPLETED', { first_follow_up_at: '2025-03-05T10:00:00+07:00', completed_at: '2025-03-06T10:00:00+07:00' }),
      disposition('dishub', 'RETURNED'),
    ]);
    expect(plan.commands.map((c) => c.kind)).toEqual(['submit', 'verify-disposition', 'return', 'follow-up', 'follow-up', 'auto-close']);
    expect(plan.commands[1]).toMatchObject({ agencyIds: ['dinkes', 'dishub'] });
    expect(plan.change.complaint).toMatchObject({ status: 'COMPLETED', agencyIds: ['dinkes'] });
    expect(new Set(plan.change.counters.map((c) => c.agencyId))).toEqual(new Set(['dinkes']));
    await expectMergeEqualsStepByStep(plan);
  });

  it('a later agency is added at its own time, across a month boundary into its own period', async () => {
    const plan = planOf([
      disposition('dinkes', 'IN_PROGRESS', { dispositioned_at: '2025-03-31T16:00:00+07:00', first_follow_up_at: '2025-04-02T09:00:00+07:00' }, { submitted_at: '2025-03-31T09:00:00+07:00' }),
      disposition('dpupr', 'PENDING', { dispositioned_at: '2025-04-01T08:00:00+07:00' }, { submitted_at: '2025-03-31T09:00:00+07:00' }),
    ]);
    expect(plan.commands.map((c) => c.kind)).toEqual(['submit', 'verify-disposition', 'add-disposition', 'follow-up']);
    expect(plan.change.complaint).toMatchObject({ status: 'IN_PROGRESS', agencyIds: ['dinkes', 'dpupr'], version: 4 });
    expect(plan.change.counters.filter((c) => c.period.length === 7).map((c) => `${c.agencyId} ${c.period}`).sort()).toEqual(['dinkes 2025-03', 'dpupr 2025-04']);
    await expectMergeEqualsStepByStep(plan);
  });

  it('re-dispositioned to another agency after the first returned it', async () => {
    const plan = planOf([
      disposition('dinkes', 'RETURNED'),
      disposition('dishub', 'COMPLETED', { dispositioned_at: '2025-03-06T10:00:00+07:00', first_follow_up_at: '2025-03-07T10:00:00+07:00', completed_at: '2025-03-07T11:00:00+07:00' }),
    ]);
    expect(plan.change.complaint).toMatchObject({ status: 'COMPLETED', agencyIds: ['dishub'] });
    expect(plan.change.timeline.filter((e) => e.toStatus).map((e) => e.toStatus)).toEqual(['SUBMITTED', 'DISPOSITIONED', 'RETURNED', 'DISPOSITIONED', 'IN_PROGRESS', 'COMPLETED']);
    await expectMergeEqualsStepByStep(plan);
  });

  it('rows of one complaint may come in any order: the replay sorts by time', async () => {
    const a = disposition('dinkes', 'PENDING', { dispositioned_at: '2025-03-05T10:00:00+07:00' });
    const b = disposition('dishub', 'IN_PROGRESS', { first_follow_up_at: '2025-03-06T10:00:00+07:00' });
    const forward = planOf([a, b]);
    const backward = planOf([b, a]);
    expect(backward.commands).toEqual(forward.commands);
    expect(backward.change).toEqual(forward.change);
  });

  it('works with agencies not in the table (planned under their ID, for --create-agencies)', async () => {
    const plan = planOf([disposition('kecamatan-cepu', 'PENDING')]);
    expect(plan.change.dispositions[0]).toMatchObject({ agencyId: 'kecamatan-cepu', agencyName: 'kecamatan-cepu' });
  });
});

describe('escalation windows that passed in the history are marked, as the daily job would have', () => {
  it('an old open complaint is marked at the instant its 60 days ran out, and announces nothing', async () => {
    const plan = planOf([disposition('dinkes', 'PENDING')], new Date('2025-06-01T00:00:00Z'));
    expect(plan.commands.at(-1)).toEqual({ kind: 'escalation-eligible', at: '2025-05-03T03:00:00.000Z' });
    expect(plan.change.complaint).toMatchObject({ status: 'DISPOSITIONED', escalationEligibleAt: '2025-05-03T03:00:00.000Z' });
    expect(plan.change.timeline.at(-1)).toMatchObject({ type: 'ESCALATION_ELIGIBLE', actor: { role: 'system' }, details: { imported: true } });
    // The live command would email the reporter; the imported history leaves that out.
    expect(plan.steps.at(-1)?.notifications?.length).toBeGreaterThan(0);
    expect(plan.change.notifications ?? []).toEqual([]);
    await expectMergeEqualsStepByStep(plan);
  });

  it('a window that passed before a late follow-up is marked then, cleared by the follow-up, and marked again later', async () => {
    const plan = planOf(
      [disposition('dinkes', 'IN_PROGRESS', { first_follow_up_at: '2025-05-20T10:00:00+07:00' })],
      new Date('2025-09-01T00:00:00Z'),
    );
    expect(plan.commands.map((c) => `${c.kind} ${c.at}`)).toEqual([
      'submit 2025-03-03T02:00:00.000Z',
      'verify-disposition 2025-03-04T03:00:00.000Z',
      'escalation-eligible 2025-05-03T03:00:00.000Z',
      'follow-up 2025-05-20T03:00:00.000Z',
      'escalation-eligible 2025-07-19T03:00:00.000Z',
    ]);
    expect(plan.change.complaint.escalationEligibleAt).toBe('2025-07-19T03:00:00.000Z');
    await expectMergeEqualsStepByStep(plan);
  });

  it.each(['ARCHIVED', 'NOT_AUTHORITY'])('a %s complaint is never marked', (status) => {
    const plan = planOf([row({ complaint_status: status })], new Date('2026-01-01T00:00:00Z'));
    expect(plan.commands.map((c) => c.kind)).toEqual(['submit', 'verify']);
  });

  it('nor a completed one, nor one whose window ends after the import', () => {
    const completed = planOf(
      [disposition('dinkes', 'COMPLETED', { first_follow_up_at: '2025-03-05T10:00:00+07:00', completed_at: '2025-03-06T10:00:00+07:00' })],
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(completed.change.complaint.escalationEligibleAt).toBeUndefined();
    expect(planOf([disposition('dinkes', 'PENDING')], new Date('2025-05-03T02:59:59.999Z')).change.complaint.escalationEligibleAt).toBeUndefined();
    expect(planOf([disposition('dinkes', 'PENDING')], new Date('2025-05-03T03:00:00.000Z')).change.complaint.escalationEligibleAt).toBe('2025-05-03T03:00:00.000Z');
  });
});

describe('rules across the rows of one complaint', () => {
  it('rows must agree on the complaint columns', () => {
    expect(issuesOf([disposition('dinkes', 'PENDING'), disposition('dishub', 'PENDING', {}, { title: 'Judul lain', anonymous: 'true' })])).toEqual([
      { line: 3, column: 'title', message: 'title: differs from line 2, the first row of tracking_id 4827361' },
      { line: 3, column: 'anonymous', message: 'anonymous: differs from line 2, the first row of tracking_id 4827361' },
    ]);
  });

  it('the same instant written with another offset is the same', () => {
    expect(issuesOf([disposition('dinkes', 'PENDING'), disposition('dishub', 'PENDING', {}, { submitted_at: '2025-03-03T02:00:00Z' })])).toEqual([]);
  });

  it('an agency at most once per complaint', () => {
    expect(issuesOf([disposition('dinkes', 'PENDING'), disposition('dinkes', 'RETURNED')])).toEqual([
      expect.objectContaining({ line: 3, column: 'agency_id', message: expect.stringContaining('dinkes appears twice for tracking_id 4827361 (also on line 2)') }),
    ]);
  });

  it('a complaint_status row is the only row of its complaint', () => {
    expect(issuesOf([row({ complaint_status: 'ARCHIVED' }), disposition('dinkes', 'PENDING')])).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('exactly one row, but tracking_id 4827361 has 2 (lines 2, 3)') }),
    ]);
  });

  it('an agency dispositioned after every earlier one was completed cannot be replayed', () => {
    const issues = issuesOf([
      disposition('dinkes', 'COMPLETED', { first_follow_up_at: '2025-03-05T10:00:00+07:00', completed_at: '2025-03-05T11:00:00+07:00' }),
      disposition('dishub', 'PENDING', { dispositioned_at: '2025-03-06T10:00:00+07:00' }),
    ]);
    expect(issues).toEqual([
      {
        line: 3,
        message:
          'tracking_id 4827361 cannot be replayed: disposition to dishub at 2025-03-06T03:00:00.000Z: A complaint in status COMPLETED cannot be dispositioned; verify it first, or it is closed',
      },
    ]);
  });

  it('a complaint that would need more than 100 writes in its transaction is refused', () => {
    // 1 complaint + n dispositions + (2 + 4n) timeline entries + 2n counters: 13 agencies fit, 14 do not.
    const ids = Array.from({ length: 14 }, (_, i) => `dinas-${String(i).padStart(2, '0')}`);
    const rows = ids.map((id, i) =>
      disposition(id, 'COMPLETED', { dispositioned_at: '2025-03-04T10:00:00+07:00', first_follow_up_at: `2025-03-05T${String(10 + i).padStart(2, '0')}:00:00+07:00`, completed_at: '2025-03-20T10:00:00+07:00' }),
    );
    const issues = issuesOf(rows);
    expect(issues).toEqual([
      { line: 2, message: expect.stringMatching(/tracking_id 4827361 needs 102 writes \(14 dispositions, 59 timeline entries, 28 counters\), more than the 100 one DynamoDB transaction may hold/) },
    ]);
    expect(issuesOf(rows.slice(0, 13))).toEqual([]);
  });
});

describe('generated LAPOR! data sets', () => {
  it('every complaint of any generated data set is valid, and its merged ChangeSet equals the commands one by one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const { rows, issues } = read(csvOf([...laporRows({ complaints: 40, seed, startYear: 2023, years: 2 })]));
        expect(issues).toEqual([]);
        const groups = new Map<string, ImportRow[]>();
        for (const r of rows) groups.set(r.trackingId, [...(groups.get(r.trackingId) ?? []), r]);
        expect(groups.size).toBe(40);
        const agencies = new Map([...new Set(rows.flatMap((r) => (r.agencyId ? [r.agencyId] : [])))].map((id) => [id, agency(id)]));
        for (const group of groups.values()) {
          const result = planComplaint(group, { ...ctx, agencies, now: NOW });
          if ('issues' in result) throw new Error(JSON.stringify(result.issues));
          await expectMergeEqualsStepByStep(result.plan);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('is deterministic from its seed and covers every status', () => {
    const a = csvOf([...laporRows({ complaints: 400, seed: 11 })]);
    expect(csvOf([...laporRows({ complaints: 400, seed: 11 })])).toBe(a);
    expect(csvOf([...laporRows({ complaints: 400, seed: 12 })])).not.toBe(a);
    const { rows } = read(a);
    const seen = new Set(rows.map((r) => r.dispositionStatus ?? r.complaintStatus));
    expect(seen).toEqual(new Set(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'RETURNED', 'SUBMITTED', 'ON_HOLD', 'ARCHIVED', 'NOT_AUTHORITY']));
    expect(rows.some((r) => r.complaint.anonymous)).toBe(true);
    expect(rows.some((r) => r.complaint.confidential)).toBe(true);
    expect(rows.some((r) => r.trackingId.startsWith('BLR-'))).toBe(true);
    expect(rows.some((r) => r.complaint.description.includes('\n'))).toBe(true);
    const perComplaint = new Map<string, number>();
    for (const r of rows) perComplaint.set(r.trackingId, (perComplaint.get(r.trackingId) ?? 0) + 1);
    expect(Math.max(...perComplaint.values())).toBeGreaterThanOrEqual(3);
  });
});

