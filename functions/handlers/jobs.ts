// Scheduled jobs. EventBridge Scheduler (and the local scheduler) invoke this with
// {"job": "...", "time": "<scheduled time>"}; the job takes "now" from `time`, so replaying an
// event replays that day.

import { logger } from '../http/logger';
import { type Dependencies, lazyHandler } from './composition';
import { sesMailer } from '../adapters/ses-mailer';
import { emitMetric, METRICS } from '../adapters/metrics';
import type { Delivery } from '../core/delivery';
import { missingHolidayYears } from '../core/calendar';

/** The scheduled jobs: each has a schedule in the region config and the stack. */
export const JOBS = ['compliance', 'escalation', 'reconciliation', 'digest', 'redelivery'] as const;
/** Run by hand (`npm run job`, or invoking the function with the event), never scheduled: upgrade steps. */
export const MAINTENANCE_JOBS = ['backfill'] as const;
export type ScheduledJobName = (typeof JOBS)[number];
export type JobName = ScheduledJobName | (typeof MAINTENANCE_JOBS)[number];
const ALL_JOBS: readonly string[] = [...JOBS, ...MAINTENANCE_JOBS];

export interface JobEvent {
  job: JobName;
  /** ISO-8601; the scheduled time. Defaults to the current time. */
  time?: string;
}

export function createHandler(deps: Dependencies) {
  return async (event: JobEvent) => {
    if (!ALL_JOBS.includes(event?.job)) throw new Error(`Unknown job "${String(event?.job)}"; expected one of ${ALL_JOBS.join(', ')}`);
    const at = event.time ? new Date(event.time) : deps.clock.now();
    if (Number.isNaN(at.getTime())) throw new Error(`Invalid job time "${event.time}"`);
    const started = Date.now();
    const summary = await run(deps, event.job, at);
    reportCoverage(deps, at);
    logger.info('job finished', { job: event.job, at: at.toISOString(), durationMs: Date.now() - started, ...summary });
    return { job: event.job, at: at.toISOString(), ...summary };
  };
}

async function run(deps: Dependencies, job: JobName, at: Date): Promise<Record<string, string | number>> {
  switch (job) {
    case 'compliance': {
      const result = await deps.compliance.runCompliance(at);
      return {
        localDate: result.localDate,
        agencies: result.year.agencies.length,
        belowThreshold: result.year.agencies.filter((a) => a.belowThreshold).length,
        warningsSent: result.warnings.filter((w) => w.delivery === 'sent').length,
        warningsAlreadySent: result.warnings.filter((w) => w.delivery === 'already-sent').length,
        warningsFailed: countUndelivered([...result.warnings.map((w) => w.delivery), result.summary]),
        summary: result.summary,
        overdueVerifications: result.overdueVerifications,
        regionPctTL: result.year.region.pctTL ?? 'null',
      };
    }
    case 'escalation': {
      // The daily job of the complaints' own clocks: the 60-day escalation, then LAPOR!'s auto-close.
      const result = await deps.compliance.runEscalation(at);
      const closing = await deps.compliance.runAutoClose(at);
      return {
        checked: result.checked,
        newlyEligible: result.newlyEligible.length,
        autoCloseChecked: closing.checked,
        closed: closing.closed.length,
      };
    }
    case 'reconciliation': {
      const result = await deps.compliance.reconcile();
      for (const drift of result.drift) {
        logger.warn('counter drift repaired', {
          agencyId: drift.agencyId,
          period: drift.period,
          stored: JSON.stringify(drift.stored ?? null),
          recount: JSON.stringify(drift.recount),
        });
      }
      return { agencies: result.agencies, periods: result.periods, drift: result.drift.length, repaired: result.repaired };
    }
    case 'digest': {
      const result = await deps.notifications.sendDigests(at);
      return {
        agencies: result.length,
        sent: result.filter((r) => r.delivery === 'sent').length,
        alreadySent: result.filter((r) => r.delivery === 'already-sent').length,
        undelivered: countUndelivered(result.map((r) => r.delivery)),
        dispositions: result.reduce((n, r) => n + r.dispositions, 0),
      };
    }
    case 'backfill': {
      const result = await deps.compliance.runBackfill(at);
      return { read: result.read, updated: result.updated.length };
    }
    case 'redelivery': {
      const result = await deps.redeliver(at);
      return {
        attempted: result.length,
        sent: result.filter((r) => r === 'sent').length,
        deferred: result.filter((r) => r === 'deferred').length,
        failed: countUndelivered(result.filter((r) => r === 'failed')),
      };
    }
  }
}

/** Emails not delivered (deferred or failed), counted in the EmailDeliveryFailures metric. */
function countUndelivered(deliveries: Array<Delivery | 'not-due'>): number {
  const count = deliveries.filter((d) => d === 'deferred' || d === 'failed').length;
  if (count > 0) emitMetric(METRICS.emailDeliveryFailures, count);
  return count;
}

/**
 * Every job run says whether the holiday calendar covers this year and the next: past its last
 * year, deadlines would silently count weekends only.
 */
function reportCoverage(deps: Dependencies, at: Date): void {
  const missing = missingHolidayYears(deps.calendar, at);
  if (missing.length > 0) {
    // Only when something is missing: a custom metric costs only in the hours it gets data.
    emitMetric(METRICS.holidayYearsMissing, missing.length);
    logger.warn('holiday data missing', {
      years: missing.join(', '),
      hint: 'Add the SKB\'s libur nasional and cuti bersama for these years to config/holidays-id.json (or extraHolidays) and deploy',
    });
  }
}

export const handler = lazyHandler(createHandler, { mailer: sesMailer });
