// A bounded closed-loop load generator for calls made from this process (the raw SDK side of B2,
// the store ceiling of B5): a fixed number of calls in flight for a fixed time, latencies kept.

import { percentile, round } from './stats';

export interface LoadStats {
  requests: number;
  errors: number;
  durationSeconds: number;
  throughputPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Closed loop: `connections` workers, each starting its next call when the previous one ends. */
export async function closedLoop(connections: number, seconds: number, call: (worker: number) => Promise<void>): Promise<LoadStats> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await call(worker);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const durationSeconds = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    errors,
    durationSeconds: round(durationSeconds, 2),
    throughputPerSecond: round(latencies.length / durationSeconds, 1),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

