// Issue 14: rules that could be gamed, lost or leaked. Each block is one bullet of the issue,
// proven on the pure core with the in-memory fakes of the ports.

import { adminActions, adminDispositionActions, agencyActions } from '../../../functions/core/actions';
import { createCalendar } from '../../../functions/core/calendar';
import { ComplaintService } from '../../../functions/core/complaint-service';
import { agencyCompliance, openDispositionLines } from '../../../functions/core/compliance-report';
import { ComplianceService } from '../../../functions/core/compliance-service';
import { ombudsmanReportEmail } from '../../../functions/core/emails';
import { escalationDueAt, escalationEligibility } from '../../../functions/core/lifecycle';
import type { Actor, ComplaintRecord } from '../../../functions/core/model';
import { NotificationService } from '../../../functions/core/notification-service';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import { toAdminView, toAgencyView, toReporterView } from '../../../functions/core/views';
import type { ComplianceRepository } from '../../../functions/ports/compliance';
import { type EmailLedger, type EmailMessage, type Mailer, PermanentDeliveryError } from '../../../functions/ports/mail';
import { InMemoryAgencyRepository, InMemoryComplaintRepository, SequentialIds, SteppableClock, agency } from '../../support/fakes';

const settings = DEFAULT_SETTINGS;
const calendar = createCalendar({ timeZone: 'Asia/Jakarta' });
const DAY = 86_400_000;
const T0 = '2025-01-06T03:00:00.000Z'; // a Monday, 10:00 WIB
const admin: Actor = { role: 'admin', userId: 'koordinator' };
const officer = (agencyId: string): Actor => ({ role: 'agency', agencyId, userId: `${agencyId}-1` });

class MemoryLedger implements EmailLedger {
  readonly keys = new Map<string, string>();
  async claim(key: string) {
    if (this.keys.has(key)) return false;
    this.keys.set(key, 'claimed');
    return true;
  }
  async markSent(key: string) {
    this.keys.set(key, 'sent');
  }
  async release(key: string) {
    this.keys.delete(key);
  }
  async markFailed(key: string) {
    this.keys.set(key, 'failed');
  }
}

function world(options: { mailer?: Mailer } = {}) {
  const complaints = new InMemoryComplaintRepository();
  const agencies = new InMemoryAgencyRepository([agency('dinkes'), agency('dishub')]);
  const clock = new SteppableClock(T0);
  const sent: EmailMessage[] = [];
  const mailer: Mailer = options.mailer ?? { send: async (m) => (sent.push(m), { messageId: `m-${sent.length}` }) };
  const ledger = new MemoryLedger();
  const ports = { complaints, agencies, clock, ids: new SequentialIds() };
  const service = new ComplaintService(ports, settings, calendar);
  const mailPorts = { ...ports, mailer, ledger, compliance: {} as ComplianceRepository };
  const jobs = new ComplianceService(mailPorts, settings, calendar, { coordinator: [], ombudsman: 'ombudsman@ri.example' });
  const notifications = new NotificationService(mailPorts, settings, calendar, { ombudsman: 'ombudsman@ri.example' });
  return { complaints, clock, service, jobs, notifications, sent, ledger };
}

const INPUT = {
  classification: 'PENGADUAN' as const,
  title: 'Jalan berlubang',
  description: 'Lubang besar di depan pasar.',
  reporter: { name: 'Sri', email: 'sri@warga.example', phone: '+62 812 1111 2222' },
};

async function filed(w: ReturnType<typeof world>, input = INPUT) {
  const { change, accessToken } = await w.service.submit(input);
  return { trackingId: change.complaint.trackingId, accessToken };
}

