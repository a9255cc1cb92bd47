import fc from 'fast-check';
import holidays from '../../../config/holidays-id.json';
import {
  addDays,
  calendarFor,
  createCalendar,
  localDateIn,
  zonedEndOfDay,
  zonedStartOfDay,
  type HolidayCalendarData,
} from '../../../functions/core/calendar';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';

const jakarta = createCalendar({ timeZone: 'Asia/Jakarta' });
const iso = (d: Date) => d.toISOString();
/** An instant given as local wall time in WIB (UTC+7, no DST). */
const wib = (local: string) => new Date(`${local}+07:00`);

const INDONESIAN_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
const instantArb = fc.date({
  min: new Date('2023-07-01T00:00:00Z'),
  max: new Date('2028-06-30T00:00:00Z'),
  noInvalidDate: true,
});

describe('localDate', () => {
  it.each([
    ['2024-03-08T08:00:00.000Z', 'Asia/Jakarta', '2024-03-08'],
    ['2021-12-31T16:59:59.999Z', 'Asia/Jakarta', '2021-12-31'],
    ['2021-12-31T17:00:00.000Z', 'Asia/Jakarta', '2022-01-01'],
    ['2021-12-31T15:59:59.999Z', 'Asia/Makassar', '2021-12-31'],
    ['2021-12-31T16:00:00.000Z', 'Asia/Makassar', '2022-01-01'],
    ['2021-12-31T15:00:00.000Z', 'Asia/Jayapura', '2022-01-01'],
    ['2024-03-31T22:30:00.000Z', 'Europe/Berlin', '2024-04-01'],
    ['2024-01-15T04:59:59.999Z', 'America/New_York', '2024-01-14'],
  ])('%s in %s is %s', (instant, timeZone, expected) => {
    expect(localDateIn(new Date(instant), timeZone)).toBe(expected);
    expect(createCalendar({ timeZone }).localDate(new Date(instant))).toBe(expected);
  });

  it('rejects invalid instants and unknown zones', () => {
    expect(() => jakarta.localDate(new Date('nope'))).toThrow(RangeError);
    expect(() => createCalendar({ timeZone: 'Asia/Atlantis' })).toThrow(RangeError);
  });
});

