// %TL periods: a calendar year ("2022") or month ("2022-01") in the region's time zone, so a
// disposition made on New Year's Eve after 17:00 UTC counts in January for Asia/Jakarta.
import { localDateIn, zonedStartOfDay } from './calendar';
import { validationError } from './errors';

export interface Periods {
  year: string;
  month: string;
}

const PERIOD = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;


/** The year and month periods an instant belongs to, by its local date in `timeZone`. */
export const periodsOf = (instant: Date, timeZone: string): Periods => {
  const date = localDateIn(instant, timeZone);
  return { year: date.slice(0, 4), month: date.slice(0, 7) };
};

const invalidPeriod = (period: unknown, expected = 'YYYY or YYYY-MM') => {
  const message = `Invalid period "${String(period)}": expected ${expected}`;
  return validationError([{ field: 'period', message }], message);
};

/**
 * UTC instants of the local midnights that bound a period: start inclusive, end exclusive, so
 * consecutive periods tile time without gaps or overlap.
 */
export const periodBounds = (period: string, timeZone: string): { start: Date; end: Date } => {
  const m = typeof period === 'string' ? PERIOD.exec(period) : null;
  if (!m) throw invalidPeriod(period);
  const year = Number(m[1]);
  if (m[2] === undefined) {
    return {
      start: zonedStartOfDay(`${m[1]}-01-01`, timeZone),
      end: zonedStartOfDay(`${String(year + 1).padStart(4, '0')}-01-01`, timeZone),
    };
  }
  const month = Number(m[2]);
  const next = month === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${m[1]}-${String(month + 1).padStart(2, '0')}`;
  return { start: zonedStartOfDay(`${period}-01`, timeZone), end: zonedStartOfDay(`${next}-01`, timeZone) };
};

/**
 * The months of a year that have begun by `now`, oldest first: all twelve for a past year, up to the
 * current month for this one. A year still to come has no figures: refused.
 */
export function monthsSoFar(year: string, now: Date, timeZone: string): string[] {
  const current = periodsOf(now, timeZone);
  if (year > current.year) throw validationError([{ field: 'year', message: 'must not be a year still to come' }]);
  const last = year === current.year ? Number(current.month.slice(5, 7)) : 12;
  return Array.from({ length: last }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}
