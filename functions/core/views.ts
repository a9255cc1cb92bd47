// Privacy projections: what each audience may see of a complaint (DESIGN.md §2 Privacy).
// Contact details (email, phone) reach only the reporter and the coordinator. An anonymous
// reporter's identity reaches no one but the reporter: the record keeps it (the reporter's own
// emails go there), no view shows it. A confidential complaint has no public view.

import { type Attachment, type AttachmentAudience, type AttachmentLink, shownFileName, visibleAttachments } from './attachments';
import {
  type AdminAction,
  type AdminDispositionAction,
  type AgencyAction,
  type ReporterAction,
  adminActions,
  adminDispositionActions,
  agencyActions,
  reporterActions,
} from './actions';
import { coarseLocation, maskPersonalData } from './redaction';
import { isVerificationOverdue } from './lifecycle';
import type {
  Actor,
  Complaint,
  Escalation,
  ComplaintRecord,
  Disposition,
  Location,
  TimelineEntry,
} from './model';
import type { RegionSettings } from './settings';
import { escalationDueAt } from './lifecycle';

/** A listed attachment with a short-lived download link (computed by the handler, passed in). */
export interface AttachmentView {
  attachmentId: string;
  /** As this audience may see it: an anonymous reporter's own file names are neutral outside the coordinator. */
  fileName: string;
  contentType: Attachment['contentType'];
  size: number;
  uploadedBy: Attachment['uploadedBy'];
  addedAt: string;
  /** Presigned GET, valid until urlExpiresAt (minutes). */
  url: string;
  urlExpiresAt: string;
}

export interface AdminAttachmentView extends AttachmentView {
  /** Released to the public view by the coordinator at verification. */
  public: boolean;
}

export interface PublicDispositionView {
  agencyId: string;
  agencyName: string;
  status: Disposition['status'];
  dispositionedAt: string;
  deadline: string;
}

export interface PublicFollowUp {
  at: string;
  agencyId: string;
  agencyName: string;
  message: string;
  final: boolean;
}

export interface PublicComplaintView {
  trackingId: string;
  classification: Complaint['classification'];
  title: string;
  description: string;
  category?: string;
  location?: Location;
  incidentDate?: string;
  status: Complaint['status'];
  submittedAt: string;
  completedAt?: string;
  /** Only when the reporter is not anonymous. */
  reporterName?: string;
  dispositions: PublicDispositionView[];
  followUps: PublicFollowUp[];
  /** Public: only files the coordinator released (never of a confidential complaint). Reporter: all. */
  attachments: AttachmentView[];
}

/** Timeline entries as shown outside the coordinator: staff identities reduced to their role/agency. */
export interface TimelineView {
  at: string;
  type: TimelineEntry['type'];
  actor: { role: Actor['role']; agencyId?: string };
  agencyId?: string;
  message?: string;
  fromStatus?: TimelineEntry['fromStatus'];
  toStatus?: TimelineEntry['toStatus'];
  details?: TimelineEntry['details'];
}

/** The Ombudsman forward as it really stands: QUEUED until the mailer sent it, or FAILED with why. */
export interface EscalationView {
  status: Escalation['status'];
  escalatedAt: string;
  reason?: string;
}

export interface ReporterComplaintView extends PublicComplaintView {
  escalation?: EscalationView;
  /** When the 60-day clock ends (the report may then go to the Ombudsman). */
  escalationDueAt?: string;
  anonymous: boolean;
  confidential: boolean;
  /** The reporter's own contact details, as they gave them. */
  reporter?: Complaint['reporter'];
  statusReason?: string;
  verificationDeadline: string;
  verifiedAt?: string;
  escalationEligibleAt?: string;
  escalatedAt?: string;
  rating?: number;
  /** Completed, not yet closed: the report closes after this instant unless the reporter replies or reopens. */
  autoCloseAt?: string;
  closedAt?: string;
  timeline: TimelineView[];
  /** What the reporter may do now: the web offers exactly these. */
  actions: ReporterAction[];
}

export interface StaffComplaintFields {
  trackingId: string;
  classification: Complaint['classification'];
  title: string;
  description: string;
  category?: string;
  location?: Location;
  incidentDate?: string;
  anonymous: boolean;
  confidential: boolean;
  /** Omitted for anonymous complaints. */
  reporterName?: string;
  status: Complaint['status'];
  statusReason?: string;
  submittedAt: string;
  verificationDeadline: string;
  verifiedAt?: string;
  firstDispositionedAt?: string;
  firstFollowUpAt?: string;
  completedAt?: string;
  escalationEligibleAt?: string;
  escalatedAt?: string;
  escalationDueAt?: string;
  escalation?: EscalationView;
  rating?: number;
  autoCloseAt?: string;
  closedAt?: string;
}

