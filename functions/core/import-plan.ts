// Importing SP4N-LAPOR! history (bin/import.ts), the pure part: validating CSV rows and turning
// the rows of one complaint into ONE ChangeSet by replaying its history through the lifecycle
// commands, so statuses, deadlines, timelines and %TL counters are exactly what the live system
// would have produced. Nothing here reads files or talks to DynamoDB.
//
// File format: one row per complaint × disposition (a complaint sent to two agencies has two
// rows; one without an agency has one row carrying complaint_status). See IMPORT_COLUMNS.
//
// Tracking IDs: an ID of the form PREFIX-CODE (/^[A-Z]{2,6}-[0-9A-Z]{1,20}$/) is kept as it is; a
// numeric LAPOR! report number (optionally written "#4827361") becomes "LPR-4827361", so it stays
// recognisable and cannot collide with a Tuntas-issued ID (whose code is 10 characters of
// Crockford base32 under the region's own prefix).
//
// Replay, per complaint, in time order (ties: submission, then dispositions, returns, follow-ups,
// completions; then file order):
//   submitComplaint at submitted_at
//   complaint_status rows: verify HOLD / ARCHIVE / NOT_AUTHORITY at submitted_at (the LAPOR! export
//     has no verification time), reason "Diimpor dari SP4N-LAPOR!"; SUBMITTED: nothing more
//   verifyComplaint DISPOSITION to every agency with the earliest dispositioned_at, then
//     addDisposition for each later one at its dispositioned_at
//   RETURNED: returnDisposition at dispositioned_at + 1 ms
//   IN_PROGRESS / COMPLETED: postFollowUp at first_follow_up_at
//   COMPLETED: postFollowUp final at completed_at (one final follow-up when both times are equal)
//   markEscalationEligible wherever the complaint sat open for the escalation window (60 days
//     without follow-up) before its next event or before the import: at the instant the window
//     ended, as the daily escalation job would have marked it. So the job does not mark (and
//     email) thousands of old reporters on its first run after an import.
//   closeComplaint for a COMPLETED complaint whose auto-close window (10 working days) ended
//     before the import, for the same reason.
// Each command's ChangeSet is applied to an in-memory record; the merged ChangeSet holds the final
// complaint and dispositions, every timeline entry and the summed counter deltas, for ONE
// transaction that creates the complaint (ComplaintRepository.commit with { create: true }).
// The replayed commands' notifications (the outbox) are left out: imported history is never announced.

import type { WorkingDayCalendar } from './calendar';
import type { CsvRecord } from './csv';
import { DomainError } from './errors';
import {
  addDisposition,
  escalationEligibility,
  closeComplaint,
  markEscalationEligible,
  mergeCounterDeltas,
  postFollowUp,
  returnDisposition,
  submitComplaint,
  verifyComplaint,
  type CommandContext,
  type NewComplaint,
} from './lifecycle';
import {
  CLASSIFICATIONS,
  DISPOSITION_STATUSES,
  type Actor,
  type Agency,
  type ChangeSet,
  type Classification,
  type ComplaintRecord,
  type CounterDelta,
  type DispositionStatus,
  type Reporter,
  type TimelineEntry,
} from './model';
import { categoryIdOf, DEFAULT_CATEGORIES, type Category, type RegionSettings } from './settings';

