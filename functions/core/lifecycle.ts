// The complaint and disposition state machines (DESIGN.md §2). Every command takes the stored
// record and returns the ChangeSet to commit; an illegal transition is an INVALID_TRANSITION error.

import type { WorkingDayCalendar } from './calendar';
import { type DomainError, conflict, invalidTransition, notFound, validationError } from './errors';
import type {
  Actor,
  Agency,
  ChangeSet,
  Channel,
  Classification,
  Complaint,
  ComplaintRecord,
  ComplaintStatus,
  CounterDelta,
  Disposition,
  DispositionStatus,
  Escalation,
  Location,
  Notification,
  NotificationKind,
  Reporter,
  TimelineEntry,
  TimelineType,
  VerificationAction,
} from './model';
import { periodsOf } from './periods';
import { categoryIdOf, type RegionSettings } from './settings';

export interface CommandContext {
  now: Date;
  calendar: WorkingDayCalendar;
  settings: RegionSettings;
}

/** Still waiting for the coordinator's verification after its deadline (3 working days). */
export function isVerificationOverdue(c: Pick<Complaint, 'status' | 'verificationDeadline'>, now: Date): boolean {
  return c.status === 'SUBMITTED' && now.getTime() > Date.parse(c.verificationDeadline);
}

/** Complaint states from which each command may start. */
export const VERIFIABLE: readonly ComplaintStatus[] = ['SUBMITTED', 'ON_HOLD', 'RETURNED'];
export const DISPOSITIONABLE: readonly ComplaintStatus[] = ['DISPOSITIONED', 'IN_PROGRESS', 'RETURNED'];
export const FOLLOW_UP_ALLOWED: readonly ComplaintStatus[] = ['DISPOSITIONED', 'IN_PROGRESS', 'ESCALATED'];
/** States in which the 60-day escalation clock runs. */
export const OPEN_STATUSES: readonly ComplaintStatus[] = ['SUBMITTED', 'ON_HOLD', 'DISPOSITIONED', 'IN_PROGRESS', 'RETURNED'];

/**
 * The complaint moves the commands make, and no others: every change is checked against it when
 * it is built (startChange), and a test explores every command from every state to show that
 * each move listed here is made by some command (test/unit/core/lifecycle.test.ts).
 */
export const COMPLAINT_TRANSITIONS: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> = {
  SUBMITTED: ['DISPOSITIONED', 'ON_HOLD', 'ARCHIVED', 'NOT_AUTHORITY', 'ESCALATED'],
  ON_HOLD: ['DISPOSITIONED', 'ARCHIVED', 'NOT_AUTHORITY', 'ESCALATED'],
  // RETURNED: every disposition returned or withdrawn. COMPLETED: one final follow-up did it all.
  DISPOSITIONED: ['IN_PROGRESS', 'COMPLETED', 'RETURNED', 'ESCALATED'],
  // COMPLETED also when the last pending disposition is returned while the others are done.
  IN_PROGRESS: ['COMPLETED', 'ESCALATED'],
  // Re-dispositioned (back to ESCALATED if it had been forwarded), held, closed, or forwarded.
  RETURNED: ['DISPOSITIONED', 'ON_HOLD', 'ARCHIVED', 'NOT_AUTHORITY', 'ESCALATED'],
  // Reopened by the reporter.
  COMPLETED: ['IN_PROGRESS'],
  ARCHIVED: [],
  NOT_AUTHORITY: [],
  // Every agency returned or withdrawn: back to the coordinator's queue.
  ESCALATED: ['RETURNED'],
};

/** The disposition moves the commands make, checked like COMPLAINT_TRANSITIONS. */
export const DISPOSITION_TRANSITIONS: Readonly<Record<DispositionStatus, readonly DispositionStatus[]>> = {
  PENDING: ['IN_PROGRESS', 'COMPLETED', 'RETURNED'],
  IN_PROGRESS: ['COMPLETED'],
  COMPLETED: ['IN_PROGRESS'],
  // A returned disposition is reactivated when the admin dispositions to the same agency again.
  RETURNED: ['PENDING'],
};

export interface NewComplaint {
  classification: Classification;
  title: string;
  description: string;
  category?: string;
  location?: Location;
  incidentDate?: string;
  anonymous?: boolean;
  confidential?: boolean;
  reporter?: Reporter;
  /** Email the reporter about their report (default true; needs reporter.email). */
  emailUpdates?: boolean;
  /** Set when the coordinator keys in a complaint received elsewhere; default WEB. */
  channel?: Channel;
}

