// Issue 14: rules that could be gamed, lost or leaked. Each block is one bullet of the issue,
// proven on the pure core with the in-memory fakes of the ports.

import { adminActions, adminDispositionActions, agencyActions } from '../../../functions/core/actions';
import { createCalendar } from '../../../functions/core/calendar';
import { ComplaintService } from '../../../functions/core/complaint-service';
import { agencyCompliance, openDispositionLines } from '../../../functions/core/compliance-report';
import { ComplianceService } from '../../../functions/core/compliance-service';
import { agencyWarningEmail, coordinatorSummaryEmail, ombudsmanReportEmail } from '../../../functions/core/emails';
import { ComplianceReader } from '../../../functions/core/compliance-reader';
import { followUpRate, formatPct, formatPctId, median } from '../../../functions/core/compliance';
import { addHours, medianOfBuckets } from '../../../functions/core/follow-up-buckets';
import { complianceCsvLines } from '../../../functions/core/compliance-csv';
import { escalationDueAt, escalationEligibility } from '../../../functions/core/lifecycle';
import type { Actor, ComplaintRecord } from '../../../functions/core/model';
import { NotificationService } from '../../../functions/core/notification-service';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import { toAdminView, toAgencyView, toPublicView, toReporterView } from '../../../functions/core/views';
import { exportCsvLine, toExportRow } from '../../../functions/core/complaint-export';
import { principalOf } from '../../../functions/http/principal';
import type { HttpEvent } from '../../../functions/http/types';
import type { ComplianceRepository } from '../../../functions/ports/compliance';
import { type EmailMessage, type Mailer, PermanentDeliveryError, RetryableDeliveryError } from '../../../functions/ports/mail';
import { type Delivery, MAX_DELIVERY_ATTEMPTS, redeliverDue } from '../../../functions/core/delivery';
import { InMemoryAgencyRepository, InMemoryComplaintRepository, InMemoryEmailLedger, SequentialIds, SteppableClock, agency } from '../../support/fakes';

const settings = DEFAULT_SETTINGS;
const calendar = createCalendar({ timeZone: 'Asia/Jakarta' });
const DAY = 86_400_000;
const T0 = '2025-01-06T03:00:00.000Z'; // a Monday, 10:00 WIB
const admin: Actor = { role: 'admin', userId: 'koordinator' };
const officer = (agencyId: string): Actor => ({ role: 'agency', agencyId, userId: `${agencyId}-1` });

