import fc from 'fast-check';
import {
  applyDelta,
  emptyCounts,
  followUpRate,
  formatPct,
  formatPctId,
  median,
  sumCounts,
  type AgencyCounts,
} from '../../../functions/core/compliance';
import type { CounterDelta } from '../../../functions/core/model';

/** Counts with `followedUp` split between in progress and completed and the rest pending. */
const counts = (followedUp: number, received: number): AgencyCounts => {
  const inProgress = Math.floor(followedUp / 3);
  return { received, pending: received - followedUp, inProgress, completed: followedUp - inProgress };
};

// Reference half-up rounding by quotient and remainder, a different route from the implementation's.
const referenceHundredths = (f: number, r: number): bigint => {
  const scaled = BigInt(f) * 10_000n;
  const q = scaled / BigInt(r);
  const rem = scaled % BigInt(r);
  return 2n * rem >= BigInt(r) ? q + 1n : q;
};

/**
 * What the report shows against a grade: the half-up figure, except that a rate below the grade
 * never shows as the grade itself (59.995…% against 60 shows 59.99, the verdict's side).
 */
const shownHundredths = (f: number, r: number, gradeHundredths: bigint): { hundredths: bigint; keptBelowGrade: boolean } => {
  const rounded = referenceHundredths(f, r);
  const below = BigInt(f) * 10_000n < gradeHundredths * BigInt(r);
  return below && rounded >= gradeHundredths ? { hundredths: gradeHundredths - 1n, keptBelowGrade: true } : { hundredths: rounded, keptBelowGrade: false };
};

test('a rate just below the grade that rounds up to it shows one hundredth below (found by a CI run: 1,617,521 / 2,696,093 = 59.99500017%)', () => {
  expect(followUpRate(counts(1_617_521, 2_696_093), 60)).toEqual({ followedUp: 1_617_521, pctTL: 59.99, belowThreshold: true });
  expect(shownHundredths(1_617_521, 2_696_093, 6000n)).toEqual({ hundredths: 5999n, keptBelowGrade: true });
});

describe('followUpRate: the Blora numbers', () => {
  it.each([
    // [followedUp, received, pctTL, belowThreshold, formatted]
    [17, 32, 53.13, true, '53.13'],
    [37, 50, 74, false, '74.00'],
    [599, 1000, 59.9, true, '59.90'],
    [60, 100, 60, false, '60.00'],
    [2, 3, 66.67, false, '66.67'],
    [1, 3, 33.33, true, '33.33'],
    [0, 5, 0, true, '0.00'],
    [5, 5, 100, false, '100.00'],
  ])('%i of %i followed up is %p%% (below 60: %p)', (f, r, pct, below, formatted) => {
    const rate = followUpRate(counts(f, r), 60);
    expect(rate).toEqual({ followedUp: f, pctTL: pct, belowThreshold: below });
    expect(formatPct(rate.pctTL)).toBe(formatted);
  });

  it('gives no %TL and no warning to an agency that received nothing', () => {
    expect(followUpRate(emptyCounts(), 60)).toEqual({ followedUp: 0, pctTL: null, belowThreshold: false });
  });

  it('counts both in progress and completed as followed up', () => {
    expect(followUpRate({ received: 32, pending: 15, inProgress: 17, completed: 0 }, 60).pctTL).toBe(53.13);
    expect(followUpRate({ received: 32, pending: 15, inProgress: 0, completed: 17 }, 60).pctTL).toBe(53.13);
    expect(followUpRate({ received: 32, pending: 15, inProgress: 9, completed: 8 }, 60).followedUp).toBe(17);
  });
});