describe('zonedStartOfDay / zonedEndOfDay', () => {
  it.each([
    ['2024-03-14', 'Asia/Jakarta', '2024-03-13T17:00:00.000Z', '2024-03-14T16:59:59.999Z'],
    ['2024-03-14', 'Asia/Makassar', '2024-03-13T16:00:00.000Z', '2024-03-14T15:59:59.999Z'],
    ['2024-03-14', 'Asia/Jayapura', '2024-03-13T15:00:00.000Z', '2024-03-14T14:59:59.999Z'],
    // Spring forward at 02:00: a 23-hour day.
    ['2024-03-31', 'Europe/Berlin', '2024-03-30T23:00:00.000Z', '2024-03-31T21:59:59.999Z'],
    // Fall back: a 25-hour day.
    ['2024-10-27', 'Europe/Berlin', '2024-10-26T22:00:00.000Z', '2024-10-27T22:59:59.999Z'],
    // Brazil's DST began at midnight: 2018-11-04 started at 01:00 local.
    ['2018-11-04', 'America/Sao_Paulo', '2018-11-04T03:00:00.000Z', '2018-11-05T01:59:59.999Z'],
    ['2018-11-03', 'America/Sao_Paulo', '2018-11-03T03:00:00.000Z', '2018-11-04T02:59:59.999Z'],
    // Brazil's DST ended at midnight: 23:00-23:59 on 2019-02-16 happened twice.
    ['2019-02-16', 'America/Sao_Paulo', '2019-02-16T02:00:00.000Z', '2019-02-17T02:59:59.999Z'],
    ['2024-06-10', 'Asia/Kathmandu', '2024-06-09T18:15:00.000Z', '2024-06-10T18:14:59.999Z'],
  ])('%s in %s runs from %s to %s', (date, timeZone, start, end) => {
    expect(iso(zonedStartOfDay(date, timeZone))).toBe(start);
    expect(iso(zonedEndOfDay(date, timeZone))).toBe(end);
  });

  it('maps a date a zone skipped entirely to the start of the next day (Samoa, 2011-12-30)', () => {
    expect(iso(zonedStartOfDay('2011-12-30', 'Pacific/Apia'))).toBe('2011-12-30T10:00:00.000Z');
    expect(iso(zonedEndOfDay('2011-12-29', 'Pacific/Apia'))).toBe('2011-12-30T09:59:59.999Z');
  });

  it('rejects malformed and impossible dates', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '2024-3-1', '2024-13-01', '20240301', '']) {
      expect(() => zonedEndOfDay(bad, 'Asia/Jakarta')).toThrow(RangeError);
    }
  });

  it('brackets exactly one local day in any zone (property)', () => {
    const zones = [...INDONESIAN_ZONES, 'Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
        (timeZone, instant) => {
          const date = localDateIn(instant, timeZone);
          const start = zonedStartOfDay(date, timeZone);
          const end = zonedEndOfDay(date, timeZone);
          expect(localDateIn(start, timeZone)).toBe(date);
          expect(localDateIn(end, timeZone)).toBe(date);
          expect(localDateIn(new Date(start.getTime() - 1), timeZone)).toBe(addDays(date, -1));
          expect(localDateIn(new Date(end.getTime() + 1), timeZone)).toBe(addDays(date, 1));
          expect(start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(end.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('date helpers', () => {
  it('shifts calendar dates', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});

describe('isWorkingDay with the national data', () => {
  const WEEKDAYS_ID = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
  const data = holidays as HolidayCalendarData & {
    years: Record<string, { holidays: { date: string; weekday: string }[]; cuti_bersama: { date: string; weekday: string }[] }>;
  };
  const allEntries = Object.values(data.years).flatMap((y) => [...y.holidays, ...y.cuti_bersama]);

  it('closes every listed libur nasional and cuti bersama, whose weekday names match the calendar', () => {
    expect(allEntries.length).toBeGreaterThan(100);
    for (const entry of allEntries) {
      expect(jakarta.isWorkingDay(entry.date)).toBe(false);
      const weekday = new Date(`${entry.date}T00:00:00Z`).getUTCDay();
      expect(`${entry.date} ${WEEKDAYS_ID[weekday]}`).toBe(`${entry.date} ${entry.weekday}`);
    }
  });

  it('closes the Idulfitri 2024 block: cuti bersama 8, 9, 12, 15 April and holidays 10, 11 April', () => {
    for (const d of ['2024-04-08', '2024-04-09', '2024-04-10', '2024-04-11', '2024-04-12', '2024-04-15']) {
      expect([d, jakarta.isWorkingDay(d)]).toEqual([d, false]);
    }
    expect(jakarta.isWorkingDay('2024-04-05')).toBe(true);
    expect(jakarta.isWorkingDay('2024-04-16')).toBe(true);
  });

  it('includes the August 2025 revision: Monday 18 August 2025 is cuti bersama', () => {
    expect(jakarta.isWorkingDay('2025-08-18')).toBe(false);
    expect(jakarta.isWorkingDay('2025-08-19')).toBe(true);
  });

  it('gives no substitute day for a holiday on a weekend', () => {
    // Hari Lahir Pancasila 2024 and Proklamasi 2024 were Saturdays; the Mondays after stay working days.
    expect(jakarta.isWorkingDay('2024-06-01')).toBe(false);
    expect(jakarta.isWorkingDay('2024-06-03')).toBe(true);
    expect(jakarta.isWorkingDay('2024-08-17')).toBe(false);
    expect(jakarta.isWorkingDay('2024-08-19')).toBe(true);
  });

  it('closes the 2024 election days set by Keppres outside the SKB', () => {
    expect(jakarta.isWorkingDay('2024-02-14')).toBe(false);
    expect(jakarta.isWorkingDay('2024-11-27')).toBe(false);
  });

  it('treats ordinary weekdays as working and weekends as not', () => {
    expect(jakarta.isWorkingDay('2024-03-13')).toBe(true); // Wednesday
    expect(jakarta.isWorkingDay('2024-03-16')).toBe(false); // Saturday
    expect(jakarta.isWorkingDay('2024-03-17')).toBe(false); // Sunday
  });

  it('has 238 working days in 2024 (262 weekdays, 14 weekday holidays, 10 cuti bersama)', () => {
    expect(jakarta.workingDaysBetween(wib('2023-12-31T12:00:00'), wib('2024-12-31T12:00:00'))).toBe(238);
  });

  it('rejects malformed dates', () => {
    expect(() => jakarta.isWorkingDay('2024-04-31')).toThrow(RangeError);
    expect(() => jakarta.isWorkingDay('10/04/2024')).toThrow(RangeError);
  });
});

describe('coverage, extra holidays and custom data', () => {
  it('reports the years the data covers, and treats other years as weekends-only', () => {
    expect(jakarta.coveredYears()).toEqual([2024, 2025, 2026, 2027]);
    // Christmas 2023 and New Year 2028 are not in the data.
    expect(jakarta.isWorkingDay('2023-12-25')).toBe(true);
    expect(jakarta.isWorkingDay('2028-01-03')).toBe(true);
    expect(jakarta.isWorkingDay('2023-12-23')).toBe(false);
  });

  it('adds region extra holidays, also outside the covered years', () => {
    const blora = createCalendar({ timeZone: 'Asia/Jakarta', extraHolidays: ['2024-07-01', '2028-01-03'] });
    expect(jakarta.isWorkingDay('2024-07-01')).toBe(true);
    expect(blora.isWorkingDay('2024-07-01')).toBe(false);
    expect(blora.isWorkingDay('2028-01-03')).toBe(false);
    expect(iso(blora.deadlineAfterWorkingDays(wib('2024-06-28T10:00:00'), 1))).toBe('2024-07-02T16:59:59.999Z');
    expect(() => createCalendar({ timeZone: 'Asia/Jakarta', extraHolidays: ['2024-7-1'] })).toThrow(/extra holiday/);
  });

  it('uses the holiday data it is given instead of the national data', () => {
    const custom = createCalendar({ timeZone: 'Asia/Jakarta', holidays: { years: { '2030': { holidays: [{ date: '2030-01-02' }], cuti_bersama: [] } } } });
    expect(custom.isWorkingDay('2024-03-11')).toBe(true);
    expect(custom.isWorkingDay('2030-01-02')).toBe(false);
    expect(custom.coveredYears()).toEqual([2030]);
  });

  it('builds the calendar from region settings', () => {
    const calendar = calendarFor({ ...DEFAULT_SETTINGS, timeZone: 'Asia/Makassar', extraHolidays: ['2024-07-01'] });
    expect(calendar.timeZone).toBe('Asia/Makassar');
    expect(calendar.isWorkingDay('2024-07-01')).toBe(false);
    expect(calendarFor(DEFAULT_SETTINGS).timeZone).toBe('Asia/Jakarta');
    expect(calendarFor(DEFAULT_SETTINGS).isWorkingDay('2024-07-01')).toBe(true);
  });
});

describe('deadlineAfterWorkingDays', () => {
  it('skips Nyepi and its cuti bersama: Friday 8 March 2024 15:00 WIB + 3 working days is Friday 15 March', () => {
    // Monday 11 March is Nyepi and Tuesday 12 March cuti bersama Nyepi, so the days are 13, 14, 15 March.
    expect(iso(jakarta.deadlineAfterWorkingDays(wib('2024-03-08T15:00:00'), 3))).toBe('2024-03-15T16:59:59.999Z');
  });

  it('skips the whole Idulfitri 2024 block', () => {
    expect(iso(jakarta.deadlineAfterWorkingDays(wib('2024-04-05T09:00:00'), 1))).toBe('2024-04-16T16:59:59.999Z');
    expect(iso(jakarta.deadlineAfterWorkingDays(wib('2024-04-04T09:00:00'), 5))).toBe('2024-04-19T16:59:59.999Z');
  });

  it('skips Nyepi, Idulfitri and cuti bersama 2025 (28 March to 7 April)', () => {
    expect(iso(jakarta.deadlineAfterWorkingDays(wib('2025-03-27T16:00:00'), 1))).toBe('2025-04-08T16:59:59.999Z');
  });

  it('skips the revised cuti bersama of 18 August 2025', () => {
    expect(iso(jakarta.deadlineAfterWorkingDays(wib('2025-08-15T10:00:00'), 1))).toBe('2025-08-19T16:59:59.999Z');
  });

  it('never counts the day of submission, even when it is a working day submitted at 00:00', () => {
    expect(iso(jakarta.deadlineAfterWorkingDays(wib('2024-03-13T00:00:00'), 1))).toBe('2024-03-14T16:59:59.999Z');
    // 23:59 WIB Wednesday is still Wednesday locally although it is already Wednesday 16:59 UTC.
    expect(iso(jakarta.deadlineAfterWorkingDays(wib('2024-03-13T23:59:00'), 1))).toBe('2024-03-14T16:59:59.999Z');
    expect(iso(jakarta.deadlineAfterWorkingDays(wib('2024-03-14T00:00:00'), 1))).toBe('2024-03-15T16:59:59.999Z');
  });

  it('ends the day in the calendar zone (WITA, WIT)', () => {
    const from = new Date('2024-03-13T02:00:00Z');
    expect(iso(createCalendar({ timeZone: 'Asia/Makassar' }).deadlineAfterWorkingDays(from, 1))).toBe('2024-03-14T15:59:59.999Z');
    expect(iso(createCalendar({ timeZone: 'Asia/Jayapura' }).deadlineAfterWorkingDays(from, 1))).toBe('2024-03-14T14:59:59.999Z');
  });

  it('gives the end of the same local day for 0 working days', () => {
    expect(iso(jakarta.deadlineAfterWorkingDays(wib('2024-03-16T10:00:00'), 0))).toBe('2024-03-16T16:59:59.999Z');
  });

  it('rejects a negative, fractional or absurd number of days and an invalid instant', () => {
    const from = wib('2024-03-13T10:00:00');
    expect(() => jakarta.deadlineAfterWorkingDays(from, -1)).toThrow(RangeError);
    expect(() => jakarta.deadlineAfterWorkingDays(from, 1.5)).toThrow(RangeError);
    expect(() => jakarta.deadlineAfterWorkingDays(from, Number.NaN)).toThrow(RangeError);
    expect(() => jakarta.deadlineAfterWorkingDays(from, 1e9)).toThrow(RangeError);
    expect(() => jakarta.deadlineAfterWorkingDays(new Date(Number.NaN), 1)).toThrow(RangeError);
  });

  describe('properties', () => {
    const zoneArb = fc.constantFrom(...INDONESIAN_ZONES);
    const calendars = Object.fromEntries(INDONESIAN_ZONES.map((z) => [z, createCalendar({ timeZone: z })]));
    const nArb = fc.integer({ min: 1, max: 30 });

    it('lands at the end of a working day strictly after from, exactly n working days later', () => {
      fc.assert(
        fc.property(zoneArb, instantArb, nArb, (zone, from, n) => {
          const cal = calendars[zone];
          const deadline = cal.deadlineAfterWorkingDays(from, n);
          const day = cal.localDate(deadline);
          expect(cal.isWorkingDay(day)).toBe(true);
          expect(deadline.getTime()).toBeGreaterThan(from.getTime());
          expect(day > cal.localDate(from)).toBe(true);
          expect(cal.localDate(new Date(deadline.getTime() + 1))).toBe(addDays(day, 1));
          expect(cal.workingDaysBetween(from, deadline)).toBe(n);
          // It is the n-th working day, not a later one: the day before still counts n - 1.
          expect(cal.workingDaysBetween(from, zonedEndOfDay(addDays(day, -1), zone))).toBe(n - 1);
        }),
        { numRuns: 500 },
      );
    });

    it('is monotonic in from', () => {
      fc.assert(
        fc.property(zoneArb, instantArb, instantArb, nArb, (zone, a, b, n) => {
          const [early, late] = a <= b ? [a, b] : [b, a];
          const cal = calendars[zone];
          expect(cal.deadlineAfterWorkingDays(early, n).getTime()).toBeLessThanOrEqual(
            cal.deadlineAfterWorkingDays(late, n).getTime(),
          );
        }),
        { numRuns: 300 },
      );
    });

    it('is strictly monotonic in n', () => {
      fc.assert(
        fc.property(zoneArb, instantArb, nArb, nArb, (zone, from, n1, n2) => {
          fc.pre(n1 !== n2);
          const [small, large] = n1 < n2 ? [n1, n2] : [n2, n1];
          const cal = calendars[zone];
          expect(cal.deadlineAfterWorkingDays(from, small).getTime()).toBeLessThan(
            cal.deadlineAfterWorkingDays(from, large).getTime(),
          );
        }),
        { numRuns: 300 },
      );
    });
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after from up to and including to', () => {
    const friday = wib('2024-03-08T15:00:00');
    expect(jakarta.workingDaysBetween(friday, wib('2024-03-15T08:00:00'))).toBe(3);
    expect(jakarta.workingDaysBetween(friday, wib('2024-03-12T23:00:00'))).toBe(0);
    expect(jakarta.workingDaysBetween(friday, wib('2024-03-13T00:00:00'))).toBe(1);
    expect(jakarta.workingDaysBetween(friday, wib('2024-03-08T23:59:59'))).toBe(0);
    expect(jakarta.workingDaysBetween(wib('2024-03-15T08:00:00'), friday)).toBe(0);
  });

  // Day-by-day reference, independent of the weekday arithmetic the calendar uses.
  const naiveCount = (cal: ReturnType<typeof createCalendar>, from: Date, to: Date) => {
    let count = 0;
    const last = cal.localDate(to);
    for (let d = addDays(cal.localDate(from), 1); d <= last; d = addDays(d, 1)) if (cal.isWorkingDay(d)) count += 1;
    return count;
  };

  it('matches a day-by-day count, including extra holidays and uncovered years (property)', () => {
    const cal = createCalendar({ timeZone: 'Asia/Jayapura', extraHolidays: ['2024-07-01', '2028-03-01', '2023-11-30'] });
    fc.assert(
      fc.property(instantArb, fc.integer({ min: -20, max: 800 }), fc.integer({ min: 0, max: 86_399_999 }), (from, days, ms) => {
        const to = new Date(from.getTime() + days * 86_400_000 + ms);
        expect(cal.workingDaysBetween(from, to)).toBe(naiveCount(cal, from, to));
      }),
      { numRuns: 200 },
    );
  });

  it('is additive over consecutive ranges (property)', () => {
    fc.assert(
      fc.property(instantArb, instantArb, instantArb, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime());
        expect(jakarta.workingDaysBetween(a, c)).toBe(jakarta.workingDaysBetween(a, b) + jakarta.workingDaysBetween(b, c));
      }),
    );
  });
});