export function submitComplaint(
  input: NewComplaint,
  identity: { trackingId: string; accessTokenHash: string },
  ctx: CommandContext,
  /** The coordinator who keyed it in (a complaint received by phone, in person, by letter…). */
  keyedInBy?: Actor,
): ChangeSet {
  const at = ctx.now.toISOString();
  const category = input.category === undefined ? undefined : regionCategory(input.category, ctx);
  const complaint: Complaint = {
    trackingId: identity.trackingId,
    accessTokenHash: identity.accessTokenHash,
    classification: input.classification,
    title: input.title,
    description: input.description,
    ...(category !== undefined && { category }),
    ...(input.location !== undefined && { location: normalisedLocation(input.location) }),
    ...(input.incidentDate !== undefined && { incidentDate: input.incidentDate }),
    anonymous: input.anonymous ?? false,
    confidential: input.confidential ?? false,
    ...(input.reporter !== undefined && { reporter: input.reporter }),
    emailUpdates: input.emailUpdates ?? true,
    ...(input.channel !== undefined && input.channel !== 'WEB' && { channel: input.channel }),
    status: 'SUBMITTED',
    submittedAt: at,
    verificationDeadline: ctx.calendar
      .deadlineAfterWorkingDays(ctx.now, ctx.settings.verificationWorkingDays)
      .toISOString(),
    version: 1,
  };
  complaint.escalationDueAt = escalationDueAt(complaint, ctx.settings);
  return {
    complaint,
    dispositions: [],
    timeline: [
      timelineEntry(complaint, 0, at, 'SUBMITTED', keyedInBy ?? { role: 'reporter' }, {
        toStatus: 'SUBMITTED',
        ...(complaint.channel && { details: { channel: complaint.channel } }),
      }),
    ],
    counters: [],
    notifications: [],
  };
}

export interface VerifyCommand {
  action: VerificationAction;
  /** Resolved, active agencies (DISPOSITION only). */
  agencies?: Agency[];
  reason?: string;
  anonymous?: boolean;
  confidential?: boolean;
}

export function verifyComplaint(record: ComplaintRecord, command: VerifyCommand, actor: Actor, ctx: CommandContext): ChangeSet {
  const { complaint } = record;
  if (!VERIFIABLE.includes(complaint.status)) {
    throw invalidTransition(
      `A complaint in status ${complaint.status} cannot be verified; only ${VERIFIABLE.join(', ')} complaints can`,
      { status: complaint.status },
    );
  }
  if (command.action === 'HOLD' && complaint.status === 'ON_HOLD') {
    throw invalidTransition('The complaint is already on hold', { status: complaint.status });
  }
  const reason = command.reason?.trim();
  if ((command.action === 'ARCHIVE' || command.action === 'NOT_AUTHORITY') && !reason) {
    throw validationError([{ field: 'reason', message: `A reason is required for ${command.action}` }]);
  }

  // The reporter's choice is the floor: the coordinator may make a report more private, never less.
  const lowered = (['anonymous', 'confidential'] as const).filter((field) => command[field] === false && complaint[field]);
  if (lowered.length > 0) {
    throw validationError(lowered.map((field) => ({ field, message: `cannot be turned off: a report is never made less private than it is` })));
  }
  const change = startChange(record, ctx);
  const next = change.complaint;
  if (command.anonymous) next.anonymous = true;
  if (command.confidential) next.confidential = true;
  next.verifiedAt ??= change.at;

  if (command.action === 'DISPOSITION') {
    const agencies = command.agencies ?? [];
    if (agencies.length === 0) {
      throw validationError([{ field: 'agencyIds', message: 'At least one agency is required for DISPOSITION' }]);
    }
    delete next.statusReason;
    change.log('VERIFIED', actor, { details: { action: command.action, ...privacyDetails(command) } });
    change.notify('COMPLAINT_VERIFIED', { type: 'reporter' });
    for (const agency of agencies) dispositionTo(change, agency, undefined, actor);
    next.status = statusWithDispositions(next, change.dispositionList());
  } else {
    const status: ComplaintStatus =
      command.action === 'HOLD' ? 'ON_HOLD' : command.action === 'ARCHIVE' ? 'ARCHIVED' : 'NOT_AUTHORITY';
    next.status = status;
    if (reason) next.statusReason = reason;
    else delete next.statusReason;
    change.log('VERIFIED', actor, {
      ...(reason && { message: reason }),
      details: { action: command.action, ...privacyDetails(command) },
    });
    change.notify('COMPLAINT_VERIFIED', { type: 'reporter' });
  }
  return change.build(complaint.status);
}

/** What the coordinator may correct while verifying (each recorded with its old value). */
export interface CorrectionCommand {
  title?: string;
  category?: string;
  classification?: Classification;
}

export const CORRECTABLE_FIELDS = ['title', 'category', 'classification'] as const;

/** Why a complaint cannot be corrected now; undefined when it can (the views' CORRECT action). */
export function correctionRefusal(complaint: Complaint): DomainError | undefined {
  // Only while verification is open: afterwards agencies hold copies (dispositions carry the title
  // and classification) and the reporter and the public have seen it.
  if (complaint.status === 'SUBMITTED' || complaint.status === 'ON_HOLD') return undefined;
  return invalidTransition(`A complaint in status ${complaint.status} cannot be corrected; only SUBMITTED and ON_HOLD complaints can`, {
    status: complaint.status,
  });
}

/** A category id or label as the region's category id; refused with the list when unknown. */
function regionCategory(value: string, ctx: CommandContext): string {
  const id = categoryIdOf(ctx.settings.categories, value);
  if (id === undefined) {
    throw validationError([
      { field: 'category', message: `must be one of the region's categories: ${ctx.settings.categories.map((c) => c.id).join(', ')}` },
    ]);
  }
  return id;
}

