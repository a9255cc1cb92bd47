// Working days in the region's time zone. Government offices close on weekends, libur nasional and
// cuti bersama; a holiday that falls on a weekend gets no substitute day. Pure: time is always passed in.
import holidays from '../../config/holidays-id.json';
import type { RegionSettings } from './settings';

/** Shape of config/holidays-id.json that the calendar relies on (other fields are documentation). */
export interface HolidayCalendarData {
  years: Record<
    string,
    {
      holidays: ReadonlyArray<{ date: string }>;
      cuti_bersama: ReadonlyArray<{ date: string }>;
    }
  >;
}

export const NATIONAL_HOLIDAYS: HolidayCalendarData = holidays;

export interface WorkingDayCalendar {
  readonly timeZone: string;
  isWorkingDay(localDate: string): boolean;
  /** The calendar date (YYYY-MM-DD) of `instant` in the calendar's time zone. */
  localDate(instant: Date): string;
  /**
   * End (23:59:59.999 local) of the n-th working day after from's local date; from's own day never
   * counts. n = 0 gives the end of from's own local day.
   */
  deadlineAfterWorkingDays(from: Date, workingDays: number): Date;
  /** Working days d with localDate(from) < d <= localDate(to); 0 when to is not after from. */
  workingDaysBetween(from: Date, to: Date): number;
  /**
   * Years the holiday data covers. Outside them only weekends and extraHolidays are non-working,
   * so deadlines there may be too early: callers should warn.
   */
  coveredYears(): number[];
}

export interface CalendarOptions {
  timeZone: string;
  /** Region-specific non-working days, YYYY-MM-DD. */
  extraHolidays?: readonly string[];
  /** Defaults to the shipped national calendar. */
  holidays?: HolidayCalendarData;
}

const DAY_MS = 86_400_000;
// Deadlines are counted day by day; a cap turns a nonsense input into an error instead of a hang.
const MAX_WORKING_DAYS = 100_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Days since 1970-01-01 of a proleptic Gregorian date; calendar arithmetic without any time zone.
const epochDayOf = (year: number, month: number, day: number): number => {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / DAY_MS);
};

const parseLocalDate = (localDate: string): number | undefined => {
  const m = LOCAL_DATE.exec(localDate);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const epochDay = epochDayOf(year, month, day);
  // Rejects 2024-02-30 and the like, which Date would silently roll over.
  return formatEpochDay(epochDay) === localDate ? epochDay : undefined;
};

const epochDayFromLocalDate = (localDate: string, what = 'date'): number => {
  const epochDay = typeof localDate === 'string' ? parseLocalDate(localDate) : undefined;
  if (epochDay === undefined) throw new RangeError(`Invalid ${what} "${String(localDate)}": expected YYYY-MM-DD`);
  return epochDay;
};

const formatEpochDay = (epochDay: number): string => {
  const d = new Date(epochDay * DAY_MS);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
};

/** Shifts a YYYY-MM-DD date by whole calendar days. */
export const addDays = (localDate: string, days: number): string =>
  formatEpochDay(epochDayFromLocalDate(localDate) + days);

// 1970-01-01 was a Thursday: with Monday = 0 its index is 3.
const isWeekend = (epochDay: number): boolean => (((epochDay + 3) % 7) + 7) % 7 >= 5;

// Number of Monday-Friday days in [anchor, anchor + k) where the anchor is the Monday 1969-12-29.
// Valid for negative k too, so differences count weekdays in any range in O(1).
const weekdaysBefore = (epochDay: number): number => {
  const k = epochDay + 3;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7, 5);
};

// Intl formatters are expensive to build and cheap to reuse.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
};

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const assertInstant = (instant: Date, what = 'instant'): number => {
  const t = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new RangeError(`Invalid ${what}`);
  // Intl reports BC years without a sign; the domain never needs them.
  const year = instant.getUTCFullYear();
  if (year < 2 || year > 9998) throw new RangeError(`${what} ${instant.toISOString()} is outside years 2-9998`);
  return t;
};

const wallClock = (t: number, timeZone: string): WallClock => {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(t)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    hour: fields.hour,
    minute: fields.minute,
    second: fields.second,
  };
};

