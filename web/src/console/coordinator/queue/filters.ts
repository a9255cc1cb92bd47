// The queue's filters live in the address (?status=…&q=…), so a reload or a shared link shows the
// same queue. Only values the API accepts are read back; anything else is dropped.
import type { operations } from '../../../api/schema';

export type QueueQuery = NonNullable<operations['listComplaints']['parameters']['query']>;
export type Filters = {
  status: string;
  classification: string;
  category: string;
  agencyId: string;
  overdue: boolean;
  from: string;
  to: string;
  q: string;
  sort: 'newest' | 'oldest' | 'deadline';
};

export const STATUSES = ['SUBMITTED', 'ON_HOLD', 'RETURNED', 'DISPOSITIONED', 'IN_PROGRESS', 'COMPLETED', 'ARCHIVED', 'NOT_AUTHORITY', 'ESCALATED'] as const;
export const CLASSIFICATIONS = ['ASPIRASI', 'PENGADUAN', 'PERMINTAAN_INFORMASI'] as const;
export const SORTS = ['newest', 'oldest', 'deadline'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const EMPTY: Filters = { status: '', classification: '', category: '', agencyId: '', overdue: false, from: '', to: '', q: '', sort: 'newest' };

export function filtersFromSearch(search: string): Filters {
  const p = new URLSearchParams(search);
  const pick = <T extends string>(key: string, allowed: readonly T[]) => (allowed.includes(p.get(key) as T) ? (p.get(key) as T) : undefined);
  const day = (key: string) => (DAY.test(p.get(key) ?? '') ? p.get(key)! : '');
  return {
    status: pick('status', STATUSES) ?? '',
    classification: pick('classification', CLASSIFICATIONS) ?? '',
    category: p.get('category') ?? '',
    agencyId: p.get('agencyId') ?? '',
    overdue: p.get('overdue') === 'true',
    from: day('from'),
    to: day('to'),
    q: (p.get('q') ?? '').slice(0, 200),
    sort: pick('sort', SORTS) ?? 'newest',
  };
}

/** Only what differs from the defaults, so the address stays short. */
export function searchOf(f: Filters): string {
  const p = new URLSearchParams();
  for (const key of ['status', 'classification', 'category', 'agencyId', 'from', 'to'] as const) if (f[key]) p.set(key, f[key]);
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.overdue) p.set('overdue', 'true');
  if (f.sort !== 'newest') p.set('sort', f.sort);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function apiQuery(f: Filters, cursor?: string): QueueQuery {
  return {
    ...(f.status && { status: f.status as QueueQuery['status'] }),
    ...(f.classification && { classification: f.classification as QueueQuery['classification'] }),
    ...(f.category && { category: f.category }),
    ...(f.agencyId && { agencyId: f.agencyId }),
    ...(f.overdue && { overdue: 'true' as const }),
    ...(f.from && { from: f.from }),
    ...(f.to && { to: f.to }),
    ...(f.q.trim() && { q: f.q.trim() }),
    sort: f.sort,
    limit: 25,
    ...(cursor && { cursor }),
  };
}