export function correctComplaint(record: ComplaintRecord, command: CorrectionCommand, actor: Actor, ctx: CommandContext): ChangeSet {
  const refusal = correctionRefusal(record.complaint);
  if (refusal) throw refusal;
  const change = startChange(record, ctx);
  const next = change.complaint;
  for (const field of CORRECTABLE_FIELDS) {
    const to = field === 'category' && command.category !== undefined ? regionCategory(command.category, ctx) : command[field];
    const from = record.complaint[field];
    if (to === undefined || to === from) continue;
    (next as unknown as Record<string, unknown>)[field] = to;
    change.log('CORRECTED', actor, { details: { field, from: from ?? '', to } });
  }
  if (CORRECTABLE_FIELDS.every((f) => next[f] === record.complaint[f])) {
    throw validationError([{ field: 'body', message: 'Nothing to correct: give title, category or classification with a new value' }]);
  }
  return change.build(record.complaint.status);
}

export function addDisposition(
  record: ComplaintRecord,
  command: { agency: Agency; note?: string },
  actor: Actor,
  ctx: CommandContext,
): ChangeSet {
  const { complaint } = record;
  if (!DISPOSITIONABLE.includes(complaint.status)) {
    throw invalidTransition(
      `A complaint in status ${complaint.status} cannot be dispositioned; verify it first, or it is closed`,
      { status: complaint.status },
    );
  }
  const existing = record.dispositions.find((d) => d.agencyId === command.agency.agencyId);
  if (existing && existing.status !== 'RETURNED') {
    throw conflict(`The complaint is already dispositioned to ${command.agency.agencyId}`, {
      agencyId: command.agency.agencyId,
      dispositionStatus: existing.status,
    });
  }
  const change = startChange(record, ctx);
  dispositionTo(change, command.agency, command.note, actor);
  change.complaint.status = statusWithDispositions(change.complaint, change.dispositionList());
  return change.build(complaint.status);
}

export function postFollowUp(
  record: ComplaintRecord,
  agencyId: string,
  command: { message: string; final?: boolean },
  actor: Actor,
  ctx: CommandContext,
): ChangeSet {
  const { complaint } = record;
  const disposition = activeDisposition(record, agencyId);
  const refusal = followUpRefusal(complaint, disposition);
  if (refusal) throw refusal;
  const change = startChange(record, ctx);
  const next: Disposition = { ...disposition, version: disposition.version + 1, lastFollowUpAt: change.at };
  next.firstFollowUpAt ??= change.at;
  next.status = command.final ? 'COMPLETED' : 'IN_PROGRESS';
  if (command.final) next.completedAt = change.at;
  change.setDisposition(next);

  const c = change.complaint;
  c.firstFollowUpAt ??= change.at;
  c.lastFollowUpAt = change.at;
  delete c.escalationEligibleAt;
  change.log('FOLLOWED_UP', actor, { agencyId, message: command.message, details: { final: Boolean(command.final) } });
  change.notify('FOLLOW_UP_POSTED', { type: 'reporter' });
  if (command.final) change.log('DISPOSITION_COMPLETED', actor, { agencyId });
  if (c.status !== 'ESCALATED') {
    c.status = derivedStatus(change.dispositionList());
    if (c.status === 'COMPLETED') c.completedAt = change.at;
  }
  return change.build(complaint.status);
}

/**
 * Why an agency may not return this disposition now (undefined: it may). Only before its
 * follow-up deadline: after it, a return would take an overdue report out of the agency's %TL
 * denominator, so only the coordinator can withdraw it (withdrawalRefusal).
 */
export function returnRefusal(d: Disposition, now: Date): DomainError | undefined {
  if (d.status !== 'PENDING') {
    return invalidTransition('Only a disposition without follow-up can be returned; this one has already been followed up', {
      dispositionStatus: d.status,
    });
  }
  if (now.getTime() > Date.parse(d.deadline)) {
    return invalidTransition('The follow-up deadline has passed: only the coordinator can withdraw this disposition now', {
      deadline: d.deadline,
    });
  }
  return undefined;
}

/** Why the coordinator may not withdraw this disposition now (undefined: they may): overdue, without follow-up. */
export function withdrawalRefusal(d: Disposition, now: Date): DomainError | undefined {
  if (d.status !== 'PENDING') {
    return invalidTransition('Only a disposition without follow-up can be withdrawn', { dispositionStatus: d.status });
  }
  if (now.getTime() <= Date.parse(d.deadline)) {
    return invalidTransition('The follow-up deadline has not passed: the agency may still return it itself', { deadline: d.deadline });
  }
  return undefined;
}

/** Why the agency may not post a follow-up on this disposition now (undefined: it may). */
export function followUpRefusal(complaint: Complaint, d: Disposition): DomainError | undefined {
  if (!FOLLOW_UP_ALLOWED.includes(complaint.status)) {
    return invalidTransition(`A complaint in status ${complaint.status} does not take follow-ups`, { status: complaint.status });
  }
  if (d.status === 'COMPLETED') return invalidTransition('This disposition is already completed', { dispositionStatus: d.status });
  if (d.status === 'RETURNED') return notFound('Disposition');
  return undefined;
}

export function returnDisposition(
  record: ComplaintRecord,
  agencyId: string,
  command: { reason: string },
  actor: Actor,
  ctx: CommandContext,
): ChangeSet {
  const disposition = activeDisposition(record, agencyId);
  const refusal = returnRefusal(disposition, ctx.now);
  if (refusal) throw refusal;
  if (!command.reason.trim()) throw validationError([{ field: 'reason', message: 'A reason is required' }]);
  const change = startChange(record, ctx);
  change.setDisposition({
    ...disposition,
    status: 'RETURNED',
    returnedAt: change.at,
    returnReason: command.reason.trim(),
    version: disposition.version + 1,
  });
  change.log('DISPOSITION_RETURNED', actor, { agencyId, message: command.reason.trim() });
  settleAfterRemoval(change);
  return change.build(record.complaint.status);
}

