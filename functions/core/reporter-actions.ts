// What the reporter may do now, listed on the reporter view (CONTRACTS.md): computed from the same
// predicates the commands check, so the web shows exactly what the API would accept.

import { REPORTER_CLOSED } from './attachments';
import { escalationEligibility, hasRoomForResponse, mayRate, mayReopen } from './lifecycle';
import type { ComplaintRecord } from './model';
import type { RegionSettings } from './settings';

export const REPORTER_ACTIONS = ['RESPOND', 'RATE', 'REOPEN', 'ESCALATE', 'ADD_EVIDENCE'] as const;
export type ReporterAction = (typeof REPORTER_ACTIONS)[number];

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
