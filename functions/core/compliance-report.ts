// An agency's compliance for a period, from its counters and its open dispositions (DESIGN.md §2
// %TL). Reads stay proportional to agencies and open dispositions, never to the whole history.

import type { WorkingDayCalendar } from './calendar';
import { type AgencyCounts, emptyCounts, followUpRate, sumCounts } from './compliance';
import { type HourBuckets, medianOfBuckets } from './follow-up-buckets';
import type { Agency, Disposition } from './model';
import { periodsOf } from './periods';
import type { RegionSettings } from './settings';
import { isEscalationEligible, isOverdue } from './views';

export interface ComplianceNumbers extends AgencyCounts {
  followedUp: number;
  /** Two decimals; null when nothing was received ("no data", never 0). */
  pctTL: number | null;
  belowThreshold: boolean;
  overdue: number;
  escalationEligible: number;
  /** Dispositions the coordinator withdrew after their deadline (outside %TL, shown to auditors). */
  withdrawn: number;
  medianHoursToFirstFollowUp: number | null;
}

/** Exactly the numbers, whatever else the object carries (an agency's name, a snapshot's keys). */
export function complianceNumbersOf(n: ComplianceNumbers): ComplianceNumbers {
  return {
    received: n.received,
    pending: n.pending,
    inProgress: n.inProgress,
    completed: n.completed,
    followedUp: n.followedUp,
    pctTL: n.pctTL,
    belowThreshold: n.belowThreshold,
    overdue: n.overdue,
    escalationEligible: n.escalationEligible,
    withdrawn: n.withdrawn,
    medianHoursToFirstFollowUp: n.medianHoursToFirstFollowUp,
  };
}

export interface AgencyCompliance extends ComplianceNumbers {
  agencyId: string;
  name: string;
  period: string;
}

export interface OpenDispositionLine {
  trackingId: string;
  title: string;
  dispositionedAt: string;
  deadline: string;
  status: Disposition['status'];
  /** Calendar days since disposition, in the region's time zone. */
  daysWaiting: number;
  overdue: boolean;
  escalationEligible: boolean;
}

export interface ComplianceInput {
  agency: Agency;
  period: string;
  counts: (AgencyCounts & { withdrawn?: number }) | undefined;
  firstFollowUpBuckets: HourBuckets;
  /** The agency's open dispositions (PENDING and IN_PROGRESS), any period. */
  open: readonly Disposition[];
}

/** The period a disposition counts in (year or month), in the region's time zone. */
export function belongsToPeriod(d: Disposition, period: string, timeZone: string): boolean {
  const { year, month } = periodsOf(new Date(d.dispositionedAt), timeZone);
  return period.length === 4 ? year === period : month === period;
}

export function agencyCompliance(input: ComplianceInput, now: Date, settings: RegionSettings): AgencyCompliance {
  const counts = input.counts ?? emptyCounts();
  const rate = followUpRate(counts, settings.passingGrade);
  const inPeriod = input.open.filter((d) => belongsToPeriod(d, input.period, settings.timeZone));
  return {
    agencyId: input.agency.agencyId,
    name: input.agency.name,
    period: input.period,
    received: counts.received,
    pending: counts.pending,
    inProgress: counts.inProgress,
    completed: counts.completed,
    ...rate,
    overdue: inPeriod.filter((d) => isOverdue(d, now)).length,
    escalationEligible: inPeriod.filter((d) => isEscalationEligible(d, now, settings)).length,
    withdrawn: input.counts?.withdrawn ?? 0,
    medianHoursToFirstFollowUp: medianOfBuckets(input.firstFollowUpBuckets),
  };
}

/** Region-wide totals: %TL of the sums (not an average of percentages), median over all agencies. */
export function regionTotals(
  agencies: readonly AgencyCompliance[],
  allFirstFollowUpBuckets: HourBuckets,
  settings: RegionSettings,
): ComplianceNumbers {
  const counts = sumCounts(agencies);
  return {
    received: counts.received,
    pending: counts.pending,
    inProgress: counts.inProgress,
    completed: counts.completed,
    ...followUpRate(counts, settings.passingGrade),
    overdue: agencies.reduce((n, a) => n + a.overdue, 0),
    escalationEligible: agencies.reduce((n, a) => n + a.escalationEligible, 0),
    withdrawn: agencies.reduce((n, a) => n + a.withdrawn, 0),
    medianHoursToFirstFollowUp: medianOfBuckets(allFirstFollowUpBuckets),
  };
}

/** Lowest %TL first; agencies without data last, then by name. */
export function rankByFollowUpRate<T extends { pctTL: number | null; name: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => {
    if (a.pctTL === null || b.pctTL === null) {
      if (a.pctTL === b.pctTL) return a.name.localeCompare(b.name, 'id');
      return a.pctTL === null ? 1 : -1;
    }
    return a.pctTL - b.pctTL || a.name.localeCompare(b.name, 'id');
  });
}

/** Pending reports an agency still owes, oldest first, for its warning email. */
export function openDispositionLines(
  open: readonly Disposition[],
  now: Date,
  calendar: WorkingDayCalendar,
  settings: RegionSettings,
): OpenDispositionLine[] {
  return [...open]
    .sort((a, b) => a.dispositionedAt.localeCompare(b.dispositionedAt))
    .map((d) => ({
      trackingId: d.trackingId,
      title: d.complaintTitle,
      dispositionedAt: d.dispositionedAt,
      deadline: d.deadline,
      status: d.status,
      daysWaiting: calendarDaysBetween(d.dispositionedAt, now, calendar),
      overdue: isOverdue(d, now),
      escalationEligible: isEscalationEligible(d, now, settings),
    }));
}

export type WarningCadence = 'daily' | 'weekly' | 'monthly';

/**
 * The period within which an agency gets at most one warning: the region-local date, ISO week
 * ("2026-W48") or month.
 */
export function cadenceKey(cadence: WarningCadence, localDate: string): string {
  if (cadence === 'daily') return localDate;
  if (cadence === 'monthly') return localDate.slice(0, 7);
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this ISO week decides its year
  const isoYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(isoYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${isoYear}-W${String(week).padStart(2, '0')}`;
}

/** Is `localDate` the cadence's regular sending day (Monday for weekly, the 1st for monthly)? */
export function isCadenceDay(cadence: WarningCadence, localDate: string): boolean {
  if (cadence === 'daily') return true;
  if (cadence === 'monthly') return localDate.endsWith('-01');
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() === 1;
}

/**
 * Whether this run should warn a below-threshold agency: on the cadence's regular day, or on the
 * first run after it fell below (its previous snapshot was not below, or there is none).
 */
export function shouldWarn(input: {
  belowThreshold: boolean;
  previouslyBelow: boolean | undefined;
  cadence: WarningCadence;
  localDate: string;
}): boolean {
  if (!input.belowThreshold) return false;
  return isCadenceDay(input.cadence, input.localDate) || input.previouslyBelow !== true;
}

function calendarDaysBetween(fromIso: string, now: Date, calendar: WorkingDayCalendar): number {
  const from = calendar.localDate(new Date(fromIso));
  const to = calendar.localDate(now);
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000));
}