/**
 * The coordinator takes back an overdue disposition that is not the agency's to answer. It
 * leaves %TL like a return does, but stays visible: on the timeline, on the disposition
 * (withdrawnAt, withdrawReason) and in the reports' `withdrawn` count.
 */
export function withdrawDisposition(
  record: ComplaintRecord,
  agencyId: string,
  command: { reason: string },
  actor: Actor,
  ctx: CommandContext,
): ChangeSet {
  const disposition = activeDisposition(record, agencyId);
  const refusal = withdrawalRefusal(disposition, ctx.now);
  if (refusal) throw refusal;
  const reason = command.reason.trim();
  if (!reason) throw validationError([{ field: 'reason', message: 'A reason is required' }]);
  const change = startChange(record, ctx);
  change.setDisposition({
    ...disposition,
    status: 'RETURNED',
    returnedAt: change.at,
    withdrawnAt: change.at,
    withdrawReason: reason,
    version: disposition.version + 1,
  });
  change.log('DISPOSITION_WITHDRAWN', actor, { agencyId, message: reason });
  settleAfterRemoval(change);
  return change.build(record.complaint.status);
}

/**
 * After a disposition leaves: a complaint with no active disposition goes back to the
 * coordinator's queue (RETURNED), escalated or not, so someone can re-disposition it.
 */
function settleAfterRemoval(change: Change) {
  const c = change.complaint;
  const status = derivedStatus(change.dispositionList());
  if (status === 'RETURNED' || c.status !== 'ESCALATED') {
    c.status = status;
    if (status === 'COMPLETED') c.completedAt = change.at;
  }
}

/** Every read loads the whole timeline: one reporter must not be able to grow it without bound. */
export const MAX_REPORTER_RESPONSES = 50;

// The predicates below decide the reporter's commands and, through reporter-actions.ts, what the
// reporter view offers: one rule, so the web never shows a button the command would refuse.
export const hasRoomForResponse = (record: ComplaintRecord) =>
  record.timeline.filter((e) => e.type === 'REPORTER_RESPONDED').length < MAX_REPORTER_RESPONSES;
export const mayRate = (complaint: Complaint) => complaint.status === 'COMPLETED';
export const reopenWindowEnds = (complaint: Complaint, settings: RegionSettings) =>
  addDays(new Date(complaint.completedAt ?? complaint.submittedAt), settings.reopenWindowDays);
export const mayReopen = (complaint: Complaint, now: Date, settings: RegionSettings) =>
  complaint.status === 'COMPLETED' && !complaint.closedAt && now.getTime() <= reopenWindowEnds(complaint, settings).getTime();

export function respondAsReporter(
  record: ComplaintRecord,
  command: { message: string; rating?: number; reopen?: boolean },
  ctx: CommandContext,
): ChangeSet {
  const { complaint } = record;
  if (!hasRoomForResponse(record)) {
    throw conflict(`A complaint takes at most ${MAX_REPORTER_RESPONSES} responses from its reporter`);
  }
  if (command.rating !== undefined && command.reopen) {
    throw validationError([{ field: 'reopen', message: 'A response cannot both rate and reopen the complaint' }]);
  }
  if (command.rating !== undefined && !mayRate(complaint)) {
    throw invalidTransition('A rating can only be given once the complaint is completed', { status: complaint.status });
  }
  const change = startChange(record, ctx);
  const actor: Actor = { role: 'reporter' };
  if (command.rating !== undefined) change.complaint.rating = command.rating;
  change.log('REPORTER_RESPONDED', actor, {
    message: command.message,
    ...(command.rating !== undefined && { details: { rating: command.rating } }),
  });
  if (command.reopen) {
    if (complaint.status !== 'COMPLETED') {
      throw invalidTransition('Only a completed complaint can be reopened', { status: complaint.status });
    }
    if (complaint.closedAt) {
      throw invalidTransition('The complaint was closed after its reporter did not reply in time; file a new report instead', {
        closedAt: complaint.closedAt,
      });
    }
    const windowEnds = reopenWindowEnds(complaint, ctx.settings);
    if (!mayReopen(complaint, ctx.now, ctx.settings)) {
      throw invalidTransition(
        `The reopen window of ${ctx.settings.reopenWindowDays} days after completion has passed`,
        { completedAt: complaint.completedAt, windowEndedAt: windowEnds.toISOString() },
      );
    }
    for (const d of change.dispositionList()) {
      if (d.status !== 'COMPLETED') continue;
      const reopened: Disposition = { ...d, status: 'IN_PROGRESS', version: d.version + 1 };
      delete reopened.completedAt;
      change.setDisposition(reopened);
      change.notify('DISPOSITION_REOPENED', { type: 'agency', agencyId: d.agencyId });
    }
    delete change.complaint.completedAt;
    change.complaint.status = derivedStatus(change.dispositionList());
    change.log('REOPENED', actor, {});
    change.notify('COMPLAINT_REOPENED', { type: 'reporter' });
  }
  return change.build(complaint.status);
}

