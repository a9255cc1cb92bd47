// Sends what the outbox holds: one email per notification, effectively once (ledger), and a
// notification that cannot be delivered is recorded on the complaint's timeline instead of being
// retried forever. Also the agencies' daily digest of dispositions whose deadline is near.

import type { WorkingDayCalendar } from './calendar';
import { ComplaintService, type ServicePorts } from './complaint-service';
import { type Delivery, deliverOnce } from './delivery';
import { type EmailContext, agencyDigestEmail, notificationEmail } from './emails';
import type { ComplaintRecord, Notification } from './model';
import type { RegionSettings } from './settings';
import type { ComplianceRepository } from '../ports/compliance';
import type { EmailLedger, Mailer } from '../ports/mail';

export interface NotificationPorts extends ServicePorts {
  mailer: Mailer;
  ledger: EmailLedger;
  compliance: ComplianceRepository;
}

export type NotificationOutcome = Delivery | 'no-recipient';

/** The ledger key of one outbox notification: its delivery's idempotency key. */
const notificationKey = (n: Pick<Notification, 'trackingId' | 'seq'>) => `NOTIFY#${n.trackingId}#${n.seq}`;

function parseNotificationKey(key: string): { trackingId: string; seq: string } | undefined {
  const match = /^NOTIFY#([^#]+)#([0-9]+\.[0-9]+)$/.exec(key);
  return match ? { trackingId: match[1]!, seq: match[2]! } : undefined;
}

/**
 * Whether the notification `seq` is the complaint's Ombudsman forward: notifications share their
 * change's version with its timeline entries, and the change that escalated mails only the forward.
 */
function isForwardNotification(record: ComplaintRecord, seq: string): boolean {
  const version = seq.split('.')[0];
  return record.timeline.some((e) => e.type === 'ESCALATED' && e.seq.split('.')[0] === version);
}

export class NotificationService {
  constructor(
    private readonly ports: NotificationPorts,
    private readonly settings: RegionSettings,
    private readonly calendar: WorkingDayCalendar,
    private readonly mail: { ombudsman?: string } = {},
  ) {}

  async deliver(notification: Notification, at: Date): Promise<NotificationOutcome> {
    const complaints = new ComplaintService({ ...this.ports, clock: { now: () => at } }, this.settings, this.calendar);
    const record = await this.ports.complaints.get(notification.trackingId);
    if (!record) return 'no-recipient';
    // The forward's own state outlives the ledger (whose items expire): a stream record read again
    // after that never mails the Ombudsman twice.
    if (notification.kind === 'OMBUDSMAN_FORWARD' && record.complaint.escalation?.status === 'SENT') return 'already-sent';
    const to = await this.recipients(notification, record.complaint);
    if (to.length === 0) return 'no-recipient';
    const message = notificationEmail({
      ctx: this.emailContext(),
      notification,
      record,
      to,
      reopenWindowDays: this.settings.reopenWindowDays,
      escalationDays: this.settings.escalationDays,
      autoCloseWorkingDays: this.settings.autoCloseWorkingDays,
    });
    const delivery = await deliverOnce(this.ports, notificationKey(notification), message, at);
    const refused = 'The email provider refused the message or the address is suppressed';
    if (delivery === 'deferred') {
      // SES could not send now (paused, sandbox, throttled): the redelivery job retries it, and
      // the forward stays QUEUED meanwhile.
    } else if (notification.kind === 'OMBUDSMAN_FORWARD') {
      // The reporter and the coordinator see the forward's true state. 'already-sent' is a
      // replayed batch whose first run crashed before recording it.
      await complaints.recordEscalationDelivery(
        notification.trackingId,
        delivery === 'failed' ? { status: 'FAILED', reason: refused } : { status: 'SENT' },
      );
    } else if (delivery === 'failed') {
      await complaints.recordNotificationFailure(notification, refused);
    }
    return delivery;
  }

  /**
   * A notification the redelivery job finally sent, or gave up on: the Ombudsman forward it
   * belongs to leaves QUEUED for SENT or FAILED, as it does when the first attempt settles.
   */
  async afterRedelivery(key: string, delivery: Delivery, at: Date): Promise<void> {
    if (delivery !== 'sent' && delivery !== 'failed') return;
    const parsed = parseNotificationKey(key);
    if (!parsed) return;
    const record = await this.ports.complaints.get(parsed.trackingId);
    if (!record || record.complaint.escalation?.status !== 'QUEUED' || !isForwardNotification(record, parsed.seq)) return;
    const complaints = new ComplaintService({ ...this.ports, clock: { now: () => at } }, this.settings, this.calendar);
    await complaints.recordEscalationDelivery(
      parsed.trackingId,
      delivery === 'sent' ? { status: 'SENT' } : { status: 'FAILED', reason: 'The email provider kept refusing the message; retries gave up' },
    );
  }

  /** Each agency's pending dispositions due today or tomorrow, or already overdue; one email a day. */
  async sendDigests(at: Date): Promise<Array<{ agencyId: string; delivery: Delivery; dispositions: number }>> {
    const today = this.calendar.localDate(at);
    const tomorrow = this.calendar.localDate(new Date(at.getTime() + 86_400_000));
    const results: Array<{ agencyId: string; delivery: Delivery; dispositions: number }> = [];
    for (const agency of await this.ports.agencies.list()) {
      if (!agency.active || agency.emails.length === 0) continue;
      const open = await this.ports.compliance.listOpenDispositions(agency.agencyId);
      const due = open
        .filter((d) => d.status === 'PENDING' && this.calendar.localDate(new Date(d.deadline)) <= tomorrow)
        .sort((a, b) => a.deadline.localeCompare(b.deadline));
      if (due.length === 0) continue;
      const message = agencyDigestEmail({ ctx: this.emailContext(), to: agency.emails, agency, due, today, tomorrow, at });
      results.push({
        agencyId: agency.agencyId,
        delivery: await deliverOnce(this.ports, `DIGEST#${agency.agencyId}#${today}`, message, at),
        dispositions: due.length,
      });
    }
    return results;
  }

  private async recipients(notification: Notification, complaint: { reporter?: { email?: string }; emailUpdates?: boolean }): Promise<string[]> {
    if (notification.recipient.type === 'ombudsman') return this.mail.ombudsman ? [this.mail.ombudsman] : [];
    if (notification.recipient.type === 'reporter') {
      const email = complaint.reporter?.email;
      return email && complaint.emailUpdates !== false ? [email] : [];
    }
    const agency = await this.ports.agencies.get(notification.recipient.agencyId);
    return agency?.active ? agency.emails : [];
  }

  private emailContext(): EmailContext {
    return { regionName: this.settings.regionName, timeZone: this.settings.timeZone, passingGrade: this.settings.passingGrade, webUrl: this.settings.webUrl };
  }
}
