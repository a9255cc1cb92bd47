// EventBridge Scheduler stand-in. The stack hands EventBridge the schedule expressions of the region
// config; locally croner runs the same expressions, converted here. The conversion is strict: an
// expression EventBridge would reject fails at local start instead of at deploy time.

import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { Cron, CronPattern } from 'croner';

export class ScheduleExpressionError extends Error {
  override name = 'ScheduleExpressionError';
}

export type ParsedSchedule =
  | { kind: 'cron'; expression: string; pattern: string }
  | { kind: 'rate'; expression: string; everyMs: number }
  | { kind: 'at'; expression: string; localDateTime: string };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** EventBridge numbers days of the week 1=SUN..7=SAT; croner 0=SUN..6=SAT. */
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: string[];
  allowStep: boolean;
}

const FIELDS = {
  minutes: { label: 'minutes', min: 0, max: 59, allowStep: true },
  hours: { label: 'hours', min: 0, max: 23, allowStep: true },
  dayOfMonth: { label: 'day-of-month', min: 1, max: 31, allowStep: true },
  month: { label: 'month', min: 1, max: 12, names: MONTHS, allowStep: true },
  dayOfWeek: { label: 'day-of-week', min: 1, max: 7, names: WEEKDAYS, allowStep: false },
  year: { label: 'year', min: 1970, max: 2199, allowStep: true },
} satisfies Record<string, FieldSpec>;

/**
 * Parses an EventBridge Scheduler expression: cron(minutes hours day-of-month month day-of-week year),
 * rate(value unit) or at(yyyy-mm-ddThh:mm:ss).
 */
export function parseScheduleExpression(expression: string): ParsedSchedule {
  const trimmed = expression.trim();
  const cron = /^cron\((.*)\)$/.exec(trimmed);
  if (cron) return { kind: 'cron', expression, pattern: convertCron(cron[1], expression) };
  const rate = /^rate\((.*)\)$/.exec(trimmed);
  if (rate) return { kind: 'rate', expression, everyMs: parseRate(rate[1], expression) };
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(trimmed);
  if (at) {
    if (Number.isNaN(Date.parse(`${at[1]}Z`))) throw new ScheduleExpressionError(`${expression}: not a valid date and time`);
    return { kind: 'at', expression, localDateTime: at[1] };
  }
  throw new ScheduleExpressionError(
    `"${expression}" is not an EventBridge Scheduler expression: use cron(minutes hours day-of-month month day-of-week year), ` +
      'rate(value unit) or at(yyyy-mm-ddThh:mm:ss)',
  );
}

/**
 * The croner pattern (7 fields: seconds first, year last) for an EventBridge expression. A rate
 * converts only when it divides its unit evenly (rate(5 minutes) → every 5th minute); other rates
 * have no cron equivalent, which startScheduler handles with a plain interval.
 */
export function toCronerPattern(expression: string): string {
  const parsed = parseScheduleExpression(expression);
  if (parsed.kind === 'cron') return parsed.pattern;
  if (parsed.kind === 'at') {
    throw new ScheduleExpressionError(`${expression}: a one-time schedule has no cron pattern`);
  }
  const minutes = parsed.everyMs / 60_000;
  if (minutes < 60 && 60 % minutes === 0) return `0 ${minutes === 1 ? '*' : `*/${minutes}`} * * * * *`;
  const hours = minutes / 60;
  if (Number.isInteger(hours) && hours < 24 && 24 % hours === 0) return `0 0 ${hours === 1 ? '*' : `*/${hours}`} * * * *`;
  if (hours === 24) return '0 0 0 * * * *';
  throw new ScheduleExpressionError(`${expression}: this rate does not divide its unit evenly, so no cron pattern expresses it`);
}

