// The complaint aggregate as the domain sees it. No storage or transport concerns here:
// adapters map these to items, the http layer maps them to views.

export const CLASSIFICATIONS = ['ASPIRASI', 'PENGADUAN', 'PERMINTAAN_INFORMASI'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const COMPLAINT_STATUSES = [
  'SUBMITTED', // belum terverifikasi
  'ON_HOLD', // tunda
  'ARCHIVED', // arsip
  'NOT_AUTHORITY', // bukan wewenang
  'DISPOSITIONED', // terdisposisi, belum ditindaklanjuti
  'IN_PROGRESS', // proses
  'COMPLETED', // selesai
  'RETURNED', // every active disposition returned: back in the admin queue
  'ESCALATED', // diteruskan ke Ombudsman
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const DISPOSITION_STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'RETURNED'] as const;
export type DispositionStatus = (typeof DISPOSITION_STATUSES)[number];

export const VERIFICATION_ACTIONS = ['DISPOSITION', 'HOLD', 'ARCHIVE', 'NOT_AUTHORITY'] as const;
export type VerificationAction = (typeof VERIFICATION_ACTIONS)[number];

export const ROLES = ['admin', 'agency', 'auditor'] as const;

/**
 * How a complaint reached the region: WEB (filed by the citizen through the portal or the API),
 * or keyed in by the coordinator on the citizen's behalf from a phone call, a visit, a letter or
 * a social-media post.
 */
export const CHANNELS = ['WEB', 'PHONE', 'IN_PERSON', 'LETTER', 'SOCIAL_MEDIA'] as const;
export type Channel = (typeof CHANNELS)[number];
export type StaffRole = (typeof ROLES)[number];

export interface Location {
  address?: string;
  lat?: number;
  lon?: number;
}

/** Contact details: never shown to agencies, auditors or the public, never logged. */
export interface Reporter {
  name?: string;
  email?: string;
  phone?: string;
}

export interface Complaint {
  trackingId: string;
  /** SHA-256 (hex) of the reporter's access token; the token itself is never stored. */
  accessTokenHash: string;
  classification: Classification;
  title: string;
  description: string;
  category?: string;
  location?: Location;
  incidentDate?: string;
  anonymous: boolean;
  confidential: boolean;
  reporter?: Reporter;
  status: ComplaintStatus;
  /** Reason given for ARCHIVED / NOT_AUTHORITY / ON_HOLD. */
  statusReason?: string;
  submittedAt: string;
  verificationDeadline: string;
  verifiedAt?: string;
  firstDispositionedAt?: string;
  firstFollowUpAt?: string;
  lastFollowUpAt?: string;
  completedAt?: string;
  /**
   * A COMPLETED report not yet closed: when it closes unless its reporter replies or reopens
   * (lifecycle.autoCloseDueAt). Absent in every other state.
   */
  autoCloseAt?: string;
  /** Closed by the daily job after the reporter stayed silent (LAPOR!'s auto-close): no reopening after this. */
  closedAt?: string;
  /** When the 60-day clock ends (lifecycle.escalationDueAt), kept up to date by every change. */
  escalationDueAt?: string;
  escalationEligibleAt?: string;
  escalatedAt?: string;
  /** The forward to the Ombudsman: its email's true state, and the reporter's consent to share contact details. */
  escalation?: Escalation;
  rating?: number;
  /** Absent means WEB (everything filed before channels were recorded came in through the API). */
  channel?: Channel;
  /** The reporter wants email about their report (needs reporter.email); true unless they opted out. */
  emailUpdates?: boolean;
  /** The coordinator released the attachments present at verification to the public view (never of a confidential complaint). */
  publicAttachments?: boolean;
  /** Agencies holding an active (not returned) disposition, sorted: for lists and exports without extra reads. */
  agencyIds?: string[];
  /** Optimistic-locking version: 1 after creation, +1 on every change. */
  version: number;
}

export const ESCALATION_DELIVERY_STATUSES = ['QUEUED', 'SENT', 'FAILED'] as const;
export type EscalationDeliveryStatus = (typeof ESCALATION_DELIVERY_STATUSES)[number];

export interface Escalation {
  /** QUEUED in the outbox until the mailer has sent it (SENT) or the provider refused it for good (FAILED). */
  status: EscalationDeliveryStatus;
  escalatedAt: string;
  /** The reporter agreed that the Ombudsman gets their contact details (never for an anonymous report). */
  shareContact: boolean;
  sentAt?: string;
  reason?: string;
}

export interface Disposition {
  trackingId: string;
  agencyId: string;
  agencyName: string;
  status: DispositionStatus;
  note?: string;
  dispositionedAt: string;
  /** Follow-up deadline: 5 working days after dispositionedAt. */
  deadline: string;
  firstFollowUpAt?: string;
  lastFollowUpAt?: string;
  completedAt?: string;
  returnedAt?: string;
  returnReason?: string;
  /** Set when the coordinator withdrew it after its deadline (status RETURNED, counted as withdrawn). */
  withdrawnAt?: string;
  withdrawReason?: string;
  /** The complaint's escalationDueAt, copied while this disposition is open: the reports' clock. */
  escalationDueAt?: string;
  /** Summary of the complaint, copied so an agency's list needs no second read. */
  complaintTitle: string;
  classification: Classification;
  submittedAt: string;
  version: number;
}

export type Actor =
  | { role: 'reporter' }
  | { role: 'admin'; userId: string }
  | { role: 'agency'; userId: string; agencyId: string }
  | { role: 'system' };

export const TIMELINE_TYPES = [
  'SUBMITTED',
  'VERIFIED',
  'DISPOSITIONED',
  'FOLLOWED_UP',
  'DISPOSITION_COMPLETED',
  'DISPOSITION_RETURNED',
  'DISPOSITION_WITHDRAWN',
  'REPORTER_RESPONDED',
  'REOPENED',
  'STATUS_CHANGED',
  'ESCALATION_ELIGIBLE',
  'ESCALATED',
  'ESCALATION_SENT',
  'NOTIFICATION_FAILED',
  'ATTACHMENT_ADDED',
  'CORRECTED',
  'CLOSED',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export interface TimelineEntry {
  trackingId: string;
  /** Complaint version this entry was written with, plus its position in that change: unique and ordered. */
  seq: string;
  at: string;
  type: TimelineType;
  actor: Actor;
  /** Set when the entry concerns one agency's disposition. */
  agencyId?: string;
  message?: string;
  fromStatus?: ComplaintStatus;
  toStatus?: ComplaintStatus;
  details?: Record<string, string | number | boolean>;
}

/** Everything stored for one complaint. */
export interface ComplaintRecord {
  complaint: Complaint;
  dispositions: Disposition[];
  timeline: TimelineEntry[];
}

/** Per-agency %TL counters for one period ("2022" or "2022-01"), keyed by disposition date. */
export interface CounterDelta {
  agencyId: string;
  period: string;
  received: number;
  pending: number;
  inProgress: number;
  completed: number;
  /** Dispositions the coordinator withdrew after their deadline: out of %TL, but counted for auditors. */
  withdrawn?: number;
  /** Hours from disposition to first follow-up, for dispositions first followed up in this change. */
  firstFollowUpHours?: number[];
}

/**
 * What one command changes. The repository writes it in one transaction, conditioned on each
 * state object's previous version (version - 1; 0 means "must not exist yet").
 */
export interface ChangeSet {
  complaint: Complaint;
  dispositions: Disposition[];
  timeline: TimelineEntry[];
  counters: CounterDelta[];
  /** Emails this change causes: written in the same transaction (the outbox), sent by the mailer. */
  notifications?: Notification[];
  /** Items another repository adds to this change's transaction (an attachment listed on completion). */
  extraPuts?: ExtraPut[];
}

/**
 * A write another repository contributes to a complaint's commit, so both land in one transaction.
 * Built by that repository's adapter (its item layout is the adapter's business); the core passes
 * it on without looking inside. Only items of the complaint's own item collection.
 */
export interface ExtraPut {
  item: Record<string, unknown>;
  /** Condition on the item being replaced (e.g. still PENDING); none: unconditional. */
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

export const NOTIFICATION_KINDS = [
  'COMPLAINT_VERIFIED', // to the reporter: dispositioned, held, archived or not our authority
  'FOLLOW_UP_POSTED', // to the reporter: every follow-up
  'COMPLAINT_COMPLETED', // to the reporter
  'COMPLAINT_REOPENED', // to the reporter
  'ESCALATION_ELIGIBLE', // to the reporter: may forward to the Ombudsman
  'NEW_DISPOSITION', // to an agency
  'DISPOSITION_REOPENED', // to an agency: the reporter reopened what it completed
  'OMBUDSMAN_FORWARD', // to the Ombudsman: the report the reporter forwarded
  'COMPLAINT_CLOSED', // to the reporter: closed after the reply window without a word from them
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notification {
  trackingId: string;
  /** Same scheme as timeline entries: unique per complaint, and the delivery's idempotency key. */
  seq: string;
  kind: NotificationKind;
  recipient: { type: 'reporter' } | { type: 'agency'; agencyId: string } | { type: 'ombudsman' };
  createdAt: string;
}

export interface Agency {
  agencyId: string;
  name: string;
  emails: string[];
  active: boolean;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}
