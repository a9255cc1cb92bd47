import type { AgencyCounts } from '../core/compliance';
import type { HourBuckets } from '../core/follow-up-buckets';
import type { AgencyCompliance } from '../core/compliance-report';
import type { Disposition } from '../core/model';

/** The stored %TL counters of one agency for one period ("2022" or "2022-01"). */
export interface CounterRecord extends AgencyCounts {
  agencyId: string;
  period: string;
  /** Time to first follow-up, counted in fixed buckets (core/follow-up-buckets.ts): bounded size. */
  firstFollowUpBuckets: HourBuckets;
  /** Withdrawn by the coordinator after the deadline (absent on items written before it existed: 0). */
  withdrawn?: number;
  /** +1 on every write of the item (transactions and repairs); 0 on items written before it existed. */
  revision?: number;
}

/** A dated copy of an agency's numbers, kept for trends. */
export interface ComplianceSnapshot extends AgencyCompliance {
  /** The region-local date the job ran for (YYYY-MM-DD). */
  asOf: string;
  computedAt: string;
}

export interface ComplianceRepository {
  /** Counters for every (agency, period) pair that has any; missing pairs are simply absent. */
  getCounters(agencyIds: readonly string[], periods: readonly string[]): Promise<CounterRecord[]>;
  /** Every period's counters of one agency (for reconciliation). */
  listCounters(agencyId: string): Promise<CounterRecord[]>;
  /**
   * Replaces one counter item if it is still at `expected`'s revision (undefined: must not exist;
   * an item from before revisions existed: still without one and with the same counts).
   * Returns false when another writer changed it in between.
   */
  replaceCounters(expected: CounterRecord | undefined, actual: CounterRecord): Promise<boolean>;
  /** The agency's dispositions still waiting for follow-up or completion (PENDING and IN_PROGRESS). */
  listOpenDispositions(agencyId: string): Promise<Disposition[]>;
  /** Every disposition the agency ever received (reconciliation only: reads the whole history). */
  listAllDispositions(agencyId: string): Promise<Disposition[]>;
  putSnapshot(snapshot: ComplianceSnapshot): Promise<void>;
  /** Snapshots of one agency and period whose asOf lies in [from, to], oldest first. */
  listSnapshots(agencyId: string, period: string, range?: { from?: string; to?: string }): Promise<ComplianceSnapshot[]>;
  /** The latest snapshot of the agency and period taken before the given local date. */
  previousSnapshot(agencyId: string, period: string, beforeDate: string): Promise<ComplianceSnapshot | undefined>;
}
