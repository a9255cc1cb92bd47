// The scheduled jobs and the Ombudsman forwarding: %TL per agency with warnings below the passing
// grade, escalation eligibility after the escalation window, and the counter reconciliation.
// "now" is always passed in (the scheduled event's time), so any run can be replayed for any date.

import type { WorkingDayCalendar } from './calendar';
import { type AgencyCompliance, cadenceKey, isCadenceDay, openDispositionLines, shouldWarn } from './compliance-report';
import { ComplianceReader, type PeriodCompliance, mapLimited } from './compliance-reader';
import { ComplaintService, type ServicePorts } from './complaint-service';
import { type EmailContext, agencyWarningEmail, coordinatorSummaryEmail } from './emails';
import { isDomainError } from './errors';
import { autoCloseRefusal, counterDeltas, escalationEligibility, mergeCounterDeltas, needsDueDates } from './lifecycle';
import { addHours, sameBuckets } from './follow-up-buckets';
import type { Disposition } from './model';
import { periodsOf } from './periods';
import type { RegionSettings } from './settings';
import type { ComplianceRepository, CounterRecord } from '../ports/compliance';
import type { EmailLedger, EmailMessage, Mailer } from '../ports/mail';
import { type Delivery, deliverOnce } from './delivery';

export type { Delivery };

export interface ComplianceServicePorts extends ServicePorts {
  compliance: ComplianceRepository;
  mailer: Mailer;
  ledger: EmailLedger;
}

export interface MailSettings {
  coordinator: string[];
  ombudsman: string;
}


export interface ComplianceRun {
  localDate: string;
  year: PeriodCompliance;
  month: PeriodCompliance;
  warnings: Array<{ agencyId: string; delivery: Delivery }>;
  summary: Delivery | 'not-due';
  /** Reports still unverified after their verification deadline. */
  overdueVerifications: number;
}

export interface EscalationRun {
  checked: number;
  newlyEligible: string[];
}

export interface AutoCloseRun {
  checked: number;
  closed: string[];
}

export interface BackfillRun {
  read: number;
  updated: string[];
}

export interface ReconciliationRun {
  agencies: number;
  periods: number;
  drift: Array<{ agencyId: string; period: string; stored: CounterRecord | undefined; recount: CounterRecord }>;
  repaired: number;
}

const PARALLEL_AGENCIES = 8;

export class ComplianceService {
  constructor(
    private readonly ports: ComplianceServicePorts,
    private readonly settings: RegionSettings,
    private readonly calendar: WorkingDayCalendar,
    private readonly mail: MailSettings,
    /** How long reconciliation waits before confirming a drift (the index's lag); tests may shorten it. */
    private readonly reconcileSettleMs = 2000,
  ) {}

  async runCompliance(at: Date): Promise<ComplianceRun> {
    const localDate = this.calendar.localDate(at);
    const { year, month } = periodsOf(at, this.settings.timeZone);
    const reader = new ComplianceReader(this.ports, this.settings, this.calendar);
    const view = await reader.compute(at, [year, month]);
    const overdueVerifications = await reader.overdueVerifications(at);
    const yearView = view.periods[year] as PeriodCompliance;
    const monthView = view.periods[month] as PeriodCompliance;
    const perAgency = await mapLimited(view.agencies, PARALLEL_AGENCIES, async (state) => ({
      agency: state.agency,
      open: state.open,
      year: state.byPeriod[year] as AgencyCompliance,
      month: state.byPeriod[month] as AgencyCompliance,
      previous: await this.ports.compliance.previousSnapshot(state.agency.agencyId, year, localDate),
    }));
    const yearRegion = yearView.region;

    const computedAt = at.toISOString();
    await mapLimited(perAgency, PARALLEL_AGENCIES, async (a) => {
      await this.ports.compliance.putSnapshot({ ...a.year, asOf: localDate, computedAt });
      await this.ports.compliance.putSnapshot({ ...a.month, asOf: localDate, computedAt });
    });

    const ctx = this.emailContext();
    const cadence = cadenceKey(this.settings.warningCadence, localDate);
    const warnings: ComplianceRun['warnings'] = [];
    for (const a of perAgency) {
      const due = shouldWarn({
        belowThreshold: a.year.belowThreshold,
        previouslyBelow: a.previous?.belowThreshold,
        cadence: this.settings.warningCadence,
        localDate,
      });
      // An inactive agency still shows in reports while it has data, but is no longer warned.
      if (!due || !a.agency.active || a.agency.emails.length === 0) continue;
      const message = agencyWarningEmail({
        ctx,
        to: a.agency.emails,
        year: a.year,
        month: a.month,
        region: yearRegion,
        open: openDispositionLines(a.open, at, this.calendar, this.settings),
      });
      warnings.push({ agencyId: a.agency.agencyId, delivery: await this.deliverOnce(`WARNING#${a.agency.agencyId}#${cadence}`, message, at) });
    }

    const rankedYear = yearView.agencies;
    let summary: ComplianceRun['summary'] = 'not-due';
    // The coordinator hears on the cadence's regular day, and whenever an agency is warned.
    const summaryDue = warnings.length > 0 || isCadenceDay(this.settings.warningCadence, localDate);
    if (this.mail.coordinator.length > 0 && summaryDue) {
      summary = await this.deliverOnce(
        `SUMMARY#${localDate}`,
        coordinatorSummaryEmail({
          ctx,
          to: this.mail.coordinator,
          localDate,
          ranked: rankedYear,
          region: yearRegion,
          warned: warnings.filter((w) => w.delivery === 'sent').map((w) => w.agencyId),
          overdueVerifications,
        }),
        at,
      );
    }

    return {
      localDate,
      year: yearView,
      month: monthView,
      warnings,
      summary,
      overdueVerifications: overdueVerifications.length,
    };
  }