export const IMPORT_COLUMNS = [
  'tracking_id',
  'submitted_at',
  'classification',
  'title',
  'description',
  'category',
  'anonymous',
  'confidential',
  'reporter_name',
  'reporter_email',
  'reporter_phone',
  'agency_id',
  'dispositioned_at',
  'disposition_status',
  'first_follow_up_at',
  'completed_at',
  'complaint_status',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns that describe the complaint itself: every row of one tracking_id must agree on them. */
export const COMPLAINT_COLUMNS = [
  'submitted_at',
  'classification',
  'title',
  'description',
  'category',
  'anonymous',
  'confidential',
  'reporter_name',
  'reporter_email',
  'reporter_phone',
] as const satisfies readonly ImportColumn[];

/** Statuses a complaint without any disposition can be imported in. */
export const IMPORTED_COMPLAINT_STATUSES = ['SUBMITTED', 'ON_HOLD', 'ARCHIVED', 'NOT_AUTHORITY'] as const;
export type ImportedComplaintStatus = (typeof IMPORTED_COMPLAINT_STATUSES)[number];

/** Prefix given to numeric LAPOR! report numbers. */
export const LAPOR_PREFIX = 'LPR';
export const IMPORT_SOURCE = 'SP4N-LAPOR!';
/** DynamoDB refuses a TransactWriteItems with more actions than this. */
export const MAX_TRANSACTION_ITEMS = 100;

export const IMPORT_ADMIN: Actor = { role: 'admin', userId: 'import:sp4n-lapor' };
export const importAgencyActor = (agencyId: string): Actor => ({ role: 'agency', userId: 'import:sp4n-lapor', agencyId });

/** Reason of HOLD / ARCHIVE / NOT_AUTHORITY verifications (LAPOR! exports carry none). */
export const IMPORT_REASON = 'Diimpor dari SP4N-LAPOR!';
export const IMPORT_MESSAGES = {
  submitted: (sourceId: string) => `Laporan diimpor dari SP4N-LAPOR! (nomor laporan asal: ${sourceId})`,
  verified: 'Verifikasi diimpor dari SP4N-LAPOR!',
  dispositioned: 'Disposisi diimpor dari SP4N-LAPOR!',
  followUp: 'Tindak lanjut diimpor dari SP4N-LAPOR!',
  finalFollowUp: 'Tindak lanjut akhir (selesai) diimpor dari SP4N-LAPOR!',
  completed: 'Disposisi selesai (diimpor dari SP4N-LAPOR!)',
  returned: 'Dikembalikan karena bukan wewenang (diimpor dari SP4N-LAPOR!)',
  escalationEligible: 'Dapat diteruskan ke Ombudsman: batas waktu tanpa tindak lanjut terlampaui (dihitung saat impor dari SP4N-LAPOR!)',
  closed: 'Ditutup: tidak ada tanggapan pelapor setelah selesai (dihitung saat impor dari SP4N-LAPOR!)',
} as const;

const TRACKING_ID = /^[A-Z]{2,6}-[0-9A-Z]{1,20}$/;
const LAPOR_NUMBER = /^#?([0-9]{1,20})$/;
const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()-]{5,19}$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

const LIMITS = { title: 200, description: 20_000, category: 100, reporter_name: 100, reporter_email: 254 } as const;

export interface ImportIssue {
  /** 1-based line of the file where the row starts. */
  line: number;
  column?: ImportColumn;
  message: string;
}

export interface ImportComplaintFields {
  submittedAt: string;
  classification: Classification;
  title: string;
  description: string;
  category?: string;
  anonymous: boolean;
  confidential: boolean;
  reporter?: Reporter;
}

/** One validated row. Timestamps are normalized to ISO-8601 UTC with milliseconds. */
export interface ImportRow {
  line: number;
  /** tracking_id as written in the file. */
  sourceId: string;
  /** The tracking ID the complaint is stored under (see importTrackingId). */
  trackingId: string;
  complaint: ImportComplaintFields;
  /** The complaint columns as normalized text, to compare rows of one complaint. */
  complaintKey: Record<(typeof COMPLAINT_COLUMNS)[number], string>;
  agencyId?: string;
  dispositionedAt?: string;
  dispositionStatus?: DispositionStatus;
  firstFollowUpAt?: string;
  completedAt?: string;
  complaintStatus?: ImportedComplaintStatus;
}

export interface ImportHeader {
  /** Position of each column in a record. */
  index: Record<ImportColumn, number>;
  width: number;
}

/** The stored tracking ID for a tracking_id of the file, or undefined when it is not one. */
export function importTrackingId(raw: string): string | undefined {
  const value = raw.trim();
  if (TRACKING_ID.test(value)) return value;
  const numeric = LAPOR_NUMBER.exec(value);
  return numeric ? `${LAPOR_PREFIX}-${numeric[1]}` : undefined;
}

