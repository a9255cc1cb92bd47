import type {
  Agency,
  ChangeSet,
  Complaint,
  ComplaintRecord,
  ComplaintStatus,
  Disposition,
  DispositionStatus,
  Page,
} from '../core/model';

export interface PageRequest {
  limit: number;
  /** Opaque cursor returned as nextCursor by the previous page. */
  cursor?: string;
}

export interface ComplaintRepository {
  /** Reads the complaint, its dispositions and its timeline; undefined when it does not exist. */
  get(trackingId: string): Promise<ComplaintRecord | undefined>;
  /**
   * Writes a change set atomically. Fails with CONCURRENT_MODIFICATION when any state object's
   * stored version is not the expected one (or, for version 1, when it already exists).
   */
  commit(change: ChangeSet): Promise<void>;
  /** Complaints newest first, optionally only those in one status. */
  list(filter: { status?: ComplaintStatus }, page: PageRequest): Promise<Page<Complaint>>;
  /** One agency's dispositions, newest first, optionally only those in one status. */
  listDispositions(
    filter: { agencyId: string; status?: DispositionStatus },
    page: PageRequest,
  ): Promise<Page<Disposition>>;
}

export interface AgencyRepository {
  list(): Promise<Agency[]>;
  get(agencyId: string): Promise<Agency | undefined>;
  put(agency: Agency): Promise<void>;
}