/** YYYY-MM-DD of `instant` in `timeZone` (any IANA zone). */
export const localDateIn = (instant: Date, timeZone: string): string => {
  const c = wallClock(assertInstant(instant), timeZone);
  return `${String(c.year).padStart(4, '0')}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
};

const localDateAt = (t: number, timeZone: string): string => localDateIn(new Date(t), timeZone);

// Offset of the zone from UTC at instant t, to the second (IANA offsets never need more precision).
const offsetAt = (t: number, timeZone: string): number => {
  const c = wallClock(t, timeZone);
  const d = new Date(0);
  d.setUTCFullYear(c.year, c.month - 1, c.day);
  d.setUTCHours(c.hour, c.minute, c.second, 0);
  return d.getTime() - Math.floor(t / 1000) * 1000;
};

/**
 * First instant whose local date in `timeZone` is `localDate` (local midnight, or later when a DST
 * change skips midnight).
 */
export const zonedStartOfDay = (localDate: string, timeZone: string): Date => {
  const epochDay = epochDayFromLocalDate(localDate);
  const wallMidnight = epochDay * DAY_MS;
  // Two rounds settle the offset unless a transition sits right at midnight.
  const firstOffset = offsetAt(wallMidnight, timeZone);
  let t = wallMidnight - firstOffset;
  const secondOffset = offsetAt(t, timeZone);
  if (secondOffset !== firstOffset) t = wallMidnight - secondOffset;
  if (localDateAt(t, timeZone) === localDate && localDateAt(t - 1, timeZone) < localDate) return new Date(t);
  // Rare (a DST gap at midnight, a skipped date such as Samoa's 2011-12-30): search for the first
  // instant on or after the date. Offsets stay within ±14 h, so ±2 days brackets it.
  let lo = wallMidnight - 2 * DAY_MS;
  let hi = wallMidnight + 2 * DAY_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDateAt(mid, timeZone) >= localDate) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
};

/** Last millisecond (23:59:59.999 wall time, normally) of `localDate` in `timeZone`, as a UTC instant. */
export const zonedEndOfDay = (localDate: string, timeZone: string): Date =>
  new Date(zonedStartOfDay(addDays(localDate, 1), timeZone).getTime() - 1);

// First index in the sorted array whose value is greater than x.
const upperBound = (sorted: readonly number[], x: number): number => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

export const createCalendar = (options: CalendarOptions): WorkingDayCalendar => {
  const { timeZone } = options;
  // Fails fast on an unknown zone instead of at the first deadline.
  const resolvedZone = formatterFor(timeZone).resolvedOptions().timeZone;
  const data = options.holidays ?? NATIONAL_HOLIDAYS;

  const closed = new Set<number>();
  const years: number[] = [];
  for (const [year, entry] of Object.entries(data.years)) {
    years.push(Number(year));
    for (const h of [...entry.holidays, ...entry.cuti_bersama]) {
      closed.add(epochDayFromLocalDate(h.date, `holiday date in year ${year}`));
    }
  }
  for (const date of options.extraHolidays ?? []) closed.add(epochDayFromLocalDate(date, 'extra holiday'));
  years.sort((a, b) => a - b);

  // Only closures on weekdays change the weekday count; weekends are already excluded.
  const weekdayClosures = [...closed].filter((d) => !isWeekend(d)).sort((a, b) => a - b);

  const isWorkingEpochDay = (epochDay: number) => !isWeekend(epochDay) && !closed.has(epochDay);
  // Working days in (a, b].
  const countWorking = (a: number, b: number): number => {
    if (b <= a) return 0;
    const weekdays = weekdaysBefore(b + 1) - weekdaysBefore(a + 1);
    return weekdays - (upperBound(weekdayClosures, b) - upperBound(weekdayClosures, a));
  };
  const localEpochDay = (instant: Date, what: string) => {
    assertInstant(instant, what);
    return epochDayFromLocalDate(localDateIn(instant, timeZone));
  };

  return {
    timeZone: resolvedZone,
    isWorkingDay: (localDate) => isWorkingEpochDay(epochDayFromLocalDate(localDate)),
    localDate: (instant) => localDateIn(instant, timeZone),
    deadlineAfterWorkingDays(from, workingDays) {
      if (!Number.isInteger(workingDays) || workingDays < 0 || workingDays > MAX_WORKING_DAYS) {
        throw new RangeError(`workingDays must be an integer from 0 to ${MAX_WORKING_DAYS}, got ${workingDays}`);
      }
      let day = localEpochDay(from, 'from');
      for (let counted = 0; counted < workingDays; ) {
        day += 1;
        if (isWorkingEpochDay(day)) counted += 1;
      }
      return zonedEndOfDay(formatEpochDay(day), timeZone);
    },
    workingDaysBetween: (from, to) => countWorking(localEpochDay(from, 'from'), localEpochDay(to, 'to')),
    coveredYears: () => [...years],
  };
};

// Settings rarely change within a process; building a calendar parses the holiday data again.
const cache = new Map<string, WorkingDayCalendar>();

export const calendarFor = (settings: Pick<RegionSettings, 'timeZone' | 'extraHolidays'>): WorkingDayCalendar => {
  const extraHolidays = [...(settings.extraHolidays ?? [])].sort();
  const key = `${settings.timeZone}|${extraHolidays.join(',')}`;
  let calendar = cache.get(key);
  if (!calendar) {
    calendar = createCalendar({ timeZone: settings.timeZone, extraHolidays });
    // Bounded so a long-lived process fed many configurations cannot grow without limit.
    if (cache.size >= 32) cache.clear();
    cache.set(key, calendar);
  }
  return calendar;
};

/**
 * This year and the next (in the calendar's time zone) when the holiday data does not cover them:
 * deadlines there count weekends only. The jobs log it and count it in a metric, `npm run doctor`
 * checks it; the README says how a region adds a year from the SKB.
 */
export const missingHolidayYears = (calendar: WorkingDayCalendar, at: Date): number[] => {
  const year = Number(calendar.localDate(at).slice(0, 4));
  const covered = new Set(calendar.coveredYears());
  return [year, year + 1].filter((y) => !covered.has(y));
};