/** The header row: every column of IMPORT_COLUMNS exactly once, in any order, and no others. */
export function readHeader(record: CsvRecord): { header: ImportHeader } | { issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const line = record.line;
  if (record.error) issues.push({ line, message: `malformed CSV: ${record.error}` });
  const names = record.fields.map((f) => f.trim().toLowerCase());
  const index = {} as Record<ImportColumn, number>;
  names.forEach((name, i) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) {
      issues.push({ line, message: `unknown column "${record.fields[i]}" (expected: ${IMPORT_COLUMNS.join(', ')})` });
    } else if (index[name as ImportColumn] !== undefined) {
      issues.push({ line, message: `column "${name}" appears twice` });
    } else {
      index[name as ImportColumn] = i;
    }
  });
  const missing = IMPORT_COLUMNS.filter((c) => index[c] === undefined);
  if (missing.length > 0) issues.push({ line, message: `missing column(s): ${missing.join(', ')}` });
  return issues.length > 0 ? { issues } : { header: { index, width: record.fields.length } };
}

/**
 * Checks one row on its own: types, enums, required fields, which columns go together, and the
 * order of its timestamps (none may lie after `now`). Rules across rows are checked by planComplaint.
 */
export function parseImportRow(
  record: CsvRecord,
  header: ImportHeader,
  now: Date,
  categories: readonly Category[] = DEFAULT_CATEGORIES,
): { row: ImportRow } | { issues: ImportIssue[] } {
  const line = record.line;
  const issues: ImportIssue[] = [];
  const issue = (column: ImportColumn | undefined, message: string) =>
    issues.push({ line, ...(column && { column }), message: column ? `${column}: ${message}` : message });
  if (record.error) issue(undefined, `malformed CSV: ${record.error}`);
  if (record.fields.length !== header.width) {
    issue(undefined, `has ${record.fields.length} fields, the header has ${header.width}`);
    return { issues };
  }
  const get = (column: ImportColumn) => (record.fields[header.index[column]] ?? '').trim();

  const sourceId = get('tracking_id');
  const trackingId = importTrackingId(sourceId);
  if (!sourceId) issue('tracking_id', 'is required');
  else if (!trackingId) {
    issue('tracking_id', `"${sourceId}" is neither PREFIX-CODE (2-6 capital letters, a dash, 1-20 capital letters or digits) nor a numeric LAPOR! number`);
  }

  const instant = (column: ImportColumn, required: boolean): number | undefined => {
    const value = get(column);
    if (!value) {
      if (required) issue(column, 'is required');
      return undefined;
    }
    const parsed = parseTimestamp(value);
    if (typeof parsed === 'string') {
      issue(column, parsed);
      return undefined;
    }
    if (parsed > now.getTime()) issue(column, `${value} lies in the future`);
    return parsed;
  };
  const text = (column: ImportColumn, required: boolean, max: number): string | undefined => {
    const value = get(column);
    if (!value) {
      if (required) issue(column, 'is required');
      return undefined;
    }
    if (value.length > max) issue(column, `is ${value.length} characters long, at most ${max} are allowed`);
    return value;
  };
  const flag = (column: ImportColumn): boolean => {
    const value = get(column).toLowerCase();
    if (value === '' || value === 'false' || value === '0' || value === 'tidak') return false;
    if (value === 'true' || value === '1' || value === 'ya') return true;
    issue(column, `"${get(column)}" is not a boolean (true/false, 1/0, ya/tidak, or empty for false)`);
    return false;
  };
  const oneOf = <T extends string>(column: ImportColumn, allowed: readonly T[]): T | undefined => {
    const raw = get(column);
    if (!raw) return undefined;
    const value = raw.toUpperCase().replace(/[\s-]+/g, '_');
    if ((allowed as readonly string[]).includes(value)) return value as T;
    issue(column, `"${raw}" is not one of ${allowed.join(', ')}`);
    return undefined;
  };

  const submitted = instant('submitted_at', true);
  const classification = oneOf('classification', CLASSIFICATIONS);
  if (!get('classification')) issue('classification', 'is required');
  const title = text('title', true, LIMITS.title);
  const description = text('description', true, LIMITS.description);
  const categoryText = text('category', false, LIMITS.category);
  // Stored by id, as a submission is; a label is accepted since LAPOR! exports carry labels.
  const category = categoryText === undefined ? undefined : categoryIdOf(categories, categoryText);
  if (categoryText !== undefined && category === undefined) {
    issue('category', `"${categoryText}" is not one of the region's categories (${categories.map((c) => c.id).join(', ')})`);
  }
  const anonymous = flag('anonymous');
  const confidential = flag('confidential');
  const reporterName = text('reporter_name', false, LIMITS.reporter_name);
  const reporterEmail = text('reporter_email', false, LIMITS.reporter_email);
  if (reporterEmail && !EMAIL.test(reporterEmail)) issue('reporter_email', 'is not an email address');
  const reporterPhone = get('reporter_phone') || undefined;
  if (reporterPhone && !PHONE.test(reporterPhone)) issue('reporter_phone', 'is not a phone number');

  const agencyId = get('agency_id') || undefined;
  const dispositionStatus = oneOf('disposition_status', DISPOSITION_STATUSES);
  const complaintStatus = oneOf('complaint_status', IMPORTED_COMPLAINT_STATUSES);
  let dispositioned: number | undefined;
  let firstFollowUp: number | undefined;
  let completed: number | undefined;

  if (agencyId !== undefined) {
    if (!AGENCY_ID.test(agencyId)) issue('agency_id', `"${agencyId}" is not an agency ID (2-63 lowercase letters, digits or dashes)`);
    if (!get('disposition_status')) issue('disposition_status', 'is required when agency_id is set');
    if (get('complaint_status')) issue('complaint_status', 'must be empty when agency_id is set (the status follows from the dispositions)');
    dispositioned = instant('dispositioned_at', true);
    const needsFollowUp = dispositionStatus === 'IN_PROGRESS' || dispositionStatus === 'COMPLETED';
    firstFollowUp = instant('first_follow_up_at', needsFollowUp);
    completed = instant('completed_at', dispositionStatus === 'COMPLETED');
    if (dispositionStatus === 'PENDING' || dispositionStatus === 'RETURNED') {
      const why =
        dispositionStatus === 'RETURNED'
          ? 'a RETURNED disposition has no follow-up (only a disposition without follow-up can be returned)'
          : 'a PENDING disposition has no follow-up';
      if (get('first_follow_up_at')) issue('first_follow_up_at', `must be empty: ${why}`);
      if (get('completed_at')) issue('completed_at', `must be empty: ${why}`);
    }
    if (dispositionStatus === 'IN_PROGRESS' && get('completed_at')) {
      issue('completed_at', 'must be empty for an IN_PROGRESS disposition (COMPLETED ones have a completion time)');
    }
  } else {
    for (const column of ['disposition_status', 'dispositioned_at', 'first_follow_up_at', 'completed_at'] as const) {
      if (get(column)) issue(column, 'must be empty when agency_id is empty');
    }
    if (!get('complaint_status')) issue('complaint_status', `is required when agency_id is empty (${IMPORTED_COMPLAINT_STATUSES.join(', ')})`);
  }

  const order: Array<[ImportColumn, number | undefined]> = [
    ['submitted_at', submitted],
    ['dispositioned_at', dispositioned],
    ['first_follow_up_at', firstFollowUp],
    ['completed_at', completed],
  ];
  let previous: [ImportColumn, number] | undefined;
  for (const [column, t] of order) {
    if (t === undefined) continue;
    if (previous && t < previous[1]) issue(column, `${get(column)} is before ${previous[0]} ${get(previous[0])}`);
    previous = [column, t];
  }

  if (issues.length > 0) return { issues };
  const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());
  const reporter: Reporter = {
    ...(reporterName && { name: reporterName }),
    ...(reporterEmail && { email: reporterEmail }),
    ...(reporterPhone && { phone: reporterPhone }),
  };
  const complaint: ImportComplaintFields = {
    submittedAt: iso(submitted)!,
    classification: classification!,
    title: title!,
    description: description!,
    ...(category && { category }),
    anonymous,
    confidential,
    ...(Object.keys(reporter).length > 0 && { reporter }),
  };
  const row: ImportRow = {
    line,
    sourceId,
    trackingId: trackingId!,
    complaint,
    complaintKey: {
      submitted_at: complaint.submittedAt,
      classification: complaint.classification,
      title: complaint.title,
      description: complaint.description,
      category: complaint.category ?? '',
      anonymous: String(anonymous),
      confidential: String(confidential),
      reporter_name: reporterName ?? '',
      reporter_email: reporterEmail ?? '',
      reporter_phone: reporterPhone ?? '',
    },
    ...(agencyId !== undefined && { agencyId }),
    ...(dispositioned !== undefined && { dispositionedAt: iso(dispositioned) }),
    ...(dispositionStatus && { dispositionStatus }),
    ...(firstFollowUp !== undefined && { firstFollowUpAt: iso(firstFollowUp) }),
    ...(completed !== undefined && { completedAt: iso(completed) }),
    ...(complaintStatus && { complaintStatus }),
  };
  return { row };
}

