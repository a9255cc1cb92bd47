// %TL (persentase tindak lanjut) arithmetic. Everything is done on integers: the passing grade is
// compared with the exact rational (59.99 fails a 60 grade) and the reported value is rounded
// half-up to two decimals, which floating-point division alone gets wrong at the .xx5 boundary,
// except that it never rounds across the passing grade: the figure shown agrees with the verdict.

export interface AgencyCounts {
  received: number;
  pending: number;
  inProgress: number;
  completed: number;
}

export interface FollowUpRate {
  followedUp: number;
  /** Two decimals, half-up; null when the agency received nothing (no data, never 0). */
  pctTL: number | null;
  /** Exact %TL below the passing grade; never true without data. */
  belowThreshold: boolean;
}

const COUNT_FIELDS = ['received', 'pending', 'inProgress', 'completed'] as const;

export const emptyCounts = (): AgencyCounts => ({ received: 0, pending: 0, inProgress: 0, completed: 0 });

const assertCount = (value: number, field: string): void => {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${field} must be a non-negative integer, got ${value}`);
  }
};

// Grades are configured as decimals ("59.5", "59.99"); reading the shortest decimal form back from
// the number recovers what was written, which binary floating point cannot represent exactly.
const gradeAsFraction = (passingGrade: number): { numerator: bigint; denominator: bigint } => {
  if (!Number.isFinite(passingGrade) || passingGrade < 0 || passingGrade > 100) {
    throw new RangeError(`passingGrade must be between 0 and 100, got ${passingGrade}`);
  }
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(String(passingGrade));
  if (!m) throw new RangeError(`passingGrade may have at most 6 decimals, got ${passingGrade}`);
  const decimals = m[2] ?? '';
  return { numerator: BigInt(m[1] + decimals), denominator: 10n ** BigInt(decimals.length) };
};

export const followUpRate = (counts: AgencyCounts, passingGrade: number): FollowUpRate => {
  for (const field of COUNT_FIELDS) assertCount(counts[field], field);
  const { numerator, denominator } = gradeAsFraction(passingGrade);
  const followedUp = counts.inProgress + counts.completed;
  const { received } = counts;
  if (followedUp > received) {
    // The counters are written in the same transaction as the dispositions, so this is a bug or
    // corrupted data; a %TL above 100 must not reach a report.
    throw new RangeError(`followed up (${followedUp}) exceeds received (${received})`);
  }
  if (received === 0) return { followedUp, pctTL: null, belowThreshold: false };

  const f = BigInt(followedUp);
  const r = BigInt(received);
  // Hundredths of a percent, half-up: floor((f * 10000 / r) + 1/2) = floor((2 * f * 10000 + r) / (2r)).
  let hundredths = (2n * f * 10_000n + r) / (2n * r);
  // followedUp / received * 100 < numerator / denominator, cross-multiplied.
  const belowThreshold = f * 100n * denominator < numerator * r;
  // The figure shown must agree with the verdict: rounding never carries a failing rate up to the
  // grade (11,999/20,000 = 59.995 shows 59.99, not 60.00), nor a passing one below it.
  const gradeCeil = (numerator * 100n + denominator - 1n) / denominator; // smallest hundredths >= grade
  if (belowThreshold && hundredths >= gradeCeil) hundredths = gradeCeil - 1n;
  if (!belowThreshold && hundredths < gradeCeil) hundredths = gradeCeil;
  return { followedUp, pctTL: Number(hundredths) / 100, belowThreshold };
};

const hundredthsOf = (pct: number): number => Math.round(pct * 100);

/** "53.13", always two decimals, for APIs and CSV; "–" when there is no data. */
export const formatPct = (pct: number | null): string => {
  if (pct === null) return '–';
  const h = hundredthsOf(pct);
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** "53,13%" with the Indonesian decimal comma, for emails; "tidak ada data" when there is no data. */
export const formatPctId = (pct: number | null): string =>
  pct === null ? 'tidak ada data' : `${formatPct(pct).replace('.', ',')}%`;

/** Median, averaging the two middle values of an even-sized list; null for an empty list. */
export const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('median of non-finite values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const sumCounts = (list: readonly AgencyCounts[]): AgencyCounts =>
  list.reduce<AgencyCounts>((acc, c) => applyDelta(acc, c), emptyCounts());

/**
 * Adds a counter delta (e.g. a CounterDelta from a change set). Intermediate negatives are allowed
 * because deltas may be summed in any order; followUpRate rejects a negative final count.
 */
export const applyDelta = (counts: AgencyCounts, delta: Partial<AgencyCounts>): AgencyCounts => ({
  received: counts.received + (delta.received ?? 0),
  pending: counts.pending + (delta.pending ?? 0),
  inProgress: counts.inProgress + (delta.inProgress ?? 0),
  completed: counts.completed + (delta.completed ?? 0),
});