export interface AgencyComplaintView extends StaffComplaintFields {
  /** What the agency may do now (CONTRACTS.md). */
  actions: AgencyAction[];
  disposition: DispositionView;
  timeline: TimelineView[];
  /** The reporter's files and this agency's own. */
  attachments: AttachmentView[];
}

export interface AdminComplaintView extends Omit<StaffComplaintFields, 'reporterName'> {
  /** The reporter's identity and contact; never for an anonymous reporter. */
  reporter?: Complaint['reporter'];
  lastFollowUpAt?: string;
  emailUpdates?: boolean;
  agencyIds?: string[];
  /** The coordinator's decision at verification: attachments released to the public view. */
  publicAttachments?: boolean;
  /** What the coordinator may do now (CONTRACTS.md). */
  actions: AdminAction[];
  dispositions: AdminDispositionView[];
  timeline: TimelineEntry[];
  attachments: AdminAttachmentView[];
  version: number;
}

export interface AdminDispositionView extends DispositionView {
  actions: AdminDispositionAction[];
}

export type DispositionView = Omit<Disposition, 'version' | 'trackingId' | 'complaintTitle' | 'classification' | 'submittedAt'>;

export interface ComplaintListItem {
  trackingId: string;
  classification: Complaint['classification'];
  title: string;
  category?: string;
  status: Complaint['status'];
  anonymous: boolean;
  confidential: boolean;
  submittedAt: string;
  verificationDeadline: string;
  /** Still unverified past the verification deadline (the queue's overdue filter, per item). */
  verificationOverdue: boolean;
}

export interface DispositionListItem {
  trackingId: string;
  title: string;
  classification: Complaint['classification'];
  submittedAt: string;
  status: Disposition['status'];
  dispositionedAt: string;
  deadline: string;
  firstFollowUpAt?: string;
  completedAt?: string;
  /** Still without follow-up after its deadline. */
  overdue: boolean;
  /** Open and past the complaint's 60-day clock. */
  escalationEligible: boolean;
}

/**
 * undefined when the public may not see the complaint at all. The views take attachment links
 * computed elsewhere (presigning is I/O) and keep only those the audience may see.
 */
export function toPublicView(record: ComplaintRecord, links: readonly AttachmentLink[] = []): PublicComplaintView | undefined {
  if (record.complaint.confidential) return undefined;
  return publicFields(record, attachmentViews(record, links, { kind: 'public' }));
}

export function toReporterView(
  record: ComplaintRecord,
  links: readonly AttachmentLink[],
  at: { now: Date; settings: RegionSettings },
): ReporterComplaintView {
  const c = record.complaint;
  return {
    ...publicFields(record, attachmentViews(record, links, { kind: 'reporter' }), true),
    ...(c.escalation && { escalation: escalationView(c.escalation) }),
    ...optional(c, ['escalationDueAt']),
    anonymous: c.anonymous,
    confidential: c.confidential,
    ...(c.reporter && { reporter: c.reporter }),
    ...optional(c, ['statusReason', 'verifiedAt', 'escalationEligibleAt', 'escalatedAt', 'rating', 'autoCloseAt', 'closedAt']),
    verificationDeadline: c.verificationDeadline,
    timeline: record.timeline.map(toTimelineView),
    actions: reporterActions(record, at.now, at.settings),
  };
}

export function toAgencyView(
  record: ComplaintRecord,
  agencyId: string,
  links: readonly AttachmentLink[] = [],
  now: Date = new Date(),
): AgencyComplaintView | undefined {
  const disposition = record.dispositions.find((d) => d.agencyId === agencyId && d.status !== 'RETURNED');
  if (!disposition) return undefined;
  return {
    ...staffFields(record.complaint),
    actions: agencyActions(record, disposition, now),
    disposition: toDispositionView(disposition),
    // Complaint-wide entries, and those about this agency: never another agency's dealings.
    timeline: record.timeline.filter((e) => e.agencyId === undefined || e.agencyId === agencyId).map(toTimelineView),
    attachments: attachmentViews(record, links, { kind: 'agency', agencyId }),
  };
}

export function toAdminView(record: ComplaintRecord, links: readonly AttachmentLink[] = [], now: Date = new Date()): AdminComplaintView {
  const c = record.complaint;
  // Fields are picked, never spread: a new field on the stored complaint must not reach the API unannounced.
  const { reporterName: _name, ...staff } = staffFields(c);
  return {
    ...staff,
    ...optional(c, ['publicAttachments', 'lastFollowUpAt', 'emailUpdates', 'agencyIds']),
    ...(!c.anonymous && c.reporter && { reporter: c.reporter }),
    version: c.version,
    actions: adminActions(record),
    dispositions: record.dispositions.map((d) => ({ ...toDispositionView(d), actions: adminDispositionActions(d, now) })),
    timeline: record.timeline,
    attachments: attachmentViews(record, links, { kind: 'admin' }).map((view) => ({
      ...view,
      public: links.find((l) => l.attachment.attachmentId === view.attachmentId)?.attachment.public === true,
    })),
  };
}

