// The reporter view's actions come from the commands' own predicates: at every step of a
// complaint's life, an action is listed exactly when its command would be accepted.

import { createCalendar } from '../../../functions/core/calendar';
import {
  escalateComplaint,
  postFollowUp,
  respondAsReporter,
  submitComplaint,
  verifyComplaint,
  type CommandContext,
} from '../../../functions/core/lifecycle';
import type { ComplaintRecord } from '../../../functions/core/model';
import { reporterActions, type ReporterAction } from '../../../functions/core/actions';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import { toReporterView } from '../../../functions/core/views';
import { agency, applyChangeSet } from '../../support/fakes';

const settings = DEFAULT_SETTINGS;
const calendar = createCalendar({ timeZone: settings.timeZone });
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T02:00:00Z');
const ctxAt = (t: number): CommandContext => ({ now: new Date(t), calendar, settings });
const officer = { role: 'agency' as const, userId: 'u-1', agencyId: 'dpupr' };

const accepted: Record<Exclude<ReporterAction, 'ADD_EVIDENCE'>, (r: ComplaintRecord, t: number) => unknown> = {
  RESPOND: (r, t) => respondAsReporter(r, { message: 'Tanggapan' }, ctxAt(t)),
  RATE: (r, t) => respondAsReporter(r, { message: 'Nilai', rating: 5 }, ctxAt(t)),
  REOPEN: (r, t) => respondAsReporter(r, { message: 'Belum tuntas', reopen: true }, ctxAt(t)),
  ESCALATE: (r, t) => escalateComplaint(r, {}, ctxAt(t)),
};

/** Each command-backed action is listed iff its command goes through at that moment. */
function expectListedIffAccepted(record: ComplaintRecord, t: number): ReporterAction[] {
  const actions = reporterActions(record, new Date(t), settings);
  for (const [action, run] of Object.entries(accepted)) {
    let ok = true;
    try {
      run(record, t);
    } catch {
      ok = false;
    }
    expect([action, actions.includes(action as ReporterAction)]).toEqual([action, ok]);
  }
  return actions;
}

test('listed exactly when the command accepts: new, escalation-eligible, completed, after the reopen window', () => {
  let record = applyChangeSet(undefined, submitComplaint({ classification: 'PENGADUAN', title: 'Jalan rusak', description: 'Lubang besar di jalan desa.' }, { trackingId: 'TNT-AAAAAAAAAA', accessTokenHash: 'h' }, ctxAt(T0)));
  expect(expectListedIffAccepted(record, T0 + DAY)).toEqual(['RESPOND', 'ADD_EVIDENCE']);
  expect(expectListedIffAccepted(record, T0 + 61 * DAY)).toEqual(['RESPOND', 'ESCALATE', 'ADD_EVIDENCE']);

  record = applyChangeSet(record, verifyComplaint(record, { action: 'DISPOSITION', agencies: [agency('dpupr')] }, { role: 'admin', userId: 'a' }, ctxAt(T0 + DAY)));
  record = applyChangeSet(record, postFollowUp(record, 'dpupr', { message: 'Selesai diperbaiki', final: true }, officer, ctxAt(T0 + 2 * DAY)));
  expect(record.complaint.status).toBe('COMPLETED');
  expect(expectListedIffAccepted(record, T0 + 3 * DAY)).toEqual(['RESPOND', 'RATE', 'REOPEN']);
  expect(expectListedIffAccepted(record, T0 + (3 + settings.reopenWindowDays) * DAY)).toEqual(['RESPOND', 'RATE']);
  // The view carries them.
  expect(toReporterView(record, [], { now: new Date(T0 + 3 * DAY), settings }).actions).toEqual(['RESPOND', 'RATE', 'REOPEN']);
});

test('a reporter who has used up the responses is offered none of the response actions', () => {
  let record = applyChangeSet(undefined, submitComplaint({ classification: 'ASPIRASI', title: 'Usulan taman', description: 'Mohon taman baca di desa.' }, { trackingId: 'TNT-BBBBBBBBBB', accessTokenHash: 'h' }, ctxAt(T0)));
  for (let i = 0; i < 50; i++) record = applyChangeSet(record, respondAsReporter(record, { message: `Tanggapan ${i}` }, ctxAt(T0 + i * 1000)));
  expect(expectListedIffAccepted(record, T0 + DAY)).toEqual(['ADD_EVIDENCE']);
});
