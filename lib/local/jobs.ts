// The scheduled jobs as the local runtime runs them: the event EventBridge Scheduler's target input
// makes ({"job": "<name>", "time": "<aws.scheduler.scheduled-time>"}, see lib/constructs/schedules.ts),
// the job names people type, and the next fire times for the banner. Shared by lib/local/system.ts
// (the scheduler and runJob) and bin/job.ts (`npm run job`).

import { JOBS, MAINTENANCE_JOBS, type JobEvent, type JobName, type ScheduledJobName } from '../../functions/handlers/jobs';
import type { RegionConfig } from '../config';
import { nextFireTimes, type ScheduledJob } from './scheduler';

export { JOBS, MAINTENANCE_JOBS, type JobEvent, type JobName };

/** Other names people use for a job; the issue text says "reconcile". */
export const JOB_ALIASES: Readonly<Record<string, JobName>> = { reconcile: 'reconciliation' };

export class UnknownJobError extends Error {
  override name = 'UnknownJobError';
}

export class InvalidJobTimeError extends Error {
  override name = 'InvalidJobTimeError';
}

/** The job a name (or alias) stands for; throws UnknownJobError listing the valid names. */
export function resolveJobName(name: string): JobName {
  const normalized = name.trim().toLowerCase();
  if (([...JOBS, ...MAINTENANCE_JOBS] as readonly string[]).includes(normalized)) return normalized as JobName;
  const alias = JOB_ALIASES[normalized];
  if (alias) return alias;
  const aliases = Object.entries(JOB_ALIASES).map(([from, to]) => `${from} = ${to}`);
  throw new UnknownJobError(`Unknown job "${name}": expected one of ${[...JOBS, ...MAINTENANCE_JOBS].join(', ')} (alias ${aliases.join(', ')})`);
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/;

/**
 * An instant from ISO-8601 with its offset, e.g. 2026-11-30T08:00:00+07:00 or 2026-11-30T01:00Z.
 * The offset is required: without it the same text means different instants in Jakarta and on a
 * laptop set to UTC. Impossible dates (2026-02-30) are refused, not rolled over.
 */
export function parseJobTime(text: string): Date {
  const match = ISO_DATE_TIME.exec(text.trim());
  const hint = 'use ISO-8601 with a time zone offset, e.g. 2026-11-30T08:00:00+07:00 or 2026-11-30T01:00:00Z';
  if (!match) throw new InvalidJobTimeError(`"${text}" is not a date-time with a time zone: ${hint}`);
  const [, year, month, day] = match.map(Number);
  const calendarDay = new Date(Date.UTC(year!, month! - 1, day!));
  if (calendarDay.getUTCFullYear() !== year || calendarDay.getUTCMonth() !== month! - 1 || calendarDay.getUTCDate() !== day) {
    throw new InvalidJobTimeError(`"${text}": ${match[1]}-${match[2]}-${match[3]} is not a date in the calendar`);
  }
  const offset = match[7]!.toUpperCase();
  const normalized = offset === 'Z' || offset.includes(':') ? text.trim() : `${text.trim().slice(0, -offset.length)}${offset.slice(0, 3)}:${offset.slice(3)}`;
  const instant = new Date(normalized);
  if (Number.isNaN(instant.getTime())) throw new InvalidJobTimeError(`"${text}" is not a valid time: ${hint}`);
  return instant;
}

/** `<aws.scheduler.scheduled-time>` as Scheduler writes it: UTC, whole seconds, e.g. 2026-11-30T01:00:00Z. */
export function scheduledTimeText(time: Date): string {
  return new Date(Math.floor(time.getTime() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The jobs function's input, exactly as the deployed schedules send it. */
export function jobEvent(job: JobName, time: Date): JobEvent {
  return { job, time: scheduledTimeText(time) };
}

/** "2026-11-28 08:00 WIB" style: the wall-clock time of the region, with the zone's short name or offset. */
export function formatInTimeZone(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${timeZone} (${parts.timeZoneName})`;
}

export interface ScheduleDescription {
  name: JobName;
  expression: string;
  timeZone: string;
  nextRun: Date | null;
}

/** The config's schedules with when each fires next, in config order. */
export function describeSchedules(config: RegionConfig, from: Date = new Date()): ScheduleDescription[] {
  return (Object.keys(config.schedules) as ScheduledJobName[]).map((name) => {
    const expression = config.schedules[name];
    const [nextRun] = nextFireTimes(expression, config.timeZone, 1, from);
    return { name, expression, timeZone: config.timeZone, nextRun: nextRun ?? null };
  });
}

/**
 * The config's schedules for the scheduler: each run invokes `runJob` with the job's name and the
 * scheduled time, as EventBridge Scheduler's target input does. What runJob returns (the summary)
 * or throws, the scheduler logs; a failure does not stop the schedule.
 */
export function scheduledJobs(config: RegionConfig, runJob: (job: JobName, time: string) => Promise<unknown>): ScheduledJob[] {
  return describeSchedules(config).map(({ name, expression, timeZone }) => ({
    name,
    expression,
    timeZone,
    invoke: (event) => runJob(name, event.time),
  }));
}
