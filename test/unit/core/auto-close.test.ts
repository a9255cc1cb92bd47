// Issue 14, "LAPOR! rules still missing": a completed report closes after 10 working days without
// a reply from its reporter; a reply restarts that window, a reopen stops it. Proven on the pure
// core with the in-memory fakes of the ports.

import { reporterActions } from '../../../functions/core/actions';
import { createCalendar } from '../../../functions/core/calendar';
import { ComplaintService } from '../../../functions/core/complaint-service';
import { ComplianceService } from '../../../functions/core/compliance-service';
import { notificationEmail } from '../../../functions/core/emails';
import type { Actor, ComplaintRecord, Notification } from '../../../functions/core/model';
import { NotificationService } from '../../../functions/core/notification-service';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import { toAdminView, toReporterView } from '../../../functions/core/views';
import type { ComplianceRepository } from '../../../functions/ports/compliance';
import type { EmailMessage, Mailer } from '../../../functions/ports/mail';
import { InMemoryAgencyRepository, InMemoryComplaintRepository, InMemoryEmailLedger, SequentialIds, SteppableClock, agency } from '../../support/fakes';

const settings = DEFAULT_SETTINGS;
const calendar = createCalendar({ timeZone: 'Asia/Jakarta' });
// Monday 24 March 2025, 10:00 WIB: the next two weeks hold Idulfitri (31 Mar, 1 Apr) and its cuti
// bersama (28 Mar, 2-4 and 7 Apr), so counting weekends only would close a week too early.
const COMPLETED_AT = '2025-03-24T03:00:00.000Z';
// The 10th working day after 24 March: 25, 26, 27 March, then 8, 9, 10, 11, 14, 15, 16 April.
const WINDOW_ENDS = '2025-04-16T16:59:59.999Z';
const admin: Actor = { role: 'admin', userId: 'koordinator' };
const officer: Actor = { role: 'agency', agencyId: 'dinkes', userId: 'dinkes-1' };
const ombudsman = 'ombudsman@ri.example';

function world() {
  const complaints = new InMemoryComplaintRepository();
  const agencies = new InMemoryAgencyRepository([agency('dinkes')]);
  const clock = new SteppableClock('2025-03-17T03:00:00.000Z');
  const sent: EmailMessage[] = [];
  const mailer: Mailer = { send: async (m) => (sent.push(m), { messageId: `m-${sent.length}` }) };
  const ports = { complaints, agencies, clock, ids: new SequentialIds() };
  const mailPorts = { ...ports, mailer, ledger: new InMemoryEmailLedger(), compliance: {} as ComplianceRepository };
  return {
    complaints,
    clock,
    sent,
    service: new ComplaintService(ports, settings, calendar),
    jobs: new ComplianceService(mailPorts, settings, calendar, { coordinator: [], ombudsman }),
    notifications: new NotificationService(mailPorts, settings, calendar, { ombudsman }),
  };
}
type World = ReturnType<typeof world>;

const REPORTER = { name: 'Sri', email: 'sri@warga.example' };

/** Filed a week earlier, dispositioned, and completed by its agency at COMPLETED_AT. */
async function completed(w: World, reporter: { name: string; email?: string } | null = REPORTER, extra: { emailUpdates?: boolean } = {}) {
  w.clock.set('2025-03-17T03:00:00.000Z');
  const { change, accessToken } = await w.service.submit({
    classification: 'PENGADUAN',
    title: 'Lampu jalan mati',
    description: 'Sudah dua minggu gelap.',
    ...(reporter && { reporter }),
    ...extra,
  });
  const { trackingId } = change.complaint;
  await w.service.verify(trackingId, { action: 'DISPOSITION', agencyIds: ['dinkes'] }, admin);
  w.clock.set(COMPLETED_AT);
  const done = await w.service.followUp(trackingId, 'dinkes', { message: 'Lampu sudah diganti.', final: true }, officer);
  expect(done.complaint.status).toBe('COMPLETED');
  return { trackingId, accessToken };
}

const record = async (w: World, id: string) => (await w.complaints.get(id)) as ComplaintRecord;
const after = (iso: string, ms = 1) => new Date(Date.parse(iso) + ms);

