// mulberry32: a small seeded PRNG, identical on every platform, so generated data (tests,
// benchmarks, the LAPOR! files) is reproducible and a failing workload can be replayed.

export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** An integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
    between: (min: number, max: number) => min + next() * (max - min),
    /** A key, with probability proportional to its weight. */
    weighted: <T extends string>(weights: Record<T, number>): T => {
      const entries = Object.entries(weights) as Array<[T, number]>;
      let r = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, w] of entries) if ((r -= w) < 0) return key;
      return entries[entries.length - 1]![0];
    },
  };
}
export type Prng = ReturnType<typeof prng>;