function convertCron(body: string, expression: string): string {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleExpressionError(
      `${expression}: EventBridge cron needs exactly six fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new ScheduleExpressionError(
      `${expression}: exactly one of day-of-month and day-of-week must be "?" (e.g. cron(0 8 * * ? *) or cron(0 8 ? * MON-FRI *))`,
    );
  }
  const fail = (message: string): never => {
    throw new ScheduleExpressionError(`${expression}: ${message}`);
  };
  return [
    '0',
    convertList(minutes, FIELDS.minutes, fail),
    convertList(hours, FIELDS.hours, fail),
    dayOfMonth === '?' ? '*' : convertDayOfMonth(dayOfMonth, fail),
    convertList(month, FIELDS.month, fail),
    dayOfWeek === '?' ? '*' : convertDayOfWeek(dayOfWeek, fail),
    convertList(year, FIELDS.year, fail),
  ].join(' ');
}

type Fail = (message: string) => never;

/** Plain fields: *, n, a-b, * /n, a/n, a-b/n and comma lists of those. Values keep their numbering. */
function convertList(text: string, spec: FieldSpec, fail: Fail, shift = 0): string {
  if (text === '?') fail(`"?" is only allowed in day-of-month or day-of-week, not in ${spec.label}`);
  return text
    .split(',')
    .map((item) => convertItem(item, spec, fail, shift))
    .join(',');
}

function convertItem(item: string, spec: FieldSpec, fail: Fail, shift: number): string {
  const [range, step, extra] = item.split('/');
  if (extra !== undefined || range === '' || step === '') fail(`"${item}" is not a valid ${spec.label} value`);
  let stepText = '';
  if (step !== undefined) {
    if (!spec.allowStep) fail(`"/" is not allowed in ${spec.label}`);
    const increment = Number(step);
    if (!/^\d+$/.test(step) || increment < 1 || increment > spec.max - spec.min + 1) {
      fail(`"${item}": the increment must be a whole number from 1 to ${spec.max - spec.min + 1}`);
    }
    stepText = `/${increment}`;
  }
  if (range === '*') return `*${stepText}`;
  const bounds = range.split('-');
  if (bounds.length > 2) fail(`"${item}" is not a valid ${spec.label} range`);
  const from = value(bounds[0], spec, fail);
  if (bounds.length === 2) {
    const to = value(bounds[1], spec, fail);
    if (from > to) fail(`"${item}": a ${spec.label} range must go from low to high`);
    return `${from - shift}-${to - shift}${stepText}`;
  }
  // "a/n" means from a to the end in steps of n; croner only takes that spelled as a range.
  return step === undefined ? `${from - shift}` : `${from - shift}-${spec.max - shift}${stepText}`;
}

function value(text: string, spec: FieldSpec, fail: Fail): number {
  const upper = text.toUpperCase();
  const named = spec.names?.indexOf(upper) ?? -1;
  if (named >= 0) return named + spec.min;
  if (!/^\d+$/.test(text)) {
    const names = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
    fail(`"${text}" is not a valid ${spec.label} (${spec.min}-${spec.max}${names})`);
  }
  const number = Number(text);
  if (number < spec.min || number > spec.max) fail(`${spec.label} ${number} is out of range ${spec.min}-${spec.max}`);
  return number;
}

function convertDayOfMonth(text: string, fail: Fail): string {
  const upper = text.toUpperCase();
  if (upper === 'L' || upper === 'LW') return upper;
  const nearestWeekday = /^(\d+)W$/.exec(upper);
  if (nearestWeekday) return `${value(nearestWeekday[1], FIELDS.dayOfMonth, fail)}W`;
  if (/[LW]/.test(upper)) fail(`"${text}": in day-of-month, L and W stand alone (L, LW, 15W)`);
  return convertList(text, FIELDS.dayOfMonth, fail);
}

function convertDayOfWeek(text: string, fail: Fail): string {
  const upper = text.toUpperCase();
  // "L" alone is the last day of the week: Saturday.
  if (upper === 'L') return '6';
  const last = /^(\w+)L$/.exec(upper);
  if (last) return `${value(last[1], FIELDS.dayOfWeek, fail) - 1}L`;
  const nth = /^(\w+)#(\d+)$/.exec(upper);
  if (nth) {
    const occurrence = Number(nth[2]);
    if (occurrence < 1 || occurrence > 5) fail(`"${text}": the occurrence after # must be 1-5`);
    return `${value(nth[1], FIELDS.dayOfWeek, fail) - 1}#${occurrence}`;
  }
  if (/[#]/.test(upper)) fail(`"${text}": # takes one day, e.g. MON#1`);
  return convertList(text, FIELDS.dayOfWeek, fail, 1);
}

function parseRate(body: string, expression: string): number {
  const match = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(body);
  if (!match) throw new ScheduleExpressionError(`${expression}: use rate(value unit) with unit minute(s), hour(s) or day(s)`);
  const amount = Number(match[1]);
  const unit = match[2];
  if (amount < 1) throw new ScheduleExpressionError(`${expression}: the value must be a positive whole number`);
  // EventBridge insists: rate(1 minute) but rate(5 minutes).
  if ((amount === 1) !== !unit.endsWith('s')) {
    throw new ScheduleExpressionError(`${expression}: use the singular unit for 1 and the plural otherwise`);
  }
  const unitMs = unit.startsWith('minute') ? 60_000 : unit.startsWith('hour') ? 3_600_000 : 86_400_000;
  return amount * unitMs;
}

/** Validates the pattern with croner itself, so what passes here is what the scheduler can run. */
function cronFor(pattern: string, timeZone: string, expression: string): Cron {
  try {
    new CronPattern(pattern, undefined, { mode: '7-part' });
    return new Cron(pattern, { timezone: timeZone, mode: '7-part', paused: true });
  } catch (error) {
    throw new ScheduleExpressionError(`${expression}: ${(error as Error).message}`);
  }
}

/** The next fire times of an expression in a time zone: what the schedule will do, for tests and logs. */
export function nextFireTimes(expression: string, timeZone: string, count: number, from: Date = new Date()): Date[] {
  const parsed = parseScheduleExpression(expression);
  if (parsed.kind === 'rate') {
    return Array.from({ length: count }, (_, index) => new Date(from.getTime() + (index + 1) * parsed.everyMs));
  }
  const job =
    parsed.kind === 'cron'
      ? cronFor(parsed.pattern, timeZone, expression)
      : new Cron(parsed.localDateTime, { timezone: timeZone, paused: true });
  try {
    return job.nextRuns(count, from);
  } finally {
    job.stop();
  }
}

/** What a job returned, on one log line. */
function describeResult(result: unknown): string {
  try {
    return typeof result === 'string' ? result : JSON.stringify(result);
  } catch {
    return String(result);
  }
}

/** The event EventBridge Scheduler's templated Lambda target delivers. */
export type SchedulerEvent = ScheduledEvent<Record<string, never>>;

export const LOCAL_ACCOUNT_ID = '000000000000';

export function schedulerEvent(scheduleName: string, time: Date, region = 'ap-southeast-3'): SchedulerEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: LOCAL_ACCOUNT_ID,
    // EventBridge writes times without milliseconds.
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:scheduler:${region}:${LOCAL_ACCOUNT_ID}:schedule/default/${scheduleName}`],
    detail: {},
  };
}

export interface ScheduledJob {
  name: string;
  /** EventBridge Scheduler expression, as in the region config. */
  expression: string;
  /** IANA time zone the expression is read in (the stack's ScheduleExpressionTimezone). */
  timeZone: string;
  /** What it returns is logged with the run; what it throws is logged as the run's failure. */
  invoke(event: SchedulerEvent): unknown;
}

export interface RunningScheduler {
  /** When each job fires next (null when it never will again). */
  nextRuns(): { name: string; nextRun: Date | null }[];
  stop(): void;
}

export interface SchedulerOptions {
  log?: (line: string) => void;
  region?: string;
}

/**
 * Starts every job. Expressions are all validated before any job starts, so one bad expression
 * stops the start instead of leaving half the jobs running. A failing invocation is logged and
 * the schedule carries on, as EventBridge does after its retries.
 */
export function startScheduler(jobs: readonly ScheduledJob[], options: SchedulerOptions = {}): RunningScheduler {
  const log = options.log ?? (() => undefined);
  const parsed = jobs.map((job) => ({ job, schedule: parseScheduleExpression(job.expression) }));
  for (const { job, schedule } of parsed) {
    if (schedule.kind === 'cron') cronFor(schedule.pattern, job.timeZone, job.expression).stop();
  }

  const run = async (job: ScheduledJob, time: Date) => {
    const event = schedulerEvent(job.name, time, options.region);
    const started = Date.now();
    try {
      const result = await job.invoke(event);
      const summary = result === undefined ? '' : `: ${describeResult(result)}`;
      log(`schedule ${job.name} (${event.time}) done in ${Date.now() - started} ms${summary}`);
    } catch (error) {
      log(`schedule ${job.name} (${event.time}) failed: ${(error as Error).stack ?? String(error)}`);
    }
  };

  const stops: (() => void)[] = [];
  const upcoming: (() => { name: string; nextRun: Date | null })[] = [];
  for (const { job, schedule } of parsed) {
    if (schedule.kind === 'rate') {
      let next = Date.now() + schedule.everyMs;
      const timer = setInterval(() => {
        const time = new Date(next);
        next += schedule.everyMs;
        void run(job, time);
      }, schedule.everyMs);
      timer.unref();
      stops.push(() => clearInterval(timer));
      upcoming.push(() => ({ name: job.name, nextRun: new Date(next) }));
      continue;
    }
    const pattern = schedule.kind === 'cron' ? schedule.pattern : schedule.localDateTime;
    let onceAt: Date | null = null;
    // protect: a run still going when the next one is due is skipped rather than run twice at once.
    const cron = new Cron(
      pattern,
      { timezone: job.timeZone, protect: true, unref: true, ...(schedule.kind === 'cron' && { mode: '7-part' as const }) },
      // Cron expressions have minute resolution: the start of the current minute is the scheduled
      // time even when the timer fired a little late.
      () => run(job, onceAt ?? new Date(Math.floor(Date.now() / 60_000) * 60_000)),
    );
    if (schedule.kind === 'at') onceAt = cron.nextRun();
    stops.push(() => cron.stop());
    upcoming.push(() => ({ name: job.name, nextRun: cron.nextRun() }));
  }
  for (const next of upcoming) {
    const { name, nextRun } = next();
    log(`schedule ${name} next at ${nextRun?.toISOString() ?? 'never'}`);
  }
  return {
    nextRuns: () => upcoming.map((next) => next()),
    stop: () => stops.forEach((stop) => stop()),
  };
}
