// In-memory fakes of the ports (functions/ports). They keep the contract of the DynamoDB adapters
// rather than mocking calls: a commit is all-or-nothing and is refused with CONCURRENT_MODIFICATION
// under exactly the conditions the adapter puts on its TransactWriteItems.

import { concurrentModification } from '../../functions/core/errors';
import { OPEN_STATUSES } from '../../functions/core/lifecycle';
import { rateLimited, rateLimitWindow } from '../../functions/core/rate-limit';
import type {
  Agency,
  ChangeSet,
  Complaint,
  ComplaintRecord,
  ComplaintStatus,
  CounterDelta,
  Disposition,
  DispositionStatus,
  Notification,
  Page,
  TimelineEntry,
} from '../../functions/core/model';
import type { AgencyRepository, CommitOptions, ComplaintListFilter, ComplaintRepository, InstantRange, PageRequest } from '../../functions/ports/repositories';
import type { DeferredEmail, EmailLedger, EmailMessage, UndeliveredEmail } from '../../functions/ports/mail';
import type { Clock, IdGenerator } from '../../functions/ports/system';

/** DynamoDB refuses a transaction with more actions than this (ValidationException, not a lost race). */
export const MAX_TRANSACTION_ITEMS = 100;

export type Counts = Omit<CounterDelta, 'agencyId' | 'period'>;

const DAY_MS = 86_400_000;

const clone = <T>(value: T): T => structuredClone(value);

const byAgency = (a: Disposition, b: Disposition) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0);
const bySeq = (a: TimelineEntry, b: TimelineEntry) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0);

/**
 * The record as it is after `change` was committed: the complaint replaced, each changed
 * disposition replaced (or added), the new timeline entries appended in seq order.
 * Pure: neither argument is modified.
 */
export function applyChangeSet(record: ComplaintRecord | undefined, change: ChangeSet): ComplaintRecord {
  const dispositions = new Map((record?.dispositions ?? []).map((d) => [d.agencyId, d]));
  for (const d of change.dispositions) dispositions.set(d.agencyId, d);
  return {
    complaint: change.complaint,
    dispositions: [...dispositions.values()].sort(byAgency),
    timeline: [...(record?.timeline ?? []), ...change.timeline].sort(bySeq),
  };
}

const counterKey = (agencyId: string, period: string) => `${agencyId}\u0000${period}`;

const emptyCounts = (): Counts => ({ received: 0, pending: 0, inProgress: 0, completed: 0 });

