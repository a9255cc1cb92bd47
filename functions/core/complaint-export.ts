// Complaint exports for auditors, as JSON pages or CSV. Rows follow the auditor's privacy rules:
// no contact details, no identity of anonymous reporters.

import { maskPersonalData } from './redaction';
import { type CsvValue, csvRow } from './csv';
import type { Complaint, ComplaintStatus, Page } from './model';
import type { ComplaintRepository, InstantRange, PageRequest } from '../ports/repositories';

export interface ExportRow {
  trackingId: string;
  classification: Complaint['classification'];
  category: string | null;
  title: string;
  description: string;
  status: ComplaintStatus;
  anonymous: boolean;
  confidential: boolean;
  /** null when the reporter is anonymous or gave no name. */
  reporterName: string | null;
  agencyIds: string[];
  submittedAt: string;
  verificationDeadline: string;
  verifiedAt: string | null;
  dispositionedAt: string | null;
  firstFollowUpAt: string | null;
  completedAt: string | null;
  escalationEligibleAt: string | null;
  escalatedAt: string | null;
  rating: number | null;
}

export const EXPORT_COLUMNS = [
  'trackingId',
  'classification',
  'category',
  'title',
  'description',
  'status',
  'anonymous',
  'confidential',
  'reporterName',
  'agencyIds',
  'submittedAt',
  'verificationDeadline',
  'verifiedAt',
  'dispositionedAt',
  'firstFollowUpAt',
  'completedAt',
  'escalationEligibleAt',
  'escalatedAt',
  'rating',
] as const satisfies ReadonlyArray<keyof ExportRow>;

export interface ExportFilter {
  /** Submission range; with agencyId, the range of the agency's disposition date instead. */
  range?: InstantRange;
  status?: ComplaintStatus;
  agencyId?: string;
}

export function toExportRow(c: Complaint): ExportRow {
  return {
    trackingId: c.trackingId,
    classification: c.classification,
    category: c.category ?? null,
    // Auditors' exports: NIK, phone numbers and email addresses typed into the text are masked.
    title: maskPersonalData(c.title),
    description: maskPersonalData(c.description),
    status: c.status,
    anonymous: c.anonymous,
    confidential: c.confidential,
    reporterName: !c.anonymous && c.reporter?.name ? c.reporter.name : null,
    agencyIds: c.agencyIds ?? [],
    submittedAt: c.submittedAt,
    verificationDeadline: c.verificationDeadline,
    verifiedAt: c.verifiedAt ?? null,
    dispositionedAt: c.firstDispositionedAt ?? null,
    firstFollowUpAt: c.firstFollowUpAt ?? null,
    completedAt: c.completedAt ?? null,
    escalationEligibleAt: c.escalationEligibleAt ?? null,
    escalatedAt: c.escalatedAt ?? null,
    rating: c.rating ?? null,
  };
}

/** Excel's byte order mark, so the UTF-8 file opens with Indonesian names intact. */
export const CSV_BOM = '\ufeff';

export const exportCsvHeader = (): string => CSV_BOM + csvRow(EXPORT_COLUMNS);

/** Free text a citizen typed is neutralised against spreadsheet formula injection (=, +, -, @). */
export function exportCsvLine(row: ExportRow): string {
  return csvRow(
    EXPORT_COLUMNS.map((column): CsvValue => {
      const value = row[column];
      if (Array.isArray(value)) return value.join(';');
      if (typeof value === 'string' && FREE_TEXT.has(column)) return neutraliseFormula(value);
      return value;
    }),
  );
}

const FREE_TEXT = new Set<string>(['title', 'description', 'category', 'reporterName']);

export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One page of export rows, oldest first. */
export async function exportPage(
  complaints: ComplaintRepository,
  filter: ExportFilter,
  page: PageRequest,
): Promise<Page<ExportRow>> {
  const request = { ...page, order: 'oldest' as const };
  if (filter.agencyId) {
    const dispositions = await complaints.listDispositions(
      { agencyId: filter.agencyId, ...(filter.range && { dispositioned: filter.range }) },
      request,
    );
    const found = await complaints.getComplaints(dispositions.items.map((d) => d.trackingId));
    const byId = new Map(found.map((c) => [c.trackingId, c]));
    const rows = dispositions.items
      .flatMap((d) => byId.get(d.trackingId) ?? [])
      .filter((c) => !filter.status || c.status === filter.status)
      .map(toExportRow);
    return { items: rows, ...(dispositions.nextCursor && { nextCursor: dispositions.nextCursor }) };
  }
  const result = await complaints.list(
    { ...(filter.status && { status: filter.status }), ...(filter.range && { submitted: filter.range }) },
    request,
  );
  return { items: result.items.map(toExportRow), ...(result.nextCursor && { nextCursor: result.nextCursor }) };
}

/** Every row, page by page: memory holds one page at a time. */
export async function* exportAll(complaints: ComplaintRepository, filter: ExportFilter, pageSize = 500): AsyncGenerator<ExportRow> {
  let cursor: string | undefined;
  do {
    const page = await exportPage(complaints, filter, { limit: pageSize, ...(cursor && { cursor }) });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