/**
 * The one 60-day clock (README, "The 60-day clock"): a report may go to the Ombudsman once
 * `escalationDays` calendar days have passed since the latest of its submission, its first
 * disposition and its last follow-up by any agency. The first disposition restarts it so an agency
 * is never charged for days the report spent with the coordinator (a report the coordinator sits
 * on is escalation-eligible from its submission, and late verifications are counted on their own).
 * The escalation route, the daily job, the reports and the warnings all read this one function.
 */
export function escalationDueAt(
  c: Pick<Complaint, 'submittedAt' | 'firstDispositionedAt' | 'lastFollowUpAt'>,
  settings: Pick<RegionSettings, 'escalationDays'>,
): string {
  const start = Math.max(...[c.submittedAt, c.firstDispositionedAt, c.lastFollowUpAt].filter((t): t is string => t !== undefined).map(Date.parse));
  return addDays(new Date(start), settings.escalationDays).toISOString();
}

/** Why a complaint may or may not be forwarded to the Ombudsman at `now`. */
export function escalationEligibility(
  complaint: Complaint,
  now: Date,
  settings: RegionSettings,
): { eligible: true; since: string } | { eligible: false; reason: string } {
  if (!OPEN_STATUSES.includes(complaint.status)) {
    return { eligible: false, reason: `A complaint in status ${complaint.status} cannot be escalated` };
  }
  if (complaint.escalatedAt) {
    // Back in the coordinator's queue after its agencies were withdrawn: forwarded once is enough.
    return { eligible: false, reason: 'The complaint has already been forwarded to the Ombudsman' };
  }
  const since = escalationDueAt(complaint, settings);
  if (now.getTime() < Date.parse(since)) {
    return {
      eligible: false,
      reason: `Escalation is possible ${settings.escalationDays} days without follow-up, from ${since}`,
    };
  }
  return { eligible: true, since };
}

/** Records that the escalation window has passed (the escalation job; the reporter is told by email). */
export function markEscalationEligible(record: ComplaintRecord, ctx: CommandContext): ChangeSet {
  const verdict = escalationEligibility(record.complaint, ctx.now, ctx.settings);
  if (!verdict.eligible) throw invalidTransition(verdict.reason, { status: record.complaint.status });
  if (record.complaint.escalationEligibleAt) throw conflict('The complaint is already marked escalation-eligible');
  const change = startChange(record, ctx);
  change.complaint.escalationEligibleAt = change.at;
  change.log('ESCALATION_ELIGIBLE', { role: 'system' }, { details: { since: verdict.since } });
  change.notify('ESCALATION_ELIGIBLE', { type: 'reporter' });
  return change.build(record.complaint.status);
}

/**
 * LAPOR!'s auto-close (README, "Auto-close"): a completed report closes once
 * `autoCloseWorkingDays` working days (10) have passed without a word from its reporter. The
 * window opens when the report becomes COMPLETED and starts again on every reporter reply (a
 * message or a rating); a reopen takes the report out of COMPLETED, which stops it, and the next
 * completion opens a new one. The end of the window is kept on the complaint (`autoCloseAt`) so
 * the daily job reads only the reports that are due.
 */
export function autoCloseDueAt(from: Date, ctx: Pick<CommandContext, 'calendar' | 'settings'>): string {
  return ctx.calendar.deadlineAfterWorkingDays(from, ctx.settings.autoCloseWorkingDays).toISOString();
}

/** Why the report cannot be closed at `now` (undefined: it can). */
export function autoCloseRefusal(complaint: Complaint, now: Date): DomainError | undefined {
  if (complaint.closedAt) return conflict('The complaint is already closed');
  if (complaint.status !== 'COMPLETED' || !complaint.autoCloseAt) {
    return invalidTransition(`A complaint in status ${complaint.status} does not close by itself; only a completed one does`, { status: complaint.status });
  }
  if (now.getTime() <= Date.parse(complaint.autoCloseAt)) {
    return invalidTransition(`The reporter may still reply until ${complaint.autoCloseAt}`, { autoCloseAt: complaint.autoCloseAt });
  }
  return undefined;
}

/** The daily job closes a completed report whose reporter stayed silent; the reporter is told by email. */
export function closeComplaint(record: ComplaintRecord, ctx: CommandContext): ChangeSet {
  const refusal = autoCloseRefusal(record.complaint, ctx.now);
  if (refusal) throw refusal;
  const change = startChange(record, ctx);
  change.complaint.closedAt = change.at;
  change.log('CLOSED', { role: 'system' }, {
    details: { reason: 'NO_REPORTER_REPLY', workingDays: ctx.settings.autoCloseWorkingDays, windowEndedAt: record.complaint.autoCloseAt as string },
  });
  change.notify('COMPLAINT_CLOSED', { type: 'reporter' });
  return change.build(record.complaint.status);
}

/**
 * A complaint written before its scheduled instants were kept (escalationDueAt and the due index,
 * autoCloseAt) lacks them; the upgrade backfill gives them to it. A completed one gets a full
 * auto-close window from the backfill, not from its completion: its reporter was never told of one.
 */
export function needsDueDates(c: Complaint): boolean {
  if (OPEN_STATUSES.includes(c.status)) return !c.escalationDueAt && !c.escalationEligibleAt;
  return c.status === 'COMPLETED' && !c.autoCloseAt && !c.closedAt;
}