describe('followUpRate: rounding and the exact comparison', () => {
  it('rounds half-up where floating point would round down (201/20000 = 1.005%)', () => {
    expect(followUpRate(counts(201, 20_000), 60).pctTL).toBe(1.01);
    expect(followUpRate(counts(1, 8000), 60).pctTL).toBe(0.01); // 0.0125
    expect(followUpRate(counts(1, 20_000), 60).pctTL).toBe(0.01); // 0.005
    expect(followUpRate(counts(1, 20_001), 60).pctTL).toBe(0); // just under 0.005
  });

  it('compares the exact value, not the rounded one: 59.995% fails 60 and reads 59.99, never 60.00', () => {
    const rate = followUpRate(counts(11_999, 20_000), 60);
    expect(rate.pctTL).toBe(59.99);
    expect(rate.belowThreshold).toBe(true);
  });

  it('handles decimal passing grades exactly', () => {
    expect(followUpRate(counts(119, 200), 59.5).belowThreshold).toBe(false); // 59.5
    expect(followUpRate(counts(1189, 2000), 59.5).belowThreshold).toBe(true); // 59.45
    expect(followUpRate(counts(5999, 10_000), 59.99).belowThreshold).toBe(false); // 59.99, not representable in binary
    // 59.989 fails 59.99: it would round to the grade, so it reads 59.98.
    expect(followUpRate(counts(59_989, 100_000), 59.99)).toEqual({ followedUp: 59_989, pctTL: 59.98, belowThreshold: true });
    expect(followUpRate(counts(0, 10), 0).belowThreshold).toBe(false);
    expect(followUpRate(counts(9, 10), 100).belowThreshold).toBe(true);
    expect(followUpRate(counts(10, 10), 100).belowThreshold).toBe(false);
  });

  it('rejects inconsistent counts and impossible grades', () => {
    expect(() => followUpRate({ received: 3, pending: 0, inProgress: 2, completed: 2 }, 60)).toThrow(/exceeds received/);
    expect(() => followUpRate({ received: 3, pending: -1, inProgress: 0, completed: 0 }, 60)).toThrow(/pending/);
    expect(() => followUpRate({ received: 3.5, pending: 0, inProgress: 0, completed: 0 }, 60)).toThrow(/received/);
    expect(() => followUpRate(counts(1, 2), 100.5)).toThrow(RangeError);
    expect(() => followUpRate(counts(1, 2), Number.NaN)).toThrow(RangeError);
    expect(() => followUpRate(counts(1, 2), 1e-7)).toThrow(RangeError);
  });

  const rateArb = fc
    .integer({ min: 1, max: 5_000_000 })
    .chain((r) => fc.tuple(fc.integer({ min: 0, max: r }), fc.constant(r)));

  it('is in [0, 100] with at most two decimals and equals the half-up rounding of the exact rational, kept below the grade when failing (property)', () => {
    fc.assert(
      fc.property(rateArb, ([f, r]) => {
        const { pctTL, followedUp } = followUpRate(counts(f, r), 60);
        expect(followedUp).toBe(f);
        expect(pctTL).not.toBeNull();
        const pct = pctTL as number;
        expect(pct).toBeGreaterThanOrEqual(0);
        expect(pct).toBeLessThanOrEqual(100);
        expect(Number(pct.toFixed(2))).toBe(pct);
        const shown = shownHundredths(f, r, 6000n);
        expect(pct).toBe(Number(shown.hundredths) / 100);
        // Half a hundredth off at most; a whole one where a failing rate is kept below the grade.
        expect(Math.abs(pct - (f / r) * 100)).toBeLessThanOrEqual((shown.keptBelowGrade ? 0.01 : 0.005) + 1e-9);
        expect(Number(formatPct(pct))).toBe(pct);
        expect(formatPct(pct)).toMatch(/^\d{1,3}\.\d{2}$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('flags below-threshold exactly when followedUp/received < grade, for grades with two decimals (property)', () => {
    fc.assert(
      fc.property(rateArb, fc.integer({ min: 0, max: 10_000 }), ([f, r], gradeHundredths) => {
        const grade = gradeHundredths / 100;
        // f/r * 100 < g/100  <=>  f * 10000 < g * r
        const expected = BigInt(f) * 10_000n < BigInt(gradeHundredths) * BigInt(r);
        expect(followUpRate(counts(f, r), grade).belowThreshold).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('flags below-threshold at the boundary of integer grades (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: -1, max: 1 }), (grade, scale, shift) => {
        // received = 100 * scale, followedUp = grade * scale + shift sits on or next to the grade.
        const r = 100 * scale;
        const f = Math.min(r, Math.max(0, grade * scale + shift));
        expect(followUpRate(counts(f, r), grade).belowThreshold).toBe(f * 100 < grade * r);
      }),
    );
  });
});

describe('formatPct / formatPctId', () => {
  it.each([
    [53.13, '53.13', '53,13%'],
    [74, '74.00', '74,00%'],
    [59.9, '59.90', '59,90%'],
    [0, '0.00', '0,00%'],
    [100, '100.00', '100,00%'],
    [0.01, '0.01', '0,01%'],
  ])('%p → %s / %s', (pct, api, id) => {
    expect(formatPct(pct)).toBe(api);
    expect(formatPctId(pct)).toBe(id);
  });

  it('marks missing data', () => {
    expect(formatPct(null)).toBe('–');
    expect(formatPctId(null)).toBe('tidak ada data');
  });
});

describe('median', () => {
  it('handles empty, odd and even lists without reordering the input', () => {
    expect(median([])).toBeNull();
    expect(median([3])).toBe(3);
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 2])).toBe(6);
  });

  it('sorts numerically, not as strings', () => {
    expect(median([100, 9, 20])).toBe(20);
  });

  it('rejects non-finite values', () => {
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
  });

  it('has as many values at or below it as at or above it (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 50 }), (values) => {
        const m = median(values) as number;
        expect(values.filter((v) => v <= m).length).toBeGreaterThanOrEqual(values.length / 2);
        expect(values.filter((v) => v >= m).length).toBeGreaterThanOrEqual(values.length / 2);
      }),
    );
  });
});