/**
 * Milliseconds since the epoch of an ISO-8601 timestamp with a UTC offset ("2023-04-05T09:30:00+07:00",
 * "…Z", fractions up to 9 digits, a space instead of T), or why it is not one.
 */
export function parseTimestamp(value: string): number | string {
  const m = TIMESTAMP.exec(value);
  if (!m) return `"${value}" is not an ISO-8601 timestamp with an offset, e.g. 2023-04-05T09:30:00+07:00`;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const days = new Date(Date.UTC(2000, month, 0)).getUTCDate() + (month === 2 && !isLeap(year) ? -1 : 0);
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) {
    return `"${value}" is not a valid date and time`;
  }
  let offsetMinutes = 0;
  const zone = m[8]!;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 14 || om > 59) return `"${value}" has an invalid UTC offset`;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hour, minute, second, ms);
  return local.getTime() - offsetMinutes * 60_000;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

// ---------------------------------------------------------------------------------------------
// One complaint: cross-row rules, replay, merge.

export type ImportStep =
  | { kind: 'submit'; at: string }
  | { kind: 'verify'; at: string; action: 'HOLD' | 'ARCHIVE' | 'NOT_AUTHORITY' }
  | { kind: 'verify-disposition'; at: string; agencyIds: string[] }
  | { kind: 'add-disposition'; at: string; agencyId: string }
  | { kind: 'return'; at: string; agencyId: string }
  | { kind: 'follow-up'; at: string; agencyId: string; final: boolean }
  | { kind: 'escalation-eligible'; at: string }
  | { kind: 'auto-close'; at: string };