describe('one 60-day clock: route, daily job, reports and warnings judge a complaint alike', () => {
  /** Everything that judges eligibility, at one instant. */
  async function verdicts(w: ReturnType<typeof world>, trackingId: string, at: Date) {
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    const open = record.dispositions.filter((d) => d.status === 'PENDING' || d.status === 'IN_PROGRESS');
    const report = agencyCompliance({ agency: agency('dinkes'), period: '2025', counts: undefined, firstFollowUpHours: [], open }, at, settings);
    const lines = openDispositionLines(open, at, calendar, settings);
    const route = escalationEligibility(record.complaint, at, settings).eligible;
    const job = (await w.jobs.runEscalation(at)).newlyEligible.includes(trackingId);
    return { route, job, report: report.escalationEligible === 1, warning: lines[0]?.escalationEligible === true };
  }

  it('held 59 days, then dispositioned: not eligible 60 days after submission; eligible 60 days after the disposition', async () => {
    const w = world();
    const { trackingId } = await filed(w);
    await w.service.verify(trackingId, { action: 'HOLD' }, admin);
    w.clock.advanceDays(59);
    await w.service.verify(trackingId, { action: 'DISPOSITION', agencyIds: ['dinkes'] }, admin);
    const day60 = new Date(Date.parse(T0) + 60 * DAY);
    expect(await verdicts(w, trackingId, day60)).toEqual({ route: false, job: false, report: false, warning: false });
    const due = new Date(Date.parse(T0) + (59 + 60) * DAY);
    expect(await verdicts(w, trackingId, new Date(due.getTime() - 1))).toEqual({ route: false, job: false, report: false, warning: false });
    expect(await verdicts(w, trackingId, due)).toEqual({ route: true, job: true, report: true, warning: true });
  });

  it('a report the coordinator never dispositions is eligible 60 days after submission', async () => {
    const w = world();
    const { trackingId } = await filed(w);
    await w.service.verify(trackingId, { action: 'HOLD' }, admin);
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    expect(record.complaint.escalationDueAt).toBe(new Date(Date.parse(T0) + 60 * DAY).toISOString());
    expect(escalationEligibility(record.complaint, new Date(Date.parse(T0) + 60 * DAY), settings).eligible).toBe(true);
  });

  it("another agency's follow-up restarts the clock for the agency that did nothing, too", async () => {
    const w = world();
    const { trackingId } = await filed(w);
    await w.service.verify(trackingId, { action: 'DISPOSITION', agencyIds: ['dinkes', 'dishub'] }, admin);
    w.clock.advanceDays(30);
    await w.service.followUp(trackingId, 'dishub', { message: 'Ditangani' }, officer('dishub'));
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    const dinkes = record.dispositions.find((d) => d.agencyId === 'dinkes')!;
    expect(dinkes.escalationDueAt).toBe(record.complaint.escalationDueAt);
    expect(record.complaint.escalationDueAt).toBe(escalationDueAt(record.complaint, settings));
    expect(record.complaint.escalationDueAt).toBe(new Date(Date.parse(T0) + 90 * DAY).toISOString());
  });

  it('the daily job reads only the complaints that are due, never the history', async () => {
    const w = world();
    for (let i = 0; i < 5; i++) await filed(w);
    w.clock.advanceDays(30);
    const { trackingId } = await filed(w);
    await w.service.verify(trackingId, { action: 'ARCHIVE', reason: 'Duplikat' }, admin);
    const at = new Date(Date.parse(T0) + 61 * DAY);
    w.complaints.escalationDueReads = 0;
    expect((await w.jobs.runEscalation(at)).checked).toBe(5);
    // Marked ones leave the index: the next run reads nothing.
    w.complaints.escalationDueReads = 0;
    expect((await w.jobs.runEscalation(at)).checked).toBe(0);
    expect(w.complaints.escalationDueReads).toBe(0);
  });
});