export function escalationView(e: Escalation | undefined): EscalationView | undefined {
  if (!e) return undefined;
  return { status: e.status, escalatedAt: e.escalatedAt, ...(e.reason !== undefined && { reason: e.reason }) };
}

/** The links this audience may see (checked again here: the privacy rules live in the views). */
export function attachmentViews(record: ComplaintRecord, links: readonly AttachmentLink[], audience: AttachmentAudience): AttachmentView[] {
  const byId = new Map(links.map((l) => [l.attachment.attachmentId, l]));
  return visibleAttachments(record, links.map((l) => l.attachment), audience).map((attachment, position) => ({
    ...toAttachmentView(byId.get(attachment.attachmentId) as AttachmentLink),
    // Named for this audience whatever the link was made for (the link's own name matches when
    // the handler asked for the same audience, as it does).
    fileName: shownFileName(record, attachment, position, audience),
  }));
}

/** One link as shown; callers decide who may see it (attachmentViews, or the uploader's own file). */
export function toAttachmentView({ attachment: a, fileName, url, expiresAt }: AttachmentLink): AttachmentView {
  return {
    attachmentId: a.attachmentId,
    fileName,
    contentType: a.contentType,
    size: a.size,
    uploadedBy: a.uploadedBy.role === 'agency' ? { role: 'agency', agencyId: a.uploadedBy.agencyId } : { role: 'reporter' },
    addedAt: a.completedAt ?? a.createdAt,
    url,
    urlExpiresAt: expiresAt,
  };
}

/** A line of the public list: never a confidential complaint, never an anonymous reporter's name. */
export interface PublicListItem {
  trackingId: string;
  classification: Complaint['classification'];
  title: string;
  category?: string;
  status: Complaint['status'];
  submittedAt: string;
  completedAt?: string;
  reporterName?: string;
}

export function toPublicListItem(c: Complaint): PublicListItem | undefined {
  if (c.confidential) return undefined;
  return {
    trackingId: c.trackingId,
    classification: c.classification,
    title: c.title,
    ...optional(c, ['category', 'completedAt']),
    status: c.status,
    submittedAt: c.submittedAt,
    ...(!c.anonymous && c.reporter?.name && { reporterName: c.reporter.name }),
  };
}

/** What the citizen's forms need to know about the region (GET /region). */
export interface RegionInfo {
  regionName: string;
  trackingPrefix: string;
  timeZone: string;
  categories: RegionSettings['categories'];
  areas: RegionSettings['areas'];
  attachments: { maxBytes: number; maxPerComplaint: number; contentTypes: string[] };
  classifications: Array<{ id: Complaint['classification']; label: string; description: string }>;
  reopenWindowDays: number;
  escalationDays: number;
}

const CLASSIFICATION_TEXTS: RegionInfo['classifications'] = [
  { id: 'PENGADUAN', label: 'Pengaduan', description: 'Penyampaian keluhan atas pelayanan publik yang tidak sesuai standar atau merugikan.' },
  { id: 'ASPIRASI', label: 'Aspirasi', description: 'Saran, usulan, atau masukan untuk perbaikan pelayanan dan pembangunan daerah.' },
  { id: 'PERMINTAAN_INFORMASI', label: 'Permintaan informasi', description: 'Permintaan informasi publik kepada perangkat daerah.' },
];

export function toRegionInfo(settings: RegionSettings, contentTypes: readonly string[]): RegionInfo {
  return {
    regionName: settings.regionName,
    trackingPrefix: settings.trackingPrefix,
    timeZone: settings.timeZone,
    categories: settings.categories.map(({ id, label }) => ({ id, label })),
    areas: settings.areas.map(({ kecamatan, desa }) => ({ kecamatan, desa: [...desa] })),
    attachments: { ...settings.attachments, contentTypes: [...contentTypes] },
    classifications: CLASSIFICATION_TEXTS.map((c) => ({ ...c })),
    reopenWindowDays: settings.reopenWindowDays,
    escalationDays: settings.escalationDays,
  };
}

export function toComplaintListItem(c: Complaint, now: Date): ComplaintListItem {
  return {
    trackingId: c.trackingId,
    classification: c.classification,
    title: c.title,
    ...optional(c, ['category']),
    status: c.status,
    anonymous: c.anonymous,
    confidential: c.confidential,
    submittedAt: c.submittedAt,
    verificationDeadline: c.verificationDeadline,
    verificationOverdue: isVerificationOverdue(c, now),
  };
}

