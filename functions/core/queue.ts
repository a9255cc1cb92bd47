// The coordinator's queue: which complaints a filter keeps. Pure, so the repository applies the
// same predicate the tests check, and the web never re-derives "overdue".

import { normalizeForSearch } from './search-text';
import type { Classification, Complaint } from './model';

export interface QueueFilter {
  classification?: Classification;
  category?: string;
  /** Complaints with an active disposition to this agency. */
  agencyId?: string;
  /** true: only complaints past their verification deadline and still unverified. */
  verificationOverdue?: boolean;
  /** Words that must all appear in the title (case and diacritics ignored). */
  words?: string[];
}

/** Still waiting for the coordinator's first decision after the 3-working-day deadline. */
export function isVerificationOverdue(c: Pick<Complaint, 'status' | 'verificationDeadline'>, now: Date): boolean {
  return c.status === 'SUBMITTED' && now.getTime() > Date.parse(c.verificationDeadline);
}

/** The words of a search box, as matchesQueue compares them. */
export function searchWords(q: string): string[] {
  return normalizeForSearch(q).split(/\s+/).filter((w) => w.length > 0);
}

export function matchesQueue(c: Complaint, filter: QueueFilter, now: Date): boolean {
  if (filter.classification && c.classification !== filter.classification) return false;
  if (filter.category !== undefined && normalizeForSearch(c.category ?? '') !== normalizeForSearch(filter.category)) return false;
  if (filter.agencyId && !(c.agencyIds ?? []).includes(filter.agencyId)) return false;
  if (filter.verificationOverdue !== undefined && isVerificationOverdue(c, now) !== filter.verificationOverdue) return false;
  if (filter.words?.length) {
    const title = normalizeForSearch(c.title);
    if (!filter.words.every((w) => title.includes(w))) return false;
  }
  return true;
}

export const isQueueFiltered = (f: QueueFilter) =>
  f.classification !== undefined || f.category !== undefined || f.agencyId !== undefined || f.verificationOverdue !== undefined || (f.words?.length ?? 0) > 0;