describe('returns cannot raise %TL', () => {
  async function dispositioned(w: ReturnType<typeof world>, agencyIds = ['dinkes']) {
    const f = await filed(w);
    await w.service.verify(f.trackingId, { action: 'DISPOSITION', agencyIds }, admin);
    return f;
  }

  it('an agency may return only before its follow-up deadline', async () => {
    const w = world();
    const { trackingId } = await dispositioned(w);
    w.clock.advanceDays(10); // 5 working days have passed
    await expect(w.service.returnDisposition(trackingId, 'dinkes', { reason: 'Bukan wewenang' }, officer('dinkes'))).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    expect(toAgencyView(record, 'dinkes', [], w.clock.now())?.actions).toEqual(['FOLLOW_UP', 'COMPLETE', 'ADD_EVIDENCE']);
    expect(w.complaints.counter('dinkes', '2025')).toMatchObject({ received: 1, pending: 1 });
  });

  it('before the deadline the agency sees RETURN and may return; the coordinator may not withdraw yet', async () => {
    const w = world();
    const { trackingId } = await dispositioned(w);
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    expect(toAgencyView(record, 'dinkes', [], w.clock.now())?.actions).toEqual(['FOLLOW_UP', 'COMPLETE', 'RETURN', 'ADD_EVIDENCE']);
    expect(toAdminView(record, [], w.clock.now()).dispositions[0]?.actions).toEqual([]);
    await expect(w.service.withdrawDisposition(trackingId, 'dinkes', { reason: 'Salah' }, admin)).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await w.service.returnDisposition(trackingId, 'dinkes', { reason: 'Bukan wewenang' }, officer('dinkes'));
  });

  it('after it, the coordinator withdraws with a reason: timeline, disposition and the withdrawn count show it', async () => {
    const w = world();
    const { trackingId } = await dispositioned(w);
    w.clock.advanceDays(10);
    const before = (await w.complaints.get(trackingId)) as ComplaintRecord;
    expect(adminDispositionActions(before.dispositions[0]!, w.clock.now())).toEqual(['WITHDRAW']);
    await expect(w.service.withdrawDisposition(trackingId, 'dinkes', { reason: '  ' }, admin)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await w.service.withdrawDisposition(trackingId, 'dinkes', { reason: 'Salah disposisi' }, admin);
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    expect(record.complaint.status).toBe('RETURNED');
    expect(record.dispositions[0]).toMatchObject({ status: 'RETURNED', withdrawReason: 'Salah disposisi', withdrawnAt: w.clock.now().toISOString() });
    expect(record.timeline.at(-1)).toMatchObject({ type: 'DISPOSITION_WITHDRAWN', agencyId: 'dinkes', message: 'Salah disposisi', actor: admin });
    expect(w.complaints.counters().filter((c) => c.agencyId === 'dinkes')).toEqual([
      { agencyId: 'dinkes', period: '2025', received: 0, pending: 0, inProgress: 0, completed: 0, withdrawn: 1 },
      { agencyId: 'dinkes', period: '2025-01', received: 0, pending: 0, inProgress: 0, completed: 0, withdrawn: 1 },
    ]);
    const report = agencyCompliance({ agency: agency('dinkes'), period: '2025', counts: { received: 0, pending: 0, inProgress: 0, completed: 0, withdrawn: 1 }, firstFollowUpHours: [], open: [] }, w.clock.now(), settings);
    expect(report).toMatchObject({ withdrawn: 1, pctTL: null });
    // Back in the queue: the coordinator is offered the re-disposition.
    expect(adminActions(record)).toEqual(['DISPOSITION', 'HOLD', 'ARCHIVE', 'NOT_AUTHORITY', 'ADD_DISPOSITION']);
  });

  it('an escalated complaint left without an active disposition goes back to the queue', async () => {
    const w = world();
    const { trackingId, accessToken } = await dispositioned(w);
    w.clock.advanceDays(61);
    await w.service.escalate(trackingId, accessToken);
    await w.service.withdrawDisposition(trackingId, 'dinkes', { reason: 'Bukan OPD yang tepat' }, admin);
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    expect(record.complaint.status).toBe('RETURNED');
    expect(record.complaint.escalation?.status).toBe('QUEUED');
    await w.service.addDisposition(trackingId, { agencyId: 'dishub' }, admin);
    expect(((await w.complaints.get(trackingId)) as ComplaintRecord).complaint.status).toBe('ESCALATED');
    // Forwarded once is enough.
    await w.service.withdrawDisposition(trackingId, 'dishub', { reason: 'x' }, admin).catch(() => undefined);
    expect(escalationEligibility(record.complaint, new Date(Date.parse(T0) + 400 * DAY), settings).eligible).toBe(false);
  });
});

describe('the Ombudsman forward goes through the outbox and tells the truth', () => {
  async function escalated(w: ReturnType<typeof world>, input = INPUT, shareContact?: boolean) {
    const f = await filed(w, input);
    w.clock.advanceDays(60);
    const change = await w.service.escalate(f.trackingId, f.accessToken, shareContact === undefined ? {} : { shareContact });
    return { ...f, change };
  }

  it('escalating sends nothing itself: it queues one OMBUDSMAN_FORWARD notification, QUEUED in the views', async () => {
    const w = world();
    const { change, trackingId } = await escalated(w);
    expect(w.sent).toHaveLength(0);
    expect(change.notifications).toEqual([expect.objectContaining({ kind: 'OMBUDSMAN_FORWARD', recipient: { type: 'ombudsman' } })]);
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    expect(toReporterView(record, [], { now: w.clock.now(), settings: DEFAULT_SETTINGS }).escalation).toEqual({ status: 'QUEUED', escalatedAt: change.complaint.escalatedAt });
    expect(toAdminView(record).escalation).toEqual({ status: 'QUEUED', escalatedAt: change.complaint.escalatedAt });
  });

  it('the mailer sends it once and records SENT; a replayed batch sends nothing more', async () => {
    const w = world();
    const { change, trackingId } = await escalated(w);
    const notification = change.notifications![0]!;
    expect(await w.notifications.deliver(notification, w.clock.now())).toBe('sent');
    expect(await w.notifications.deliver(notification, w.clock.now())).toBe('already-sent');
    expect(w.sent.map((m) => m.to)).toEqual([['ombudsman@ri.example']]);
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    expect(toReporterView(record, [], { now: w.clock.now(), settings: DEFAULT_SETTINGS }).escalation?.status).toBe('SENT');
    expect(record.timeline.filter((e) => e.type === 'ESCALATION_SENT')).toHaveLength(1);
  });

  it('a permanent refusal is FAILED with its reason, not "sent"', async () => {
    const w = world({ mailer: { send: async () => Promise.reject(new PermanentDeliveryError('MessageRejected')) } });
    const { change, trackingId } = await escalated(w);
    expect(await w.notifications.deliver(change.notifications![0]!, w.clock.now())).toBe('failed');
    const view = toReporterView((await w.complaints.get(trackingId)) as ComplaintRecord, [], { now: w.clock.now(), settings: DEFAULT_SETTINGS });
    expect(view.escalation).toMatchObject({ status: 'FAILED', reason: expect.stringContaining('refused') });
  });

  it('contact details reach the Ombudsman only with consent, never for an anonymous reporter', async () => {
    const render = async (input: typeof INPUT & { anonymous?: boolean }, shareContact?: boolean) => {
      const w = world();
      const { trackingId } = await escalated(w, input, shareContact);
      const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
      return ombudsmanReportEmail({ ctx: { regionName: 'Uji', timeZone: 'Asia/Jakarta', passingGrade: 60, webUrl: 'https://lapor.example' }, to: 'o@ri.example', record, escalationDays: 60 }).text;
    };
    const without = await render(INPUT);
    expect(without).not.toContain('sri@warga.example');
    expect(without).not.toContain('1111');
    const consented = await render(INPUT, true);
    expect(consented).toContain('sri@warga.example');
    expect(consented).toContain('+62 812 1111 2222');
    const anonymous = await render({ ...INPUT, anonymous: true }, true);
    expect(anonymous).not.toContain('sri@warga.example');
    expect(anonymous).not.toContain('Sri');
  });
});
