// Time to first follow-up, kept as counts in fixed buckets so a counter item stays small however
// many dispositions it counts (a list of every value grows toward DynamoDB's 400 KB item limit).
// Precision of the median: to the hour within the first week (h000–h167), to the day up to 60 days
// (d007–d059), and "60 days or more" beyond (x). The median is reported as its bucket's lower
// bound: at most 1 hour (first week) or 1 day (later) below the exact value.

export type HourBuckets = Record<string, number>;

const WEEK_HOURS = 168;
const OVERFLOW_HOURS = 60 * 24;

export function bucketOf(hours: number): string {
  if (!Number.isFinite(hours) || hours < 0) return 'h000';
  if (hours < WEEK_HOURS) return `h${String(Math.floor(hours)).padStart(3, '0')}`;
  if (hours < OVERFLOW_HOURS) return `d${String(Math.floor(hours / 24)).padStart(3, '0')}`;
  return 'x';
}

/** The lower bound, in hours, of a bucket. */
export function bucketHours(key: string): number {
  if (key === 'x') return OVERFLOW_HOURS;
  const n = Number(key.slice(1));
  return key.startsWith('d') ? n * 24 : n;
}

export function isBucketKey(key: string): boolean {
  return key === 'x' || /^[hd]\d{3}$/.test(key);
}

export function addHours(buckets: HourBuckets, hours: readonly number[]): HourBuckets {
  const out = { ...buckets };
  for (const h of hours) {
    const key = bucketOf(h);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

export function mergeBuckets(list: readonly HourBuckets[]): HourBuckets {
  const out: HourBuckets = {};
  for (const buckets of list) for (const [key, n] of Object.entries(buckets)) if (n) out[key] = (out[key] ?? 0) + n;
  return out;
}

export function sameBuckets(a: HourBuckets, b: HourBuckets): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

/** Median as the lower bound of its bucket (the two middle ones averaged); null without data. */
export function medianOfBuckets(buckets: HourBuckets): number | null {
  const entries = Object.entries(buckets)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => [bucketHours(key), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const at = (index: number) => {
    let seen = 0;
    for (const [hours, n] of entries) {
      seen += n;
      if (index < seen) return hours;
    }
    return entries[entries.length - 1]![0];
  };
  const mid = total >> 1;
  return total % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}