export interface PlanContext {
  calendar: WorkingDayCalendar;
  settings: RegionSettings;
  /** Stored agencies; an agency not in it is planned as { name: agencyId } (unknown ones are the caller's error). */
  agencies: ReadonlyMap<string, Agency>;
  /** SHA-256 of the complaint's access token: random per import, never shown (see bin/import.ts). */
  accessTokenHash: string;
  /** The time of the import: escalation windows that ended before it are marked. */
  now: Date;
}

export interface ComplaintPlan {
  trackingId: string;
  sourceId: string;
  lines: number[];
  /** The commands replayed, in order (escalation marks included). */
  commands: ImportStep[];
  /** Each command's ChangeSet, as the live system would have committed them one by one. */
  steps: ChangeSet[];
  /** The whole history as one ChangeSet, committed in one transaction in create mode. */
  change: ChangeSet;
  /** Actions of that transaction: complaint + dispositions + timeline entries + counter updates. */
  transactionItems: number;
}

const PHASE: Record<ImportStep['kind'], number> = {
  submit: 0,
  verify: 1,
  'verify-disposition': 1,
  'add-disposition': 1,
  return: 2,
  'follow-up': 3,
  'escalation-eligible': 5,
  'auto-close': 6,
};

/** The chronological command sequence of a complaint's (already checked) rows. */
export function importCommands(rows: readonly ImportRow[]): ImportStep[] {
  const first = rows[0]!;
  const submittedAt = first.complaint.submittedAt;
  if (first.complaintStatus) {
    if (first.complaintStatus === 'SUBMITTED') return [{ kind: 'submit', at: submittedAt }];
    const action = first.complaintStatus === 'ON_HOLD' ? 'HOLD' : first.complaintStatus === 'ARCHIVED' ? 'ARCHIVE' : 'NOT_AUTHORITY';
    return [
      { kind: 'submit', at: submittedAt },
      { kind: 'verify', at: submittedAt, action },
    ];
  }
  const timed: Array<{ step: ImportStep; t: number; order: number }> = [];
  const push = (step: ImportStep) => timed.push({ step, t: Date.parse(step.at), order: timed.length });
  const earliest = Math.min(...rows.map((r) => Date.parse(r.dispositionedAt!)));
  const firstAgencies = rows.filter((r) => Date.parse(r.dispositionedAt!) === earliest).map((r) => r.agencyId!);
  push({ kind: 'submit', at: submittedAt });
  push({ kind: 'verify-disposition', at: new Date(earliest).toISOString(), agencyIds: firstAgencies });
  for (const r of rows) {
    const agencyId = r.agencyId!;
    if (!firstAgencies.includes(agencyId)) push({ kind: 'add-disposition', at: r.dispositionedAt!, agencyId });
    if (r.dispositionStatus === 'RETURNED') {
      push({ kind: 'return', at: new Date(Date.parse(r.dispositionedAt!) + 1).toISOString(), agencyId });
    }
    if (r.dispositionStatus === 'IN_PROGRESS') push({ kind: 'follow-up', at: r.firstFollowUpAt!, agencyId, final: false });
    if (r.dispositionStatus === 'COMPLETED') {
      if (r.firstFollowUpAt !== r.completedAt) push({ kind: 'follow-up', at: r.firstFollowUpAt!, agencyId, final: false });
      push({ kind: 'follow-up', at: r.completedAt!, agencyId, final: true });
    }
  }
  // A final follow-up sorts after a first one at the same instant.
  const phase = (s: ImportStep) => PHASE[s.kind] + (s.kind === 'follow-up' && s.final ? 1 : 0);
  timed.sort((a, b) => a.t - b.t || phase(a.step) - phase(b.step) || a.order - b.order);
  return timed.map((x) => x.step);
}