  /**
   * Marks complaints whose 60-day clock has run out. Reads only the due ones (an index of open,
   * unmarked complaints by the end of their clock), never the history. The reporter's email goes
   * through the outbox, written in the same transaction as the mark. The Ombudsman forward is no
   * longer this job's business: it goes through the outbox when the reporter asks.
   */
  async runEscalation(at: Date): Promise<EscalationRun> {
    const complaints = this.complaintsAt(at);
    const run: EscalationRun = { checked: 0, newlyEligible: [] };
    let cursor: string | undefined;
    const seen = new Set<string>();
    do {
      const page = await this.ports.complaints.listEscalationDue(at.toISOString(), { limit: 100, ...(cursor && { cursor }) });
      cursor = page.nextCursor;
      for (const complaint of page.items) {
        if (seen.has(complaint.trackingId)) continue;
        seen.add(complaint.trackingId);
        run.checked++;
        if (complaint.escalationEligibleAt || !escalationEligibility(complaint, at, this.settings).eligible) continue;
        try {
          await complaints.markEscalationEligible(complaint.trackingId);
          run.newlyEligible.push(complaint.trackingId);
        } catch (error) {
          // A follow-up or escalation that landed since the listing wins; nothing to mark.
          if (!isDomainError(error)) throw error;
        }
      }
    } while (cursor);
    return run;
  }

