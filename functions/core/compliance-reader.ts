// Live compliance numbers for any periods, from the per-agency counters and the open dispositions:
// what the daily job snapshots and what auditors read. Reads follow agencies and open
// dispositions, never the whole history.

import type { WorkingDayCalendar } from './calendar';
import { type AgencyCompliance, type ComplianceNumbers, agencyCompliance, rankByFollowUpRate, regionTotals } from './compliance-report';
import { mergeBuckets } from './follow-up-buckets';
import type { Agency, Disposition } from './model';
import type { RegionSettings } from './settings';
import type { ComplianceRepository } from '../ports/compliance';
import type { AgencyRepository, ComplaintRepository } from '../ports/repositories';
import { isVerificationOverdue } from './lifecycle';

export interface PeriodCompliance {
  period: string;
  /** Lowest %TL first; agencies without data last. */
  agencies: AgencyCompliance[];
  region: ComplianceNumbers;
}

export interface AgencyState {
  agency: Agency;
  /** The agency's PENDING and IN_PROGRESS dispositions, any period. */
  open: Disposition[];
  byPeriod: Record<string, AgencyCompliance>;
}

/** Reports the coordinator has not verified by their deadline, oldest first. */
export interface OverdueVerification {
  trackingId: string;
  title: string;
  submittedAt: string;
  verificationDeadline: string;
}

export interface ComplianceView {
  at: Date;
  periods: Record<string, PeriodCompliance>;
  agencies: AgencyState[];
}

/** How many agencies are read at once: enough to hide latency, few enough to stay under table limits. */
const PARALLEL_AGENCIES = 8;

export class ComplianceReader {
  constructor(
    private readonly ports: { agencies: AgencyRepository; compliance: ComplianceRepository; complaints?: Pick<ComplaintRepository, 'list'> },
    private readonly settings: RegionSettings,
    readonly calendar: WorkingDayCalendar,
  ) {}

  /**
   * Unverified reports past their verification deadline. Reads the SUBMITTED queue oldest first
   * and stops at the first one still in time (deadlines follow submission order).
   */
  async overdueVerifications(at: Date): Promise<OverdueVerification[]> {
    const complaints = this.ports.complaints;
    if (!complaints) return [];
    const overdue: OverdueVerification[] = [];
    let cursor: string | undefined;
    do {
      const page = await complaints.list({ status: 'SUBMITTED' }, { limit: 100, order: 'oldest', ...(cursor && { cursor }) });
      for (const c of page.items) {
        if (!isVerificationOverdue(c, at)) return overdue;
        overdue.push({ trackingId: c.trackingId, title: c.title, submittedAt: c.submittedAt, verificationDeadline: c.verificationDeadline });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return overdue;
  }

  /** Active agencies, plus inactive ones that still have data in one of the periods. */
  async compute(at: Date, periods: readonly string[]): Promise<ComplianceView> {
    const all = await this.ports.agencies.list();
    const counters = await this.ports.compliance.getCounters(all.map((a) => a.agencyId), periods);
    const counterOf = (agencyId: string, period: string) =>
      counters.find((c) => c.agencyId === agencyId && c.period === period);
    const agencies = all.filter((a) => a.active || counters.some((c) => c.agencyId === a.agencyId && c.received > 0));

    const states = await mapLimited(agencies, PARALLEL_AGENCIES, async (agency): Promise<AgencyState> => {
      const open = await this.ports.compliance.listOpenDispositions(agency.agencyId);
      const byPeriod: Record<string, AgencyCompliance> = {};
      for (const period of periods) {
        const stored = counterOf(agency.agencyId, period);
        byPeriod[period] = agencyCompliance(
          { agency, period, counts: stored, firstFollowUpBuckets: stored?.firstFollowUpBuckets ?? {}, open },
          at,
          this.settings,
        );
      }
      return { agency, open, byPeriod };
    });

    const result: Record<string, PeriodCompliance> = {};
    for (const period of periods) {
      const list = states.map((s) => s.byPeriod[period] as AgencyCompliance);
      const buckets = mergeBuckets(counters.filter((c) => c.period === period).map((c) => c.firstFollowUpBuckets));
      result[period] = { period, agencies: rankByFollowUpRate(list), region: regionTotals(list, buckets, this.settings) };
    }
    return { at, periods: result, agencies: states };
  }
}

export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