/** The upgrade backfill's change: nothing but the scheduled instants (startChange computes them), versioned like any change. */
export function refreshDueDates(record: ComplaintRecord, ctx: CommandContext): ChangeSet {
  if (!needsDueDates(record.complaint)) throw conflict('The complaint already has its due dates');
  return startChange(record, ctx).build(record.complaint.status);
}

/** A notification that could not be delivered (rejected or suppressed address) goes on the timeline. */
export function recordNotificationFailure(
  record: ComplaintRecord,
  notification: Notification,
  reason: string,
  ctx: CommandContext,
): ChangeSet {
  const change = startChange(record, ctx);
  change.log('NOTIFICATION_FAILED', { role: 'system' }, {
    ...(notification.recipient.type === 'agency' && { agencyId: notification.recipient.agencyId }),
    details: { kind: notification.kind, recipient: notification.recipient.type, reason: reason.slice(0, 300) },
  });
  return change.build(record.complaint.status);
}

export function escalateComplaint(record: ComplaintRecord, command: { shareContact?: boolean }, ctx: CommandContext): ChangeSet {
  const verdict = escalationEligibility(record.complaint, ctx.now, ctx.settings);
  if (!verdict.eligible) throw invalidTransition(verdict.reason, { status: record.complaint.status });
  const change = startChange(record, ctx);
  const c = change.complaint;
  // Consent is the floor: never the contact details of an anonymous reporter.
  const shareContact = command.shareContact === true && !c.anonymous;
  c.status = 'ESCALATED';
  c.escalatedAt = change.at;
  c.escalation = { status: 'QUEUED', escalatedAt: change.at, shareContact };
  change.log('ESCALATED', { role: 'reporter' }, { details: { shareContact } });
  // Through the outbox like every notification: sent by the mailer, once, and only if this commits.
  change.notify('OMBUDSMAN_FORWARD', { type: 'ombudsman' });
  return change.build(record.complaint.status);
}

/** The mailer's verdict on the Ombudsman forward: what the reporter and the coordinator are shown. */
export function recordEscalationDelivery(
  record: ComplaintRecord,
  outcome: { status: 'SENT' } | { status: 'FAILED'; reason: string },
  ctx: CommandContext,
): ChangeSet {
  const escalation = record.complaint.escalation;
  if (!escalation) throw invalidTransition('The complaint was never forwarded to the Ombudsman', { status: record.complaint.status });
  if (escalation.status === outcome.status) throw conflict(`The forward is already ${outcome.status}`);
  const change = startChange(record, ctx);
  const next: Escalation = { status: outcome.status, escalatedAt: escalation.escalatedAt, shareContact: escalation.shareContact };
  if (outcome.status === 'SENT') {
    next.sentAt = change.at;
    change.log('ESCALATION_SENT', { role: 'system' }, {});
  } else {
    next.reason = outcome.reason.slice(0, 300);
    change.log('NOTIFICATION_FAILED', { role: 'system' }, {
      details: { kind: 'OMBUDSMAN_FORWARD', recipient: 'ombudsman', reason: next.reason },
    });
  }
  change.complaint.escalation = next;
  return change.build(record.complaint.status);
}

/**
 * A checked upload is listed on the complaint: the version moves (optimistic locking against any
 * concurrent change) and the timeline says so. An agency's file carries its agencyId, so other
 * agencies' views leave the entry out. The file name stays out of the timeline (the attachment
 * list shows it to those who may see it).
 */
export function recordAttachmentAdded(
  record: ComplaintRecord,
  attachment: { attachmentId: string; contentType: string; size: number },
  actor: Actor,
  ctx: CommandContext,
): ChangeSet {
  const change = startChange(record, ctx);
  change.log('ATTACHMENT_ADDED', actor, {
    ...(actor.role === 'agency' && { agencyId: actor.agencyId }),
    details: { attachmentId: attachment.attachmentId, contentType: attachment.contentType, size: attachment.size },
  });
  return change.build(record.complaint.status);
}

/** A complaint forwarded to the Ombudsman stays ESCALATED while any agency holds it. */
function statusWithDispositions(c: Complaint, dispositions: readonly Disposition[]): ComplaintStatus {
  const status = derivedStatus(dispositions);
  return c.escalatedAt && status !== 'RETURNED' ? 'ESCALATED' : status;
}

/** The complaint status implied by its dispositions, once it has been dispositioned. */
export function derivedStatus(dispositions: readonly Disposition[]): ComplaintStatus {
  const active = dispositions.filter((d) => d.status !== 'RETURNED');
  if (active.length === 0) return 'RETURNED';
  if (active.every((d) => d.status === 'COMPLETED')) return 'COMPLETED';
  if (active.some((d) => d.status !== 'PENDING')) return 'IN_PROGRESS';
  return 'DISPOSITIONED';
}

/**
 * %TL counters move with a disposition: its old contribution (at its old disposition date) is
 * taken away and its new one added. RETURNED contributes nothing.
 */