  /**
   * LAPOR!'s auto-close, a step of the daily escalation job: closes the completed reports whose
   * reporter stayed silent through the reply window. Reads only the due ones (the due index); the
   * close and the reporter's email commit together (outbox), conditioned on the complaint's
   * version, so a replayed run finds nothing left to close and mails nobody twice.
   */
  async runAutoClose(at: Date): Promise<AutoCloseRun> {
    const complaints = this.complaintsAt(at);
    const run: AutoCloseRun = { checked: 0, closed: [] };
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await this.ports.complaints.listAutoCloseDue(at.toISOString(), { limit: 100, ...(cursor && { cursor }) });
      cursor = page.nextCursor;
      for (const complaint of page.items) {
        if (seen.has(complaint.trackingId)) continue;
        seen.add(complaint.trackingId);
        run.checked++;
        if (autoCloseRefusal(complaint, at)) continue;
        try {
          await complaints.closeComplaint(complaint.trackingId);
          run.closed.push(complaint.trackingId);
        } catch (error) {
          // A reply or reopen that landed since the listing wins: nothing to close.
          if (!isDomainError(error)) throw error;
        }
      }
    } while (cursor);
    return run;
  }

  /**
   * The upgrade step (README, "Upgrading"): complaints written before the due index existed get
   * their escalationDueAt (and a completed one its autoCloseAt), so the daily job finds them.
   * Reads every complaint once, by submission (a one-off, run by hand); each update is a
   * versioned commit through the lifecycle, so a concurrent change wins and a second run finds
   * nothing left to do.
   */
  async runBackfill(at: Date): Promise<BackfillRun> {
    const complaints = this.complaintsAt(at);
    const run: BackfillRun = { read: 0, updated: [] };
    let cursor: string | undefined;
    do {
      const page = await this.ports.complaints.list({}, { limit: 100, order: 'oldest', ...(cursor && { cursor }) });
      cursor = page.nextCursor;
      for (const complaint of page.items) {
        run.read++;
        if (!needsDueDates(complaint)) continue;
        try {
          await complaints.refreshDueDates(complaint.trackingId);
          run.updated.push(complaint.trackingId);
        } catch (error) {
          // Changed since the listing, and that change set the dates: nothing left to do.
          if (!isDomainError(error)) throw error;
        }
      }
    } while (cursor);
    return run;
  }

  /**
   * Recounts each agency's counters from its dispositions and repairs drift. Dispositions are read
   * from an index, which lags the table a little: a write seen in the counters may not be in the
   * recount yet. So a drift is repaired only when a second pass, after a pause, finds exactly the
   * same drift on the same counter revision; and each repair is conditioned on that revision, so a
   * write landing meanwhile wins and the repair waits for the next run.
   */
  async reconcile(): Promise<ReconciliationRun> {
    const agencies = await this.ports.agencies.list();
    const run: ReconciliationRun = { agencies: agencies.length, periods: 0, drift: [], repaired: 0 };
    for (const agency of agencies) {
      const first = await this.driftOf(agency.agencyId);
      run.periods += first.periods;
      if (first.drift.length === 0) continue;
      await new Promise((resolve) => setTimeout(resolve, this.reconcileSettleMs));
      const second = await this.driftOf(agency.agencyId);
      const key = (d: ReconciliationRun['drift'][number]) => JSON.stringify([d.period, d.stored ?? null, d.recount]);
      const seenBefore = new Set(first.drift.map(key));
      for (const d of second.drift) {
        if (!seenBefore.has(key(d))) continue; // changed in between: a write in flight, not drift
        run.drift.push(d);
        if (await this.ports.compliance.replaceCounters(d.stored, d.recount)) run.repaired++;
      }
    }
    return run;
  }

  private async driftOf(agencyId: string): Promise<{ periods: number; drift: ReconciliationRun['drift'] }> {
    // Counters first (strongly consistent), dispositions second.
    const stored = await this.ports.compliance.listCounters(agencyId);
    const recount = recountCounters(await this.ports.compliance.listAllDispositions(agencyId), this.settings.timeZone);
    const periods = new Set([...stored.map((c) => c.period), ...recount.map((c) => c.period)]);
    const drift: ReconciliationRun['drift'] = [];
    for (const period of periods) {
      const before = stored.find((c) => c.period === period);
      const after = recount.find((c) => c.period === period) ?? zeroCounters(agencyId, period);
      if (!sameCounters(before, after)) drift.push({ agencyId, period, stored: before, recount: after });
    }
    return { periods: periods.size, drift };
  }

  /** Claim, send, mark: a retried or replayed job never sends the same email twice. */
  deliverOnce(key: string, message: EmailMessage, at: Date): Promise<Delivery> {
    return deliverOnce(this.ports, key, message, at);
  }

  private complaintsAt(at: Date): ComplaintService {
    return new ComplaintService({ ...this.ports, clock: { now: () => at } }, this.settings, this.calendar);
  }

  private emailContext(): EmailContext {
    return { regionName: this.settings.regionName, timeZone: this.settings.timeZone, passingGrade: this.settings.passingGrade, webUrl: this.settings.webUrl };
  }
}

/** Counters as they should be, rebuilt from the dispositions themselves. */
export function recountCounters(dispositions: readonly Disposition[], timeZone: string): CounterRecord[] {
  const deltas = mergeCounterDeltas(dispositions.flatMap((d) => counterDeltas(undefined, d, timeZone)));
  return deltas.map((d) => ({
    agencyId: d.agencyId,
    period: d.period,
    received: d.received,
    pending: d.pending,
    inProgress: d.inProgress,
    completed: d.completed,
    ...(d.withdrawn ? { withdrawn: d.withdrawn } : {}),
    firstFollowUpBuckets: addHours({}, d.firstFollowUpHours ?? []),
  }));
}

function zeroCounters(agencyId: string, period: string): CounterRecord {
  return { agencyId, period, received: 0, pending: 0, inProgress: 0, completed: 0, firstFollowUpBuckets: {} };
}

function sameCounters(a: CounterRecord | undefined, b: CounterRecord): boolean {
  const x = a ?? zeroCounters(b.agencyId, b.period);
  if (
    x.received !== b.received || x.pending !== b.pending || x.inProgress !== b.inProgress || x.completed !== b.completed ||
    (x.withdrawn ?? 0) !== (b.withdrawn ?? 0)
  ) {
    return false;
  }
  return sameBuckets(x.firstFollowUpBuckets, b.firstFollowUpBuckets);
}