describe('auto-close after 10 working days without a reply from the reporter', () => {
  it('completion opens a window of 10 working days, counted on the holiday calendar', async () => {
    const w = world();
    const { trackingId } = await completed(w);
    const { complaint } = await record(w, trackingId);
    expect(complaint.autoCloseAt).toBe(WINDOW_ENDS);
    expect(toReporterView(await record(w, trackingId), [], { now: w.clock.now(), settings }).autoCloseAt).toBe(WINDOW_ENDS);
    expect(toAdminView(await record(w, trackingId)).autoCloseAt).toBe(WINDOW_ENDS);
  });

  it('the daily job closes it once the window has passed, on the timeline, and tells the reporter once', async () => {
    const w = world();
    const { trackingId } = await completed(w);
    expect((await w.jobs.runAutoClose(new Date(WINDOW_ENDS))).closed).toEqual([]);
    const first = await w.jobs.runAutoClose(after(WINDOW_ENDS));
    expect(first.closed).toEqual([trackingId]);

    const closed = await record(w, trackingId);
    expect(closed.complaint).toMatchObject({ status: 'COMPLETED', closedAt: after(WINDOW_ENDS).toISOString() });
    expect(closed.complaint.autoCloseAt).toBeUndefined();
    const entries = closed.timeline.filter((e) => e.type === 'CLOSED');
    expect(entries).toEqual([expect.objectContaining({ actor: { role: 'system' }, details: expect.objectContaining({ reason: 'NO_REPORTER_REPLY', workingDays: 10 }) })]);
    const notices = w.complaints.outbox().filter((n) => n.kind === 'COMPLAINT_CLOSED');
    expect(notices).toHaveLength(1);

    // A replayed run (Scheduler or Lambda retry, or a manual replay) finds nothing due.
    const reads = w.complaints.autoCloseDueReads;
    const replay = await w.jobs.runAutoClose(after(WINDOW_ENDS, 60_000));
    expect(replay).toEqual({ checked: 0, closed: [] });
    expect(w.complaints.autoCloseDueReads).toBe(reads);
    expect((await record(w, trackingId)).timeline.filter((e) => e.type === 'CLOSED')).toHaveLength(1);

    // The mailer, fed the same outbox record twice (a replayed stream batch), sends one email.
    const notice = notices[0] as Notification;
    expect(await w.notifications.deliver(notice, after(WINDOW_ENDS))).toBe('sent');
    expect(await w.notifications.deliver(notice, after(WINDOW_ENDS))).toBe('already-sent');
    const mails = w.sent.filter((m) => m.subject.includes('ditutup'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['sri@warga.example']);
    expect(mails[0]!.subject).toBe(`[${settings.regionName}] Laporan ${trackingId} ditutup`);
    expect(mails[0]!.text).toContain('tidak ada tanggapan dari Anda dalam 10 hari kerja');
    expect(mails[0]!.text).toContain('tidak dapat dibuka kembali');
  });

  it('reads only the complaints that are due, not the completed history', async () => {
    const w = world();
    const due = await completed(w);
    // Three more completed a week later: their windows have not ended yet.
    for (let i = 0; i < 3; i++) {
      const later = await completed(w);
      w.clock.set('2025-04-01T03:00:00.000Z');
      await w.service.respond(later.trackingId, later.accessToken, { message: 'Terima kasih, akan saya cek.' });
    }
    const run = await w.jobs.runAutoClose(after(WINDOW_ENDS));
    expect(run).toEqual({ checked: 1, closed: [due.trackingId] });
    expect(w.complaints.autoCloseDueReads).toBe(1);
  });

  it('a reply within the window restarts it; the report closes 10 working days after the last reply', async () => {
    const w = world();
    const { trackingId, accessToken } = await completed(w);
    w.clock.set('2025-04-15T03:00:00.000Z'); // the 9th working day
    await w.service.respond(trackingId, accessToken, { message: 'Lampu di tiang sebelah masih mati.' });
    const restarted = (await record(w, trackingId)).complaint.autoCloseAt as string;
    expect(restarted).toBe(calendar.deadlineAfterWorkingDays(new Date('2025-04-15T03:00:00.000Z'), 10).toISOString());
    expect((await w.jobs.runAutoClose(after(WINDOW_ENDS))).closed).toEqual([]);
    expect((await w.jobs.runAutoClose(after(restarted))).closed).toEqual([trackingId]);
  });

  it('a reopen within the window stops it; the next completion opens a new one', async () => {
    const w = world();
    const { trackingId, accessToken } = await completed(w);
    w.clock.set('2025-04-10T03:00:00.000Z');
    await w.service.respond(trackingId, accessToken, { message: 'Masih mati.', reopen: true });
    const reopened = await record(w, trackingId);
    expect(reopened.complaint.status).toBe('IN_PROGRESS');
    expect(reopened.complaint.autoCloseAt).toBeUndefined();
    expect((await w.jobs.runAutoClose(new Date('2025-06-01T00:00:00.000Z'))).closed).toEqual([]);

    w.clock.set('2025-04-14T03:00:00.000Z');
    await w.service.followUp(trackingId, 'dinkes', { message: 'Sudah diperbaiki lagi.', final: true }, officer);
    const again = (await record(w, trackingId)).complaint.autoCloseAt as string;
    expect(again).toBe(calendar.deadlineAfterWorkingDays(new Date('2025-04-14T03:00:00.000Z'), 10).toISOString());
    expect((await w.jobs.runAutoClose(after(again))).closed).toEqual([trackingId]);
  });

  it('a closed report can no longer be reopened, and its views no longer offer it', async () => {
    const w = world();
    const { trackingId, accessToken } = await completed(w);
    const at = after(WINDOW_ENDS);
    expect(reporterActions(await record(w, trackingId), at, settings)).toContain('REOPEN');
    await w.jobs.runAutoClose(at);
    const closed = await record(w, trackingId);
    expect(reporterActions(closed, at, settings)).not.toContain('REOPEN');
    expect(toReporterView(closed, [], { now: at, settings })).toMatchObject({ closedAt: at.toISOString(), actions: expect.not.arrayContaining(['REOPEN']) });
    w.clock.set(at);
    await expect(w.service.respond(trackingId, accessToken, { message: 'Buka lagi', reopen: true })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    // A message or a rating after closing is kept, but opens no new window.
    await w.service.respond(trackingId, accessToken, { message: 'Terima kasih.', rating: 5 });
    expect((await record(w, trackingId)).complaint.autoCloseAt).toBeUndefined();
  });

  it('the reporter is emailed only if they left an email and did not opt out', async () => {
    for (const [reporter, extra] of [[null, {}], [{ name: 'Budi' }, {}], [REPORTER, { emailUpdates: false }]] as const) {
      const w = world();
      const { trackingId } = await completed(w, reporter, extra);
      expect((await w.jobs.runAutoClose(after(WINDOW_ENDS))).closed).toEqual([trackingId]);
      expect(w.complaints.outbox().filter((n) => n.kind === 'COMPLAINT_CLOSED')).toEqual([]);
    }
  });

  it('a report forwarded to the Ombudsman does not close by itself when its agencies complete', async () => {
    const w = world();
    w.clock.set('2025-01-06T03:00:00.000Z');
    const { change, accessToken } = await w.service.submit({ classification: 'PENGADUAN', title: 'Izin', description: 'Lama.', reporter: REPORTER });
    const id = change.complaint.trackingId;
    await w.service.verify(id, { action: 'DISPOSITION', agencyIds: ['dinkes'] }, admin);
    w.clock.set('2025-03-10T03:00:00.000Z');
    await w.service.escalate(id, accessToken);
    await w.service.followUp(id, 'dinkes', { message: 'Izin terbit.', final: true }, officer);
    const { complaint } = await record(w, id);
    expect(complaint.status).toBe('ESCALATED');
    expect(complaint.autoCloseAt).toBeUndefined();
    expect((await w.jobs.runAutoClose(new Date('2025-12-31T00:00:00.000Z'))).closed).toEqual([]);
  });

  it('the completion email names the end of the reply window', async () => {
    const w = world();
    const { trackingId } = await completed(w);
    const r = await record(w, trackingId);
    const notification = w.complaints.outbox().find((n) => n.kind === 'COMPLAINT_COMPLETED') as Notification;
    const mail = notificationEmail({
      ctx: { regionName: 'Uji', timeZone: 'Asia/Jakarta', passingGrade: 60, webUrl: 'https://lapor.example' },
      notification,
      record: r,
      to: ['sri@warga.example'],
      reopenWindowDays: 30,
      escalationDays: 60,
      autoCloseWorkingDays: 10,
    });
    expect(mail.text).toContain('Jika Anda tidak menanggapi sampai 16 April 2025 (10 hari kerja), laporan ditutup otomatis');
  });
});