const MemoryLedger = InMemoryEmailLedger;

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
  return { complaints, clock, service, jobs, notifications, sent, ledger, mailer };
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
    const report = agencyCompliance({ agency: agency('dinkes'), period: '2025', counts: undefined, firstFollowUpBuckets: {}, open }, at, settings);
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
    const report = agencyCompliance({ agency: agency('dinkes'), period: '2025', counts: { received: 0, pending: 0, inProgress: 0, completed: 0, withdrawn: 1 }, firstFollowUpBuckets: {}, open: [] }, w.clock.now(), settings);
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

  it('a forward deferred by SES and given up on by the redelivery job is FAILED; other notifications leave it alone', async () => {
    let attempts = 0;
    const w = world({ mailer: { send: async () => Promise.reject(new RetryableDeliveryError(`paused ${++attempts}`, 'AccountSendingPausedException', 'account')) } });
    const f = await filed(w);
    await w.service.verify(f.trackingId, { action: 'DISPOSITION', agencyIds: ['dinkes'] }, admin);
    w.clock.advanceDays(61);
    const change = await w.service.escalate(f.trackingId, f.accessToken);
    const forward = change.notifications![0]!;
    expect(await w.notifications.deliver(forward, w.clock.now())).toBe('deferred');
    const settle = (key: string, delivery: Delivery) => w.notifications.afterRedelivery(key, delivery, w.clock.now());
    // Another notification of the same complaint settling does not touch the forward.
    await settle(`NOTIFY#${f.trackingId}#000002.00`, 'failed');
    expect((await w.complaints.get(f.trackingId))!.complaint.escalation?.status).toBe('QUEUED');
    for (let i = 0; i < MAX_DELIVERY_ATTEMPTS; i++) {
      w.ledger.now += 7 * 3_600_000;
      await redeliverDue(w, w.clock.now(), 100, settle);
    }
    expect(w.ledger.entries.get(`NOTIFY#${f.trackingId}#${forward.seq}`)?.state).toBe('FAILED');
    expect((await w.complaints.get(f.trackingId))!.complaint.escalation).toMatchObject({ status: 'FAILED', reason: expect.stringContaining('retries gave up') });
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

describe('a failing %TL is never shown as a passing figure', () => {
  const counts = { received: 20_000, pending: 8_001, inProgress: 11_999, completed: 0 };

  it('11,999 of 20,000 (59.995) fails and shows 59.99 in the API value, CSV and email; 17/32 still shows 53.13', () => {
    const rate = followUpRate(counts, 60);
    expect(rate).toEqual({ followedUp: 11_999, pctTL: 59.99, belowThreshold: true });
    expect(formatPct(rate.pctTL)).toBe('59.99');
    expect(formatPctId(rate.pctTL)).toBe('59,99%');
    expect(followUpRate({ received: 32, pending: 15, inProgress: 7, completed: 10 }, 60).pctTL).toBe(53.13);
    // Passing is never shown below the grade either (59.995 passes a 59.995 grade).
    expect(followUpRate(counts, 59.995)).toMatchObject({ pctTL: 60, belowThreshold: false });

    const row = agencyCompliance({ agency: agency('dinkes'), period: '2025', counts, firstFollowUpBuckets: {}, open: [] }, new Date(T0), settings);
    const csv = complianceCsvLines([{ ...row }]).join('');
    expect(csv).toContain(',59.99,true,');
    const email = agencyWarningEmail({ ctx: { regionName: 'Uji', timeZone: 'Asia/Jakarta', passingGrade: 60, webUrl: 'https://lapor.uji.example' }, to: ['a@b.example'], year: row, month: row, region: row, open: [] });
    expect(email.subject).toContain('59,99%');
    expect(email.text).toContain('59,99%');
    expect(email.text).not.toContain('60,00%');
  });

  it('the compliance CSV neutralises spreadsheet formulas in agency names', () => {
    const row = agencyCompliance({ agency: agency('x', { name: '=HYPERLINK("http://evil","klik")' }), period: '2025', counts, firstFollowUpBuckets: {}, open: [] }, new Date(T0), settings);
    const csv = complianceCsvLines([{ ...row }]).join('');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""klik"")"`);
    expect(csv).not.toMatch(/,=HYPERLINK|,"=HYPERLINK/);
  });
});

describe('privacy the reporter chose is the floor', () => {
  it('the coordinator may make a report more private, never less', async () => {
    const w = world();
    const { trackingId } = await filed(w, { ...INPUT, anonymous: true } as typeof INPUT);
    await expect(w.service.verify(trackingId, { action: 'HOLD', anonymous: false }, admin)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'anonymous' })],
    });
    await w.service.verify(trackingId, { action: 'HOLD', confidential: true }, admin);
    await expect(w.service.verify(trackingId, { action: 'DISPOSITION', agencyIds: ['dinkes'], confidential: false }, admin)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    expect(record.complaint).toMatchObject({ anonymous: true, confidential: true, status: 'ON_HOLD' });
  });

  const NIK = '3374012345670001';
  const typed = {
    ...INPUT,
    title: `Bantuan tidak cair, NIK ${NIK}`,
    description: 'Hubungi saya di 0812-3456-7890 atau +62 857 1234 5678, email budi.s@mail.example. NIK 3374 0123 4567 0002. Kejadian 06-01-2025, kerugian Rp 1.500.000.',
    location: { address: 'Jl. Pemuda No. 12 RT 03/RW 04', lat: -6.9698123, lon: 111.4187456 },
  };

  it('the public view masks NIK, phone numbers and email in the text and shows a coarse location; the reporter and staff see the original', async () => {
    const w = world();
    const { trackingId } = await filed(w, typed as typeof INPUT);
    await w.service.verify(trackingId, { action: 'DISPOSITION', agencyIds: ['dinkes'] }, admin);
    await w.service.followUp(trackingId, 'dinkes', { message: 'Kami telepon ke 081234567890' }, officer('dinkes'));
    const record = (await w.complaints.get(trackingId)) as ComplaintRecord;
    const publicView = toPublicView(record)!;
    const shown = JSON.stringify(publicView);
    for (const secret of [NIK, '3374 0123 4567 0002', '0812-3456-7890', '+62 857 1234 5678', 'budi.s@mail.example', '081234567890', 'No. 12', '-6.9698123']) {
      expect(shown).not.toContain(secret);
    }
    expect(publicView.title).toBe('Bantuan tidak cair, NIK [NIK disamarkan]');
    expect(publicView.description).toContain('[nomor telepon disamarkan]');
    expect(publicView.description).toContain('[email disamarkan]');
    // Dates and amounts are not personal data.
    expect(publicView.description).toContain('06-01-2025');
    expect(publicView.description).toContain('Rp 1.500.000');
    expect(publicView.location).toEqual({ lat: -6.97, lon: 111.42 });
    expect(toReporterView(record, [], { now: w.clock.now(), settings: DEFAULT_SETTINGS }).title).toBe(typed.title);
    expect(toReporterView(record, [], { now: w.clock.now(), settings: DEFAULT_SETTINGS }).location).toEqual(typed.location);
    expect(toAdminView(record).description).toBe(typed.description);
    expect(toAgencyView(record, 'dinkes')!.location).toEqual(typed.location);
    // Auditors: masked in their exports (JSON rows and CSV).
    const row = toExportRow(record.complaint);
    expect(row.title).not.toContain(NIK);
    expect(exportCsvLine(row)).not.toContain('0812-3456-7890');
  });
});