/**
 * The rows of one complaint (each already valid on its own) checked together and replayed:
 * the plan, or the issues (with line numbers) that keep it from being imported.
 */
export function planComplaint(rows: readonly ImportRow[], ctx: PlanContext): { plan: ComplaintPlan } | { issues: ImportIssue[] } {
  if (rows.length === 0) throw new Error('planComplaint needs at least one row');
  const first = rows[0]!;
  const issues: ImportIssue[] = [];
  const where = `tracking_id ${first.sourceId}`;

  for (const row of rows.slice(1)) {
    for (const column of COMPLAINT_COLUMNS) {
      if (row.complaintKey[column] !== first.complaintKey[column]) {
        issues.push({ line: row.line, column, message: `${column}: differs from line ${first.line}, the first row of ${where}` });
      }
    }
  }
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.agencyId === undefined) continue;
    const earlier = seen.get(row.agencyId);
    if (earlier !== undefined) {
      issues.push({ line: row.line, column: 'agency_id', message: `agency_id: ${row.agencyId} appears twice for ${where} (also on line ${earlier}); an agency gets at most one disposition per complaint` });
    } else seen.set(row.agencyId, row.line);
  }
  const withoutAgency = rows.filter((r) => r.agencyId === undefined);
  if (withoutAgency.length > 0 && rows.length > 1) {
    for (const row of withoutAgency) {
      issues.push({
        line: row.line,
        column: 'complaint_status',
        message: `complaint_status: a complaint without disposition has exactly one row, but ${where} has ${rows.length} (lines ${rows.map((r) => r.line).join(', ')})`,
      });
    }
  }
  if (issues.length > 0) return { issues };

  const commands = importCommands(rows);
  const lineOf = (agencyId?: string) => rows.find((r) => r.agencyId === agencyId)?.line ?? first.line;
  const agencyOf = (agencyId: string): Agency =>
    ctx.agencies.get(agencyId) ?? { agencyId, name: agencyId, emails: [], active: true, updatedAt: first.complaint.submittedAt };

  let record: ComplaintRecord | undefined;
  const steps: ChangeSet[] = [];
  const replayed: ImportStep[] = [];
  const timeline: TimelineEntry[] = [];
  const counters: CounterDelta[] = [];
  /** The mark the escalation job would have made before `until` (exclusive; inclusive at the end). */
  const escalationMark = (until: number, inclusive: boolean): ImportStep | undefined => {
    if (!record || record.complaint.escalationEligibleAt) return undefined;
    const verdict = escalationEligibility(record.complaint, new Date(until), ctx.settings);
    if (!verdict.eligible) return undefined;
    const since = Date.parse(verdict.since);
    return since < until || (inclusive && since === until) ? { kind: 'escalation-eligible', at: verdict.since } : undefined;
  };
  /** The close the daily job would have made, once a completed report's reply window ended before the import. */
  const autoClose = (until: number): ImportStep | undefined => {
    const c = record?.complaint;
    if (!c || c.status !== 'COMPLETED' || c.closedAt || !c.autoCloseAt) return undefined;
    const at = Date.parse(c.autoCloseAt) + 1;
    return at <= until ? { kind: 'auto-close', at: new Date(at).toISOString() } : undefined;
  };
  const queue = [...commands];
  for (let i = 0; i <= queue.length; i++) {
    let command = queue[i];
    if (command === undefined) {
      // After the last event: a window that ended before the import.
      const mark = escalationMark(ctx.now.getTime(), true) ?? autoClose(ctx.now.getTime());
      if (!mark) break;
      command = mark;
    } else {
      const mark = escalationMark(Date.parse(command.at), false);
      if (mark) {
        queue.splice(i, 0, mark);
        command = mark;
      }
    }
    const commandCtx: CommandContext = { now: new Date(command.at), calendar: ctx.calendar, settings: ctx.settings };
    let change: ChangeSet;
    try {
      change = runCommand(command, record, first, ctx, commandCtx, agencyOf);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const agencyId = 'agencyId' in command ? command.agencyId : undefined;
      return {
        issues: [{ line: lineOf(agencyId), message: `${where} cannot be replayed: ${describe(command)}: ${error.message}` }],
      };
    }
    change = markImported(change, command, first.sourceId);
    replayed.push(command);
    steps.push(change);
    timeline.push(...change.timeline);
    counters.push(...change.counters);
    record = applyChange(record, change);
  }

  const final = record!;
  const change: ChangeSet = {
    complaint: final.complaint,
    dispositions: final.dispositions,
    timeline,
    counters: mergeCounterDeltas(counters),
  };
  const transactionItems = 1 + change.dispositions.length + change.timeline.length + change.counters.length;
  if (transactionItems > MAX_TRANSACTION_ITEMS) {
    return {
      issues: [
        {
          line: first.line,
          message: `${where} needs ${transactionItems} writes (${change.dispositions.length} dispositions, ${change.timeline.length} timeline entries, ${change.counters.length} counters), more than the ${MAX_TRANSACTION_ITEMS} one DynamoDB transaction may hold`,
        },
      ],
    };
  }
  return {
    plan: {
      trackingId: first.trackingId,
      sourceId: first.sourceId,
      lines: rows.map((r) => r.line),
      commands: replayed,
      steps,
      change,
      transactionItems,
    },
  };
}

