import type {
  Agency,
  Classification,
  ChangeSet,
  Complaint,
  ComplaintRecord,
  ComplaintStatus,
  Disposition,
  DispositionStatus,
  Page,
} from '../core/model';
import type { RateLimitClaim } from '../core/rate-limit';

export interface PageRequest {
  limit: number;
  /** Opaque cursor returned as nextCursor by the previous page. */
  cursor?: string;
  /** Default newest first. */
  order?: 'newest' | 'oldest';
}

/** An inclusive range of ISO-8601 UTC instants. */
export interface InstantRange {
  from?: string;
  to?: string;
}

export interface ComplaintListFilter {
  status?: ComplaintStatus;
  submitted?: InstantRange;
  /** Leave out confidential complaints (the public list). */
  publicOnly?: boolean;
  category?: string;
  classification?: Classification;
  /** Kept only when this holds (the coordinator's queue filters that no index serves). */
  where?: (c: Complaint) => boolean;
}

export interface CommitOptions {
  /**
   * Import mode: the change set carries a complaint's whole history (versions above 1), and every
   * state item (complaint, dispositions) is written only if it does not exist yet, instead of
   * being checked against its previous version. A complaint that already exists fails the commit
   * with CONCURRENT_MODIFICATION and nothing of it is written.
   */
  create?: boolean;
  /**
   * Counts one request of the claim's client in its window as part of the same transaction: once
   * the window's limit is reached the commit fails with RATE_LIMITED and writes nothing (neither
   * the change nor the count). One round trip to the store for a guarded write.
   */
  rateLimit?: RateLimitClaim;
}

export interface ComplaintRepository {
  /** Reads the complaint, its dispositions and its timeline; undefined when it does not exist. */
  get(trackingId: string): Promise<ComplaintRecord | undefined>;
  /**
   * Writes a change set atomically. Fails with CONCURRENT_MODIFICATION when any state object's
   * stored version is not the expected one (or, for version 1, when it already exists).
   * With `create`, every state item must not exist yet, whatever its version (see CommitOptions).
   */
  commit(change: ChangeSet, options?: CommitOptions): Promise<void>;
  /** Complaints by submission time, optionally only one status and a submission range. */
  /**
   * With `where`, only the complaints it keeps: pages are filled by reading on (a bounded number of
   * items per call; a short page with a nextCursor means "read on"), and the cursor points at the
   * last complaint returned.
   */
  list(filter: { status?: ComplaintStatus; submitted?: InstantRange; where?: (c: Complaint) => boolean }, page: PageRequest): Promise<Page<Complaint>>;
  /**
   * Complaints by submission time, optionally only one status and a submission range. The other
   * filters may leave a page shorter than its limit while a nextCursor says there is more.
   */
  list(filter: ComplaintListFilter, page: PageRequest): Promise<Page<Complaint>>;
  /** One agency's dispositions by disposition time, optionally one status and a disposition range. */
  listDispositions(
    filter: { agencyId: string; status?: DispositionStatus; dispositioned?: InstantRange },
    page: PageRequest,
  ): Promise<Page<Disposition>>;
  /**
   * Open complaints not yet marked escalation-eligible whose 60-day clock ended at or before
   * `until`, earliest first: the escalation job's reads follow what is due, not the history.
   */
  listEscalationDue(until: string, page: PageRequest): Promise<Page<Complaint>>;
  /**
   * Completed, not yet closed complaints whose auto-close window (autoCloseAt) ended at or before
   * `until`, earliest first: the auto-close step reads only what is due.
   */
  listAutoCloseDue(until: string, page: PageRequest): Promise<Page<Complaint>>;
  /** The complaints (without dispositions or timeline) of the given tracking IDs that exist. */
  getComplaints(trackingIds: readonly string[]): Promise<Complaint[]>;
}

export interface AgencyRepository {
  list(): Promise<Agency[]>;
  get(agencyId: string): Promise<Agency | undefined>;
  put(agency: Agency): Promise<void>;
  /** Puts the agency only if its id is not stored yet; true when it was added. */
  create(agency: Agency): Promise<boolean>;
}