export function counterDeltas(
  before: Disposition | undefined,
  after: Disposition,
  timeZone: string,
): CounterDelta[] {
  const deltas: CounterDelta[] = [];
  const add = (d: Disposition, sign: 1 | -1) => {
    const { year, month } = periodsOf(new Date(d.dispositionedAt), timeZone);
    if (d.status === 'RETURNED') {
      // A return leaves no trace in %TL; a withdrawal is counted on its own (never in %TL).
      if (d.withdrawnAt) {
        for (const period of [year, month]) {
          deltas.push({ agencyId: d.agencyId, period, received: 0, pending: 0, inProgress: 0, completed: 0, withdrawn: sign });
        }
      }
      return;
    }
    for (const period of [year, month]) {
      deltas.push({
        agencyId: d.agencyId,
        period,
        received: sign,
        pending: d.status === 'PENDING' ? sign : 0,
        inProgress: d.status === 'IN_PROGRESS' ? sign : 0,
        completed: d.status === 'COMPLETED' ? sign : 0,
      });
    }
  };
  if (before) add(before, -1);
  add(after, 1);
  if (after.status !== 'RETURNED' && after.firstFollowUpAt && !before?.firstFollowUpAt) {
    const hours = hoursBetween(after.dispositionedAt, after.firstFollowUpAt);
    for (const delta of deltas) if (delta.received === 1) delta.firstFollowUpHours = [hours];
  }
  return mergeCounterDeltas(deltas);
}

export function mergeCounterDeltas(deltas: readonly CounterDelta[]): CounterDelta[] {
  const merged = new Map<string, CounterDelta>();
  for (const d of deltas) {
    const key = `${d.agencyId}\u0000${d.period}`;
    const sum = merged.get(key) ?? { agencyId: d.agencyId, period: d.period, received: 0, pending: 0, inProgress: 0, completed: 0 };
    sum.received += d.received;
    sum.pending += d.pending;
    sum.inProgress += d.inProgress;
    sum.completed += d.completed;
    if (d.withdrawn) sum.withdrawn = (sum.withdrawn ?? 0) + d.withdrawn;
    if (d.firstFollowUpHours?.length) sum.firstFollowUpHours = [...(sum.firstFollowUpHours ?? []), ...d.firstFollowUpHours];
    merged.set(key, sum);
  }
  return [...merged.values()].filter(
    (d) => d.received || d.pending || d.inProgress || d.completed || d.withdrawn || d.firstFollowUpHours?.length,
  );
}

/** Hours between two instants, to two decimals: the unit of "median time to first follow-up". */
export function hoursBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 36_000) / 100;
}

function activeDisposition(record: ComplaintRecord, agencyId: string): Disposition {
  const disposition = record.dispositions.find((d) => d.agencyId === agencyId);
  // A returned disposition is no longer the agency's to act on; to the agency it is gone.
  if (!disposition || disposition.status === 'RETURNED') throw notFound('Disposition');
  return disposition;
}

function dispositionTo(change: Change, agency: Agency, note: string | undefined, actor: Actor) {
  const previous = change.disposition(agency.agencyId);
  if (previous && previous.status !== 'RETURNED') {
    throw conflict(`The complaint is already dispositioned to ${agency.agencyId}`, { agencyId: agency.agencyId });
  }
  const c = change.complaint;
  const next: Disposition = {
    trackingId: c.trackingId,
    agencyId: agency.agencyId,
    agencyName: agency.name,
    status: 'PENDING',
    ...(note !== undefined && { note }),
    dispositionedAt: change.at,
    deadline: change.ctx.calendar.deadlineAfterWorkingDays(change.ctx.now, change.ctx.settings.followUpWorkingDays).toISOString(),
    complaintTitle: c.title,
    classification: c.classification,
    submittedAt: c.submittedAt,
    version: (previous?.version ?? 0) + 1,
  };
  change.setDisposition(next);
  c.firstDispositionedAt ??= change.at;
  change.notify('NEW_DISPOSITION', { type: 'agency', agencyId: agency.agencyId });
  change.log('DISPOSITIONED', actor, {
    agencyId: agency.agencyId,
    ...(note !== undefined && { message: note }),
    details: { agencyName: agency.name, deadline: next.deadline, ...(previous && { reactivated: true }) },
  });
}

function privacyDetails(command: VerifyCommand): Record<string, boolean> {
  return {
    ...(command.anonymous !== undefined && { anonymous: command.anonymous }),
    ...(command.confidential !== undefined && { confidential: command.confidential }),
  };
}

interface Change {
  readonly ctx: CommandContext;
  readonly at: string;
  readonly complaint: Complaint;
  disposition(agencyId: string): Disposition | undefined;
  dispositionList(): Disposition[];
  setDisposition(d: Disposition): void;
  log(type: TimelineType, actor: Actor, extra: Partial<Pick<TimelineEntry, 'agencyId' | 'message' | 'details'>>): void;
  notify(kind: NotificationKind, recipient: Notification['recipient']): void;
  build(fromStatus: ComplaintStatus): ChangeSet;
}

