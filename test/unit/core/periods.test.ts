import fc from 'fast-check';
import { isDomainError } from '../../../functions/core/errors';
import { periodBounds, periodsOf } from '../../../functions/core/periods';

const iso = (d: Date) => d.toISOString();

describe('periodsOf', () => {
  it.each([
    // A disposition on New Year's Eve at 03:00 WIB on 1 January counts in January 2022.
    ['2021-12-31T20:00:00.000Z', 'Asia/Jakarta', '2022', '2022-01'],
    ['2021-12-31T16:59:59.999Z', 'Asia/Jakarta', '2021', '2021-12'],
    ['2021-12-31T17:00:00.000Z', 'Asia/Jakarta', '2022', '2022-01'],
    ['2021-12-31T16:00:00.000Z', 'Asia/Makassar', '2022', '2022-01'],
    ['2021-12-31T15:00:00.000Z', 'Asia/Jayapura', '2022', '2022-01'],
    ['2021-12-31T14:59:59.999Z', 'Asia/Jayapura', '2021', '2021-12'],
    ['2024-02-29T17:00:00.000Z', 'Asia/Jakarta', '2024', '2024-03'],
    ['2024-02-29T16:59:59.999Z', 'Asia/Jakarta', '2024', '2024-02'],
  ])('%s in %s is year %s, month %s', (instant, timeZone, year, month) => {
    expect(periodsOf(new Date(instant), timeZone)).toEqual({ year, month });
  });
});

describe('period names', () => {
  it.each(['2022', '2022-01', '2022-12', '0999'])('accepts %s', (p) => expect(() => periodBounds(p, 'Asia/Jakarta')).not.toThrow());
  it.each(['2022-13', '2022-00', '22', '2022-1', '2022-01-01', '', ' 2022', '2022/01', 2022, null])(
    'rejects %p',
    (p) => expect(() => periodBounds(p as string, 'Asia/Jakarta')).toThrow(/YYYY/),
  );
});

describe('periodBounds', () => {
  it.each([
    ['2022', 'Asia/Jakarta', '2021-12-31T17:00:00.000Z', '2022-12-31T17:00:00.000Z'],
    ['2022-01', 'Asia/Jakarta', '2021-12-31T17:00:00.000Z', '2022-01-31T17:00:00.000Z'],
    ['2024-02', 'Asia/Jakarta', '2024-01-31T17:00:00.000Z', '2024-02-29T17:00:00.000Z'],
    ['2022-12', 'Asia/Jakarta', '2022-11-30T17:00:00.000Z', '2022-12-31T17:00:00.000Z'],
    ['2022-01', 'Asia/Makassar', '2021-12-31T16:00:00.000Z', '2022-01-31T16:00:00.000Z'],
    ['2022', 'Asia/Jayapura', '2021-12-31T15:00:00.000Z', '2022-12-31T15:00:00.000Z'],
    // April in Berlin starts in summer time, March in winter time.
    ['2024-03', 'Europe/Berlin', '2024-02-29T23:00:00.000Z', '2024-03-31T22:00:00.000Z'],
  ])('%s in %s is [%s, %s)', (period, timeZone, start, end) => {
    const bounds = periodBounds(period, timeZone);
    expect(iso(bounds.start)).toBe(start);
    expect(iso(bounds.end)).toBe(end);
  });

  it('rejects a malformed period with a validation error', () => {
    for (const bad of ['2022-13', '22', '2022-1', '']) {
      let thrown: unknown;
      try {
        periodBounds(bad, 'Asia/Jakarta');
      } catch (e) {
        thrown = e;
      }
      expect(isDomainError(thrown) && thrown.code).toBe('VALIDATION_FAILED');
    }
  });

  const zoneArb = fc.constantFrom('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'Europe/Berlin', 'America/Sao_Paulo');
  const instantArb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true });

  it('contains every instant of the periods it belongs to, start inclusive and end exclusive (property)', () => {
    fc.assert(
      fc.property(zoneArb, instantArb, (timeZone, instant) => {
        const { year, month } = periodsOf(instant, timeZone);
        for (const period of [year, month]) {
          const { start, end } = periodBounds(period, timeZone);
          expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(instant.getTime()).toBeLessThan(end.getTime());
          expect(periodsOf(start, timeZone)).toMatchObject(period === year ? { year } : { month });
          expect(periodsOf(new Date(end.getTime() - 1), timeZone)).toMatchObject(period === year ? { year } : { month });
          expect(periodsOf(new Date(start.getTime() - 1), timeZone)).not.toMatchObject(period === year ? { year } : { month });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('tiles a year with its twelve months without gap or overlap (property)', () => {
    fc.assert(
      fc.property(zoneArb, fc.integer({ min: 1990, max: 2060 }), (timeZone, y) => {
        const year = periodBounds(String(y), timeZone);
        const months = Array.from({ length: 12 }, (_, i) => periodBounds(`${y}-${String(i + 1).padStart(2, '0')}`, timeZone));
        expect(months[0].start.getTime()).toBe(year.start.getTime());
        expect(months[11].end.getTime()).toBe(year.end.getTime());
        for (let i = 1; i < 12; i++) expect(months[i].start.getTime()).toBe(months[i - 1].end.getTime());
      }),
      { numRuns: 50 },
    );
  });
});
