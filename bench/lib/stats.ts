// Small statistics for noisy, shared machines: medians and percentiles, never means of a few runs.

/** The value below which `p` percent of the samples fall (nearest rank on the sorted samples). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** The middle sample (the mean of the two middle ones for an even count). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const round = (value: number, digits = 2): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** a / b, or NaN when b is zero (a ratio nobody can read is better than Infinity in a table). */
export const ratio = (a: number, b: number): number => (b === 0 ? Number.NaN : a / b);

export const kib = (bytes: number): number => round(bytes / 1024, 1);
export const mib = (bytes: number): number => round(bytes / (1024 * 1024), 1);

/** Milliseconds since `start` (from performance.now()), rounded to 0.1 ms. */
export const elapsedMs = (start: number): number => round(performance.now() - start, 1);