/** Accumulates one command's effects on a copy of the record, then turns them into a ChangeSet. */
function startChange(record: ComplaintRecord, ctx: CommandContext): Change {
  const at = ctx.now.toISOString();
  const complaint: Complaint = { ...record.complaint, version: record.complaint.version + 1 };
  const current = new Map(record.dispositions.map((d) => [d.agencyId, d]));
  const original = new Map(record.dispositions.map((d) => [d.agencyId, d]));
  const changed = new Set<string>();
  const entries: Array<{ type: TimelineType; actor: Actor; extra: Partial<TimelineEntry> }> = [];
  const intents: Array<{ kind: NotificationKind; recipient: Notification['recipient'] }> = [];
  return {
    ctx,
    at,
    complaint,
    disposition: (agencyId) => current.get(agencyId),
    dispositionList: () => [...current.values()],
    setDisposition(d) {
      current.set(d.agencyId, d);
      changed.add(d.agencyId);
    },
    log(type, actor, extra) {
      entries.push({ type, actor, extra });
    },
    notify(kind, recipient) {
      intents.push({ kind, recipient });
    },
    build(fromStatus) {
      // The clock is copied onto the complaint (the job's index) and its open dispositions (the
      // reports and warnings read those), so every reader judges by the same instant.
      complaint.escalationDueAt = escalationDueAt(complaint, ctx.settings);
      // The auto-close window (autoCloseDueAt): opens on completion, starts again on a reporter's
      // reply; a complaint completed before auto-close existed gets one on its next change.
      if (complaint.status !== 'COMPLETED' || complaint.closedAt) delete complaint.autoCloseAt;
      else if (fromStatus !== 'COMPLETED' || !complaint.autoCloseAt || entries.some((e) => e.type === 'REPORTER_RESPONDED')) {
        complaint.autoCloseAt = autoCloseDueAt(ctx.now, ctx);
      }
      for (const d of current.values()) {
        if ((d.status === 'PENDING' || d.status === 'IN_PROGRESS') && d.escalationDueAt !== complaint.escalationDueAt) {
          const base = changed.has(d.agencyId) ? d : { ...d, version: d.version + 1 };
          current.set(d.agencyId, { ...base, escalationDueAt: complaint.escalationDueAt });
          changed.add(d.agencyId);
        }
      }
      const dispositions = [...changed].map((id) => current.get(id) as Disposition);
      assertTransitions(fromStatus, complaint.status, dispositions.map((d) => [original.get(d.agencyId)?.status, d.status]));
      if (changed.size > 0) {
        complaint.agencyIds = [...current.values()]
          .filter((d) => d.status !== 'RETURNED')
          .map((d) => d.agencyId)
          .sort();
      }
      const counters = mergeCounterDeltas(
        dispositions.flatMap((d) => counterDeltas(original.get(d.agencyId), d, ctx.settings.timeZone)),
      );
      if (fromStatus !== complaint.status) {
        const last = entries[entries.length - 1];
        if (last) Object.assign(last.extra, { fromStatus, toStatus: complaint.status });
        else entries.push({ type: 'STATUS_CHANGED', actor: { role: 'system' }, extra: { fromStatus, toStatus: complaint.status } });
      }
      const timeline = entries.map((e, index) =>
        timelineEntry(complaint, index, at, e.type, e.actor, e.extra),
      );
      if (complaint.status === 'COMPLETED' && fromStatus !== 'COMPLETED') {
        // The completion email carries the final follow-up; one email, not two.
        const followUp = intents.findIndex((i) => i.kind === 'FOLLOW_UP_POSTED');
        if (followUp >= 0) intents.splice(followUp, 1);
        intents.push({ kind: 'COMPLAINT_COMPLETED', recipient: { type: 'reporter' } });
      }
      const reporterReachable = Boolean(complaint.reporter?.email) && complaint.emailUpdates !== false;
      const notifications = intents
        .filter((i) => i.recipient.type !== 'reporter' || reporterReachable)
        .map((i, index) => ({
          trackingId: complaint.trackingId,
          seq: `${String(complaint.version).padStart(6, '0')}.${String(index).padStart(2, '0')}`,
          kind: i.kind,
          recipient: i.recipient,
          createdAt: at,
        }));
      return { complaint, dispositions, timeline, counters, notifications };
    },
  };
}

/** A move the tables do not list is a bug in a command, never the caller's fault: it fails loudly. */
function assertTransitions(
  from: ComplaintStatus,
  to: ComplaintStatus,
  dispositions: ReadonlyArray<[DispositionStatus | undefined, DispositionStatus]>,
): void {
  if (from !== to && !COMPLAINT_TRANSITIONS[from].includes(to)) {
    throw new Error(`Complaint move ${from} → ${to} is not in COMPLAINT_TRANSITIONS`);
  }
  for (const [before, after] of dispositions) {
    // A new disposition starts PENDING; an unchanged status is not a move.
    const legal = before === undefined ? after === 'PENDING' : before === after || DISPOSITION_TRANSITIONS[before].includes(after);
    if (!legal) throw new Error(`Disposition move ${before ?? '(new)'} → ${after} is not in DISPOSITION_TRANSITIONS`);
  }
}

function timelineEntry(
  complaint: Complaint,
  index: number,
  at: string,
  type: TimelineType,
  actor: Actor,
  extra: Partial<TimelineEntry>,
): TimelineEntry {
  return {
    trackingId: complaint.trackingId,
    seq: `${String(complaint.version).padStart(6, '0')}.${String(index).padStart(2, '0')}`,
    at,
    type,
    actor,
    ...extra,
  };
}

/**
 * Coordinates are kept to 7 decimals (about 1 cm): finer digits mean nothing on a map, and
 * subnormal values such as 1e-323 would not fit a DynamoDB number.
 */
function normalisedLocation(location: Location): Location {
  const round = (value: number) => Math.round(value * 1e7) / 1e7 + 0;
  return {
    ...location,
    ...(location.lat !== undefined && { lat: round(location.lat) }),
    ...(location.lon !== undefined && { lon: round(location.lon) }),
  };
}

function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * 86_400_000);
}