export function toDispositionListItem(d: Disposition, now: Date, settings: RegionSettings): DispositionListItem {
  return {
    trackingId: d.trackingId,
    title: d.complaintTitle,
    classification: d.classification,
    submittedAt: d.submittedAt,
    status: d.status,
    dispositionedAt: d.dispositionedAt,
    deadline: d.deadline,
    ...optional(d, ['firstFollowUpAt', 'completedAt']),
    overdue: isOverdue(d, now),
    escalationEligible: isEscalationEligible(d, now, settings),
  };
}

/**
 * An open disposition counts as escalation-eligible for its agency exactly when its complaint's
 * 60-day clock (lifecycle.escalationDueAt, copied onto the disposition) has run out. Items written
 * before the copy existed fall back to the same clock over the disposition's own dates.
 */
export function isEscalationEligible(d: Disposition, now: Date, settings: RegionSettings): boolean {
  if (d.status !== 'PENDING' && d.status !== 'IN_PROGRESS') return false;
  const due = d.escalationDueAt ?? escalationDueAt({ submittedAt: d.submittedAt, firstDispositionedAt: d.dispositionedAt, ...(d.lastFollowUpAt && { lastFollowUpAt: d.lastFollowUpAt }) }, settings);
  return now.getTime() >= Date.parse(due);
}

/** Past its follow-up deadline with no follow-up at all. */
export function isOverdue(d: Disposition, now: Date): boolean {
  return d.status === 'PENDING' && now.getTime() > new Date(d.deadline).getTime();
}

/**
 * The public's projection: personal data typed into the text masked, the location coarse. The
 * reporter's own view passes `exact` and gets what they wrote.
 */
function publicFields(record: ComplaintRecord, attachments: AttachmentView[], exact = false): PublicComplaintView {
  const c = record.complaint;
  const names = new Map(record.dispositions.map((d) => [d.agencyId, d.agencyName]));
  const text = exact ? (t: string) => t : maskPersonalData;
  const location = c.location && (exact ? c.location : coarseLocation(c.location));
  return {
    trackingId: c.trackingId,
    classification: c.classification,
    title: text(c.title),
    description: text(c.description),
    ...optional(c, ['category', 'incidentDate', 'completedAt']),
    ...(location && { location }),
    status: c.status,
    submittedAt: c.submittedAt,
    ...(!c.anonymous && c.reporter?.name && { reporterName: c.reporter.name }),
    dispositions: record.dispositions
      .filter((d) => d.status !== 'RETURNED')
      .map((d) => ({
        agencyId: d.agencyId,
        agencyName: d.agencyName,
        status: d.status,
        dispositionedAt: d.dispositionedAt,
        deadline: d.deadline,
      })),
    followUps: record.timeline
      .filter((e) => e.type === 'FOLLOWED_UP' && e.agencyId !== undefined)
      .map((e) => ({
        at: e.at,
        agencyId: e.agencyId as string,
        agencyName: names.get(e.agencyId as string) ?? (e.agencyId as string),
        message: text(e.message ?? ''),
        final: e.details?.final === true,
      })),
    attachments,
  };
}

function staffFields(c: Complaint): StaffComplaintFields {
  return {
    trackingId: c.trackingId,
    classification: c.classification,
    title: c.title,
    description: c.description,
    ...optional(c, ['category', 'location', 'incidentDate']),
    anonymous: c.anonymous,
    confidential: c.confidential,
    ...(!c.anonymous && c.reporter?.name && { reporterName: c.reporter.name }),
    status: c.status,
    submittedAt: c.submittedAt,
    verificationDeadline: c.verificationDeadline,
    ...optional(c, [
      'statusReason',
      'verifiedAt',
      'firstDispositionedAt',
      'firstFollowUpAt',
      'completedAt',
      'escalationEligibleAt',
      'escalatedAt',
      'escalationDueAt',
      'rating',
      'autoCloseAt',
      'closedAt',
    ]),
    ...(c.escalation && { escalation: escalationView(c.escalation) }),
  };
}

function toDispositionView(d: Disposition): DispositionView {
  const { version: _v, trackingId: _t, complaintTitle: _title, classification: _c, submittedAt: _s, ...view } = d;
  return view;
}

function toTimelineView(e: TimelineEntry): TimelineView {
  return {
    at: e.at,
    type: e.type,
    actor: e.actor.role === 'agency' ? { role: 'agency', agencyId: e.actor.agencyId } : { role: e.actor.role },
    ...optional(e, ['agencyId', 'message', 'fromStatus', 'toStatus', 'details']),
  };
}

function optional<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
