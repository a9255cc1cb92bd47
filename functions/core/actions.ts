// What each staff caller may do now, for the views (CONTRACTS.md "actions"): computed from the
// same predicates the commands check, so a view never offers what the command would refuse.

import { REPORTER_CLOSED, hasActiveDisposition } from './attachments';
import { DISPOSITIONABLE, VERIFIABLE, correctionRefusal, escalationEligibility, followUpRefusal, hasRoomForResponse, mayRate, mayReopen, returnRefusal, withdrawalRefusal } from './lifecycle';
import type { RegionSettings } from './settings';
import type { ComplaintRecord, Disposition } from './model';

export const ADMIN_ACTIONS = ['DISPOSITION', 'HOLD', 'ARCHIVE', 'NOT_AUTHORITY', 'ADD_DISPOSITION', 'CORRECT'] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];
export const ADMIN_DISPOSITION_ACTIONS = ['WITHDRAW'] as const;
export type AdminDispositionAction = (typeof ADMIN_DISPOSITION_ACTIONS)[number];
export const AGENCY_ACTIONS = ['FOLLOW_UP', 'COMPLETE', 'RETURN', 'ADD_EVIDENCE'] as const;
export type AgencyAction = (typeof AGENCY_ACTIONS)[number];

/** The coordinator's actions on the complaint (verifyComplaint, addDisposition). */
export function adminActions(record: ComplaintRecord): AdminAction[] {
  const { status } = record.complaint;
  const actions: AdminAction[] = [];
  if (VERIFIABLE.includes(status)) {
    actions.push('DISPOSITION');
    // verifyComplaint refuses HOLD on a complaint already on hold.
    if (status !== 'ON_HOLD') actions.push('HOLD');
    actions.push('ARCHIVE', 'NOT_AUTHORITY');
  }
  if (DISPOSITIONABLE.includes(status)) actions.push('ADD_DISPOSITION');
  if (!correctionRefusal(record.complaint)) actions.push('CORRECT');
  return actions;
}

/** The coordinator's actions on one disposition (withdrawDisposition). */
export function adminDispositionActions(d: Disposition, now: Date): AdminDispositionAction[] {
  return withdrawalRefusal(d, now) ? [] : ['WITHDRAW'];
}

/** The agency's actions on its disposition (postFollowUp, returnDisposition, attachments). */
export function agencyActions(record: ComplaintRecord, d: Disposition, now: Date): AgencyAction[] {
  const actions: AgencyAction[] = [];
  if (!followUpRefusal(record.complaint, d)) actions.push('FOLLOW_UP', 'COMPLETE');
  if (!returnRefusal(d, now)) actions.push('RETURN');
  if (hasActiveDisposition(record, d.agencyId)) actions.push('ADD_EVIDENCE');
  return actions;
}

export const REPORTER_ACTIONS = ['RESPOND', 'RATE', 'REOPEN', 'ESCALATE', 'ADD_EVIDENCE'] as const;
export type ReporterAction = (typeof REPORTER_ACTIONS)[number];

/** The reporter's actions (respondAsReporter, escalateComplaint, attachments), for the reporter view. */
export function reporterActions(record: ComplaintRecord, now: Date, settings: RegionSettings): ReporterAction[] {
  const c = record.complaint;
  const actions: ReporterAction[] = [];
  const room = hasRoomForResponse(record);
  if (room) actions.push('RESPOND');
  if (room && mayRate(c)) actions.push('RATE');
  if (room && mayReopen(c, now, settings)) actions.push('REOPEN');
  if (escalationEligibility(c, now, settings).eligible) actions.push('ESCALATE');
  if (!REPORTER_CLOSED.includes(c.status)) actions.push('ADD_EVIDENCE');
  return actions;
}