describe('sumCounts / applyDelta', () => {
  it('sums counts field by field', () => {
    expect(sumCounts([])).toEqual(emptyCounts());
    expect(
      sumCounts([
        { received: 32, pending: 15, inProgress: 5, completed: 12 },
        { received: 50, pending: 13, inProgress: 7, completed: 30 },
      ]),
    ).toEqual({ received: 82, pending: 28, inProgress: 12, completed: 42 });
  });

  it('applies change-set counter deltas, including partial and negative ones', () => {
    const delta: CounterDelta = { agencyId: 'dpupr', period: '2022-01', received: 1, pending: 1, inProgress: 0, completed: 0 };
    const afterDisposition = applyDelta(emptyCounts(), delta);
    expect(afterDisposition).toEqual({ received: 1, pending: 1, inProgress: 0, completed: 0 });
    expect(afterDisposition).not.toHaveProperty('agencyId');
    const afterFollowUp = applyDelta(afterDisposition, { pending: -1, inProgress: 1 });
    expect(afterFollowUp).toEqual({ received: 1, pending: 0, inProgress: 1, completed: 0 });
    expect(afterDisposition).toEqual({ received: 1, pending: 1, inProgress: 0, completed: 0 });
  });

  it('gives the same totals in any order (property)', () => {
    const countsArb = fc.record({
      received: fc.nat(1000),
      pending: fc.nat(1000),
      inProgress: fc.nat(1000),
      completed: fc.nat(1000),
    });
    fc.assert(
      fc.property(fc.array(countsArb, { maxLength: 20 }), (list) => {
        const total = sumCounts(list);
        expect(sumCounts([...list].reverse())).toEqual(total);
        expect(total.received).toBe(list.reduce((s, c) => s + c.received, 0));
        expect(total.completed).toBe(list.reduce((s, c) => s + c.completed, 0));
      }),
    );
  });
});
