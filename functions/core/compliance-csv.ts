// The compliance report as CSV: one row per agency and a final REGION row. Agency names are
// typed by people (the agency list, imports) and opened in spreadsheets: neutralised like the
// complaint export's free text, so "=HYPERLINK(...)" stays text.

import { neutraliseFormula } from './complaint-export';
import { type CsvValue, csvRow } from './csv';

export const COMPLIANCE_COLUMNS = [
  'agencyId',
  'name',
  'received',
  'pending',
  'inProgress',
  'completed',
  'followedUp',
  'pctTL',
  'belowThreshold',
  'overdue',
  'escalationEligible',
  'withdrawn',
  'medianHoursToFirstFollowUp',
  'signInsLast30Days',
  'officersSignedInLast30Days',
] as const;

/** Keaktifan (sign-ins) comes from the sign-in log, not the counters: empty where not joined. */
type ActivityColumn = 'signInsLast30Days' | 'officersSignedInLast30Days';
export type ComplianceCsvRow = Record<Exclude<(typeof COMPLIANCE_COLUMNS)[number], ActivityColumn>, CsvValue> & Partial<Record<ActivityColumn, CsvValue>>;

export function complianceCsvLines(rows: readonly ComplianceCsvRow[]): string[] {
  return [
    csvRow(COMPLIANCE_COLUMNS),
    ...rows.map((row) => csvRow(COMPLIANCE_COLUMNS.map((c) => (typeof row[c] === 'string' ? neutraliseFormula(row[c] as string) : row[c])))),
  ];
}