describe('auditor access', () => {
  const event = (scope: string) =>
    ({ requestContext: { authorizer: { jwt: { claims: { sub: 'c1', client_id: 'c1', scope }, scopes: [] } } } }) as unknown as HttpEvent;

  it('is granted for exactly tuntas/reports.read, not for another resource server\'s reports.read', () => {
    expect(principalOf(event('tuntas/reports.read'))).toMatchObject({ roles: ['auditor'] });
    expect(principalOf(event('evil/reports.read'))).toMatchObject({ roles: [] });
    expect(principalOf(event('tuntas/reports.readwrite x/tuntas/reports.read'))).toMatchObject({ roles: [] });
  });
});

describe('the median time to first follow-up is kept in buckets of bounded size', () => {
  it('any number of values takes at most 222 buckets, and the median is within its stated precision', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => (i * 7.31) % 1200);
    const buckets = addHours({}, values);
    expect(Object.keys(buckets).length).toBeLessThanOrEqual(168 + 53 + 1);
    const exact = median(values)!;
    const approx = medianOfBuckets(buckets)!;
    // Lower bound of the bucket: within 1 hour in the first week, 1 day after it.
    expect(approx).toBeLessThanOrEqual(exact);
    expect(exact - approx).toBeLessThan(exact < 168 ? 1 : 24);
    expect(medianOfBuckets(addHours({}, [0, 0, 30.5]))).toBe(0);
    expect(medianOfBuckets(addHours({}, [3.2, 10.9]))).toBe(6.5);
    expect(medianOfBuckets({})).toBeNull();
    // 60 days or more is one bucket: reported as 1,440 hours.
    expect(medianOfBuckets(addHours({}, [2000, 3000, 5000]))).toBe(1440);
  });
});

describe("the coordinator's verification deadline is watched", () => {
  it('overdue verifications are counted and named in the summary email; verified or in-time ones are not', async () => {
    const w = world();
    const late = await filed(w, { ...INPUT, title: 'Laporan terlambat diverifikasi' });
    const held = await filed(w);
    await w.service.verify(held.trackingId, { action: 'HOLD' }, admin);
    w.clock.advanceDays(10);
    await filed(w, { ...INPUT, title: 'Laporan baru' });
    const reader = new ComplianceReader({ agencies: new InMemoryAgencyRepository([]), compliance: {} as ComplianceRepository, complaints: w.complaints }, settings, calendar);
    const overdue = await reader.overdueVerifications(w.clock.now());
    expect(overdue.map((v) => v.trackingId)).toEqual([late.trackingId]);
    const email = coordinatorSummaryEmail({
      ctx: { regionName: 'Uji', timeZone: 'Asia/Jakarta', passingGrade: 60, webUrl: 'https://lapor.uji.example' },
      to: ['k@b.example'],
      localDate: '2025-01-16',
      ranked: [],
      region: agencyCompliance({ agency: agency('x'), period: '2025', counts: undefined, firstFollowUpBuckets: {}, open: [] }, w.clock.now(), settings),
      warned: [],
      overdueVerifications: overdue,
    });
    expect(email.text).toContain('1 laporan belum diverifikasi');
    expect(email.text).toContain(`${late.trackingId} — Laporan terlambat diverifikasi`);
    expect(email.text).not.toContain('Laporan baru');
  });
});