function runCommand(
  command: ImportStep,
  record: ComplaintRecord | undefined,
  first: ImportRow,
  ctx: PlanContext,
  commandCtx: CommandContext,
  agencyOf: (agencyId: string) => Agency,
): ChangeSet {
  if (command.kind === 'submit') {
    const c = first.complaint;
    const input: NewComplaint = {
      classification: c.classification,
      title: c.title,
      description: c.description,
      ...(c.category !== undefined && { category: c.category }),
      anonymous: c.anonymous,
      confidential: c.confidential,
      ...(c.reporter && { reporter: { ...c.reporter } }),
    };
    return submitComplaint(input, { trackingId: first.trackingId, accessTokenHash: ctx.accessTokenHash }, commandCtx);
  }
  if (!record) throw new Error('the first command must submit the complaint');
  switch (command.kind) {
    case 'verify':
      return verifyComplaint(record, { action: command.action, reason: IMPORT_REASON }, IMPORT_ADMIN, commandCtx);
    case 'verify-disposition':
      return verifyComplaint(record, { action: 'DISPOSITION', agencies: command.agencyIds.map(agencyOf) }, IMPORT_ADMIN, commandCtx);
    case 'add-disposition':
      return addDisposition(record, { agency: agencyOf(command.agencyId) }, IMPORT_ADMIN, commandCtx);
    case 'return':
      return returnDisposition(record, command.agencyId, { reason: IMPORT_MESSAGES.returned }, importAgencyActor(command.agencyId), commandCtx);
    case 'follow-up':
      return postFollowUp(
        record,
        command.agencyId,
        { message: command.final ? IMPORT_MESSAGES.finalFollowUp : IMPORT_MESSAGES.followUp, final: command.final },
        importAgencyActor(command.agencyId),
        commandCtx,
      );
    case 'escalation-eligible':
      return markEscalationEligible(record, commandCtx);
    case 'auto-close':
      return closeComplaint(record, commandCtx);
  }
}