/** Newest first by a sort key, then paged with an opaque offset cursor. */
function paginate<T>(items: T[], page: PageRequest): Page<T> {
  const offset = page.cursor === undefined ? 0 : Number(Buffer.from(page.cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw new Error(`Invalid cursor ${page.cursor}`);
  const slice = items.slice(offset, offset + page.limit);
  const next = offset + slice.length;
  return {
    items: slice,
    ...(next < items.length && { nextCursor: Buffer.from(String(next), 'utf8').toString('base64url') }),
  };
}

export class InMemoryComplaintRepository implements ComplaintRepository {
  private readonly complaints = new Map<string, Complaint>();
  /** trackingId → agencyId → disposition */
  private readonly dispositions = new Map<string, Map<string, Disposition>>();
  /** trackingId → seq → entry */
  private readonly timelines = new Map<string, Map<string, TimelineEntry>>();
  /** agencyId + period → counts, as the adapter's ADD updates leave them. */
  private readonly counterItems = new Map<string, CounterDelta>();
  /** scope + client + window start → requests counted, as the guards table's rate-limit items. */
  private readonly rateWindows = new Map<string, number>();

  /** Successful commits, for tests that count writes. */
  committed = 0;
  /** Commits refused because a version condition failed. */
  refused = 0;

  async get(trackingId: string): Promise<ComplaintRecord | undefined> {
    const complaint = this.complaints.get(trackingId);
    if (!complaint) return undefined;
    return clone({
      complaint,
      dispositions: [...(this.dispositions.get(trackingId)?.values() ?? [])].sort(byAgency),
      timeline: [...(this.timelines.get(trackingId)?.values() ?? [])].sort(bySeq),
    });
  }

  async commit(change: ChangeSet, options: CommitOptions = {}): Promise<void> {
    this.commitSync(change, options);
  }

  /** The same as commit, for callers without an event loop turn to spare. */
  commitSync(change: ChangeSet, options: CommitOptions = {}): void {
    // Create mode (the import): every state item must be new, whatever version its history reached.
    const expected = (version: number) => (options.create ? 1 : version);
    const actions = (options.rateLimit ? 1 : 0) + 1 + change.dispositions.length + change.timeline.length + change.counters.length;
    if (actions > MAX_TRANSACTION_ITEMS) {
      throw new Error(`ValidationException: a transaction may hold at most ${MAX_TRANSACTION_ITEMS} actions, got ${actions}`);
    }
    // DynamoDB also refuses two actions on one item in a transaction (ValidationException).
    const items = new Set<string>();
    const touch = (key: string) => {
      if (items.has(key)) throw new Error(`ValidationException: the transaction touches ${key} more than once`);
      items.add(key);
    };
    touch(`COMPLAINT#${change.complaint.trackingId}`);
    for (const d of change.dispositions) touch(`DISPOSITION#${d.trackingId}#${d.agencyId}`);
    for (const e of change.timeline) touch(`TIMELINE#${e.trackingId}#${e.seq}`);
    for (const c of change.counters) touch(`COUNTERS#${c.agencyId}#${c.period}`);

    // Conditions first, all of them: nothing is written unless every one holds.
    const ok =
      this.versionHolds(this.complaints.get(change.complaint.trackingId), expected(change.complaint.version)) &&
      change.dispositions.every((d) => this.versionHolds(this.dispositions.get(d.trackingId)?.get(d.agencyId), expected(d.version))) &&
      change.timeline.every((e) => !this.timelines.get(e.trackingId)?.has(e.seq));
    const claim = options.rateLimit;
    const windowKey = claim && `${claim.scope}\u0000${claim.client}\u0000${rateLimitWindow(claim).start}`;
    if (claim && (this.rateWindows.get(windowKey!) ?? 0) >= claim.limit.limit) {
      this.refused += 1;
      throw rateLimited(claim);
    }
    if (!ok) {
      this.refused += 1;
      throw concurrentModification();
    }
    if (windowKey) this.rateWindows.set(windowKey, (this.rateWindows.get(windowKey) ?? 0) + 1);

    this.complaints.set(change.complaint.trackingId, clone(change.complaint));
    // The outbox, as the mailer would read it from the stream (the import announces nothing).
    if (!options.create) this.outboxItems.push(...clone(change.notifications ?? []));
    for (const d of change.dispositions) {
      const forComplaint = this.dispositions.get(d.trackingId) ?? new Map<string, Disposition>();
      forComplaint.set(d.agencyId, clone(d));
      this.dispositions.set(d.trackingId, forComplaint);
    }
    for (const e of change.timeline) {
      const forComplaint = this.timelines.get(e.trackingId) ?? new Map<string, TimelineEntry>();
      forComplaint.set(e.seq, clone(e));
      this.timelines.set(e.trackingId, forComplaint);
    }
    for (const delta of change.counters) {
      const key = counterKey(delta.agencyId, delta.period);
      const item = this.counterItems.get(key) ?? { agencyId: delta.agencyId, period: delta.period, ...emptyCounts() };
      item.received += delta.received;
      item.pending += delta.pending;
      item.inProgress += delta.inProgress;
      item.completed += delta.completed;
      if (delta.withdrawn) item.withdrawn = (item.withdrawn ?? 0) + delta.withdrawn;
      this.counterItems.set(key, item);
    }
    this.committed += 1;
  }

  async list(filter: ComplaintListFilter, page: PageRequest): Promise<Page<Complaint>> {
    const items = [...this.complaints.values()]
      .filter((c) => filter.status === undefined || c.status === filter.status)
      .filter((c) => !(filter.publicOnly && c.confidential))
      .filter((c) => filter.category === undefined || c.category === filter.category)
      .filter((c) => filter.classification === undefined || c.classification === filter.classification)
      .filter((c) => inRange(c.submittedAt, filter.submitted))
      .sort((a, b) => order(page)(`${a.submittedAt}#${a.trackingId}`, `${b.submittedAt}#${b.trackingId}`));
    return clone(paginate(items, page));
  }

  async listEscalationDue(until: string, page: PageRequest): Promise<Page<Complaint>> {
    const items = [...this.complaints.values()]
      .filter((c) => c.escalationDueAt !== undefined && c.escalationDueAt <= until && !c.escalationEligibleAt && OPEN_STATUSES.includes(c.status))
      .sort((a, b) => compareAsc(`${a.escalationDueAt}#${a.trackingId}`, `${b.escalationDueAt}#${b.trackingId}`));
    this.escalationDueReads += items.length;
    return clone(paginate(items, page));
  }

  /** Complaints the escalation-due listing returned, for tests that check the job reads only what is due. */
  escalationDueReads = 0;

  async listAutoCloseDue(until: string, page: PageRequest): Promise<Page<Complaint>> {
    const items = [...this.complaints.values()]
      .filter((c) => c.autoCloseAt !== undefined && c.autoCloseAt <= until && !c.closedAt && c.status === 'COMPLETED')
      .sort((a, b) => compareAsc(`${a.autoCloseAt}#${a.trackingId}`, `${b.autoCloseAt}#${b.trackingId}`));
    this.autoCloseDueReads += items.length;
    return clone(paginate(items, page));
  }

  private readonly outboxItems: Notification[] = [];

  /** Every notification committed so far, in commit order. */
  outbox(): Notification[] {
    return clone(this.outboxItems);
  }

  /** Complaints the auto-close listing returned, for tests that check the step reads only what is due. */
  autoCloseDueReads = 0;

  async getComplaints(trackingIds: readonly string[]): Promise<Complaint[]> {
    return clone([...new Set(trackingIds)].flatMap((id) => this.complaints.get(id) ?? []));
  }

  async listDispositions(
    filter: { agencyId: string; status?: DispositionStatus; dispositioned?: InstantRange },
    page: PageRequest,
  ): Promise<Page<Disposition>> {
    const items = [...this.dispositions.values()]
      .flatMap((m) => [...m.values()])
      .filter((d) => d.agencyId === filter.agencyId && (filter.status === undefined || d.status === filter.status))
      .filter((d) => inRange(d.dispositionedAt, filter.dispositioned))
      .sort((a, b) => order(page)(`${a.dispositionedAt}#${a.trackingId}`, `${b.dispositionedAt}#${b.trackingId}`));
    return clone(paginate(items, page));
  }

  /** The agency's counters for one period; zeros when nothing was ever counted there. */
  counter(agencyId: string, period: string): Counts {
    const item = this.counterItems.get(counterKey(agencyId, period));
    return item ? { received: item.received, pending: item.pending, inProgress: item.inProgress, completed: item.completed } : emptyCounts();
  }

  /** Every counter item, sorted by agency then period. */
  counters(): CounterDelta[] {
    return [...this.counterItems.values()]
      .map((c) => ({ ...c }))
      .sort((a, b) => compareAsc(counterKey(a.agencyId, a.period), counterKey(b.agencyId, b.period)));
  }

  /** Version 1 must not exist yet; a later version must replace exactly version - 1. */
  private versionHolds(stored: { version: number } | undefined, version: number): boolean {
    if (!Number.isInteger(version) || version < 1) return false;
    return version === 1 ? stored === undefined : stored !== undefined && stored.version === version - 1;
  }
}

const compareAsc = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const compareDesc = (a: string, b: string) => compareAsc(b, a);

export class InMemoryAgencyRepository implements AgencyRepository {
  private readonly agencies = new Map<string, Agency>();

  constructor(initial: readonly Agency[] = []) {
    for (const agency of initial) this.agencies.set(agency.agencyId, clone(agency));
  }

  async list(): Promise<Agency[]> {
    return [...this.agencies.values()].sort((a, b) => compareAsc(a.agencyId, b.agencyId)).map(clone);
  }

  async get(agencyId: string): Promise<Agency | undefined> {
    const agency = this.agencies.get(agencyId);
    return agency && clone(agency);
  }

  async put(agency: Agency): Promise<void> {
    this.agencies.set(agency.agencyId, clone(agency));
  }

  async create(agency: Agency): Promise<boolean> {
    if (this.agencies.has(agency.agencyId)) return false;
    this.agencies.set(agency.agencyId, clone(agency));
    return true;
  }
}

/** A clock that stands still until told to move. */
export class SteppableClock implements Clock {
  private t: number;

  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
    if (!Number.isFinite(this.t)) throw new RangeError(`Invalid start ${String(start)}`);
  }

  now(): Date {
    return new Date(this.t);
  }

  set(instant: Date | string): void {
    const t = new Date(instant).getTime();
    if (!Number.isFinite(t)) throw new RangeError(`Invalid instant ${String(instant)}`);
    this.t = t;
  }

  advance(ms: number): Date {
    this.t += ms;
    return this.now();
  }

  advanceDays(days: number): Date {
    return this.advance(days * DAY_MS);
  }
}

/** A clock fixed at one instant. */
export const fixedClock = (instant: Date | string): Clock => {
  const t = new Date(instant).getTime();
  return { now: () => new Date(t) };
};

/**
 * Deterministic ids: tracking IDs PREFIX-000001, PREFIX-000002, …; access tokens token-000001, ….
 * Remembers what it issued.
 */
export class SequentialIds implements IdGenerator {
  private trackingCount = 0;
  private tokenCount = 0;
  readonly issuedTokens: string[] = [];
  readonly issuedTrackingIds: string[] = [];

  constructor(private readonly tokenPrefix = 'token') {}

  trackingId(prefix: string): string {
    this.trackingCount += 1;
    const id = `${prefix}-${String(this.trackingCount).padStart(6, '0')}`;
    this.issuedTrackingIds.push(id);
    return id;
  }

  accessToken(): string {
    this.tokenCount += 1;
    const token = `${this.tokenPrefix}-${String(this.tokenCount).padStart(6, '0')}`;
    this.issuedTokens.push(token);
    return token;
  }
}

export const agency = (agencyId: string, overrides: Partial<Agency> = {}): Agency => ({
  agencyId,
  name: `Dinas ${agencyId}`,
  emails: [`${agencyId}@pemda.example`],
  active: true,
  updatedAt: '2024-01-01T00:00:00.000Z',
  ...overrides,
});

function inRange(at: string, range: InstantRange | undefined): boolean {
  return (range?.from === undefined || at >= range.from) && (range?.to === undefined || at <= range.to);
}

function order(page: PageRequest): (a: string, b: string) => number {
  return page.order === 'oldest' ? compareAsc : compareDesc;
}

interface LedgerEntry {
  state: 'CLAIMED' | 'SENT' | 'FAILED' | 'RETRY';
  attempts: number;
  reason?: string;
  message?: EmailMessage;
  dueAt?: number;
}

/** The email ledger's contract in memory (the DynamoDB one is tested against DynamoDB Local); `now` is its wall clock. */
export class InMemoryEmailLedger implements EmailLedger {
  readonly entries = new Map<string, LedgerEntry>();
  now = 0;
  async claim(key: string) {
    const e = this.entries.get(key);
    if (e && e.state !== 'RETRY') return false;
    this.entries.set(key, { ...(e ?? { attempts: 0 }), state: 'CLAIMED' });
    return true;
  }
  async markSent(key: string) {
    this.entries.set(key, { state: 'SENT', attempts: this.entries.get(key)!.attempts });
  }
  async release(key: string) {
    this.entries.delete(key);
  }
  async markFailed(key: string, failure: { reason: string }) {
    const e = this.entries.get(key)!;
    this.entries.set(key, { state: 'FAILED', attempts: Math.max(1, e.attempts), reason: failure.reason });
  }
  async defer(key: string, failure: { reason: string; message: EmailMessage; retryAfterMs: (n: number) => number }) {
    const attempts = this.entries.get(key)!.attempts + 1;
    this.entries.set(key, { state: 'RETRY', attempts, reason: failure.reason, message: failure.message, dueAt: this.now + failure.retryAfterMs(attempts) });
    return attempts;
  }
  async listDue(limit: number): Promise<DeferredEmail[]> {
    return [...this.entries]
      .filter(([, e]) => e.state === 'RETRY' && e.dueAt! <= this.now)
      .slice(0, limit)
      .map(([key, e]) => ({ key, message: e.message!, attempts: e.attempts }));
  }
  async listUndelivered(): Promise<{ items: UndeliveredEmail[] }> {
    return { items: [] };
  }
}