/** Every imported timeline entry says so (details.imported) and carries a message in Bahasa Indonesia. */
function markImported(change: ChangeSet, command: ImportStep, sourceId: string): ChangeSet {
  const messageFor = (e: TimelineEntry): string | undefined => {
    switch (e.type) {
      case 'SUBMITTED':
        return IMPORT_MESSAGES.submitted(sourceId);
      case 'VERIFIED':
        return command.kind === 'verify' ? IMPORT_REASON : IMPORT_MESSAGES.verified;
      case 'DISPOSITIONED':
        return IMPORT_MESSAGES.dispositioned;
      case 'DISPOSITION_COMPLETED':
        return IMPORT_MESSAGES.completed;
      case 'ESCALATION_ELIGIBLE':
        return IMPORT_MESSAGES.escalationEligible;
      case 'CLOSED':
        return IMPORT_MESSAGES.closed;
      default:
        return undefined;
    }
  };
  return {
    ...change,
    timeline: change.timeline.map((e) => ({
      ...e,
      ...(e.message === undefined && messageFor(e) !== undefined && { message: messageFor(e) }),
      details: { ...e.details, imported: true, ...(e.type === 'SUBMITTED' && { source: IMPORT_SOURCE, sourceId }) },
    })),
  };
}

/** The record after a change: complaint replaced, changed dispositions replaced or added, entries appended. */
export function applyChange(record: ComplaintRecord | undefined, change: ChangeSet): ComplaintRecord {
  const dispositions = new Map((record?.dispositions ?? []).map((d) => [d.agencyId, d]));
  for (const d of change.dispositions) dispositions.set(d.agencyId, d);
  return {
    complaint: change.complaint,
    dispositions: [...dispositions.values()],
    timeline: [...(record?.timeline ?? []), ...change.timeline],
  };
}

function describe(command: ImportStep): string {
  switch (command.kind) {
    case 'submit':
      return `submission at ${command.at}`;
    case 'verify':
      return `verification ${command.action} at ${command.at}`;
    case 'verify-disposition':
      return `disposition to ${command.agencyIds.join(', ')} at ${command.at}`;
    case 'add-disposition':
      return `disposition to ${command.agencyId} at ${command.at}`;
    case 'return':
      return `return by ${command.agencyId} at ${command.at}`;
    case 'follow-up':
      return `${command.final ? 'final follow-up' : 'follow-up'} by ${command.agencyId} at ${command.at}`;
    case 'escalation-eligible':
      return `escalation window ending at ${command.at}`;
    case 'auto-close':
      return `auto-close at ${command.at}`;
  }
}

