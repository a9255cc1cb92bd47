// Response schemas: what every route answers, field for field, as the OpenAPI document publishes
// it (functions/http/openapi.ts). They mirror the view types of functions/core/views.ts and the
// handlers' own bodies; test/unit/http/response-schemas.test.ts checks at compile time that each
// schema and its type agree, and test/api/openapi-conformance.test.ts validates real responses
// against them. Every object is strict (additionalProperties: false): a field a handler returns
// but the document does not describe fails the conformance test.
// zod/mini keeps the public Lambda bundle (which serves /openapi.json) small (DESIGN.md §5).

import * as z from 'zod/mini';
import { ATTACHMENT_CONTENT_TYPES, type AttachmentContentType } from '../core/attachments';
import { CLASSIFICATIONS, COMPLAINT_STATUSES, DISPOSITION_STATUSES, ESCALATION_DELIVERY_STATUSES, ROLES, TIMELINE_TYPES, CHANNELS } from '../core/model';
import { ADMIN_ACTIONS, ADMIN_DISPOSITION_ACTIONS, AGENCY_ACTIONS, REPORTER_ACTIONS } from '../core/actions';
import { NOTIFICATION_KINDS } from '../core/undelivered';

const instant = z.iso.datetime();
const localDate = z.iso.date();
const count = z.int().check(z.gte(0));
const period = z.string().check(z.regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/));
const classification = z.enum(CLASSIFICATIONS);
const complaintStatus = z.enum(COMPLAINT_STATUSES);
const dispositionStatus = z.enum(DISPOSITION_STATUSES);
const timelineType = z.enum(TIMELINE_TYPES);
const nextCursor = z.nullable(z.string()).check(z.describe('Pass as cursor for the next page; null on the last page'));
const rating = z.int().check(z.gte(1), z.lte(5));

export const Location = z.strictObject({
  address: z.optional(z.string()),
  lat: z.optional(z.number()),
  lon: z.optional(z.number()),
});

/** Contact details: only the reporter (their own) and the coordinator ever see them. */
export const Reporter = z.strictObject({
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  phone: z.optional(z.string()),
});

export const TimelineDetails = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

// ---- public and reporter -------------------------------------------------------------------

export const Health = z.strictObject({ status: z.literal('ok'), time: instant });

/** GET /openapi.json: this document (its own shape is OpenAPI's, checked against the 3.1 schema). */
export const OpenApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

export const SubmittedComplaint = z.strictObject({
  trackingId: z.string(),
  accessToken: z.string().check(z.describe("The reporter's secret, shown only this once (stored only as a hash): send it as X-Access-Token")),
  status: complaintStatus,
  submittedAt: instant,
  verificationDeadline: instant,
});

export const PublicDispositionView = z.strictObject({
  agencyId: z.string(),
  agencyName: z.string(),
  status: dispositionStatus,
  dispositionedAt: instant,
  deadline: instant,
});

export const PublicFollowUp = z.strictObject({
  at: instant,
  agencyId: z.string(),
  agencyName: z.string(),
  message: z.string(),
  final: z.boolean(),
});

// ---- attachments ---------------------------------------------------------------------------

const attachmentType = z.enum(ATTACHMENT_CONTENT_TYPES as [AttachmentContentType, ...AttachmentContentType[]]);
const uploader = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('reporter') }),
  z.strictObject({ role: z.literal('agency'), agencyId: z.string() }),
]);

const attachmentFields = {
  attachmentId: z.string(),
  fileName: z.string().check(z.describe("Sanitised for display; for agencies and the public an anonymous reporter's files get neutral names")),
  contentType: attachmentType,
  size: count.check(z.describe('Bytes')),
  uploadedBy: uploader,
  addedAt: instant,
  url: z.url().check(z.describe('Presigned GET (serves the file inline under its name); valid a few minutes, fetch a fresh view for a new one')),
  urlExpiresAt: instant,
};

/** A listed attachment with a short-lived download link. */
export const AttachmentView = z.strictObject(attachmentFields);

export const AdminAttachmentView = z.strictObject({
  ...attachmentFields,
  public: z.boolean().check(z.describe('Released to the public view by the coordinator at verification (publicAttachments)')),
});

/** POST .../attachments: where to PUT the file, then complete it. */
export const AttachmentUpload = z.strictObject({
  attachmentId: z.string(),
  fileName: z.string().check(z.describe('The name as it will be shown (sanitised)')),
  uploadUrl: z.url().check(z.describe('Presigned PUT: send exactly the declared bytes with uploadHeaders; Content-Type and Content-Length are signed')),
  uploadHeaders: z.record(z.string(), z.string()),
  expiresAt: instant.check(z.describe('The uploadUrl works until then; complete the upload afterwards')),
});

const publicFields = {
  trackingId: z.string(),
  classification,
  title: z.string(),
  description: z.string(),
  category: z.optional(z.string()),
  location: z.optional(Location),
  incidentDate: z.optional(localDate),
  status: complaintStatus,
  submittedAt: instant,
  completedAt: z.optional(instant),
  reporterName: z.optional(z.string().check(z.describe('Only when the reporter is not anonymous'))),
  dispositions: z.array(PublicDispositionView),
  followUps: z.array(PublicFollowUp),
  attachments: z.array(AttachmentView).check(
    z.describe('Public view: only files the coordinator released at verification; reporter view: every listed file'),
  ),
};

export const PublicComplaintView = z.strictObject(publicFields);

/** Outside the coordinator, staff appear only as their role (and agency). */
export const TimelineView = z.strictObject({
  at: instant,
  type: timelineType,
  actor: z.strictObject({ role: z.enum(['reporter', 'admin', 'agency', 'system']), agencyId: z.optional(z.string()) }),
  agencyId: z.optional(z.string()),
  message: z.optional(z.string()),
  fromStatus: z.optional(complaintStatus),
  toStatus: z.optional(complaintStatus),
  details: z.optional(TimelineDetails),
});

export const EscalationView = z.strictObject({
  status: z.enum(ESCALATION_DELIVERY_STATUSES).check(z.describe('QUEUED until the mailer has sent it; SENT; FAILED with a reason (refused for good)')),
  escalatedAt: instant,
  reason: z.optional(z.string()),
});

const escalationDueAt = instant.check(z.describe('When the 60-day clock ends: the later of submission, first disposition and last follow-up, plus 60 days'));
const autoCloseFields = {
  autoCloseAt: z.optional(
    instant.check(z.describe('Completed, not yet closed: the report closes after this instant (10 working days) unless the reporter replies or reopens; each reply restarts it')),
  ),
  closedAt: z.optional(instant.check(z.describe('Closed by the daily job after the reporter did not reply in time; it can no longer be reopened'))),
};

export const ReporterComplaintView = z.strictObject({
  ...publicFields,
  anonymous: z.boolean(),
  confidential: z.boolean(),
  reporter: z.optional(Reporter),
  statusReason: z.optional(z.string()),
  verificationDeadline: instant,
  verifiedAt: z.optional(instant),
  escalationEligibleAt: z.optional(instant),
  escalatedAt: z.optional(instant),
  escalationDueAt: z.optional(escalationDueAt),
  escalation: z.optional(EscalationView),
  rating: z.optional(rating),
  ...autoCloseFields,
  timeline: z.array(TimelineView),
  actions: z
    .array(z.enum(REPORTER_ACTIONS))
    .check(z.describe('What the reporter may do now (the same rules the commands check): the web offers exactly these')),
});

export const ReporterResponseResult = z.strictObject({
  trackingId: z.string(),
  status: complaintStatus,
  timeline: z
    .array(z.strictObject({ at: instant, type: timelineType, message: z.optional(z.string()) }))
    .check(z.describe('The entries this response added')),
});

export const EscalationResult = z.strictObject({
  trackingId: z.string(),
  status: complaintStatus,
  escalatedAt: instant,
  escalation: EscalationView.check(z.describe('QUEUED: the outbox mailer sends the report to the Ombudsman; read the complaint for SENT or FAILED')),
});

// ---- staff views ---------------------------------------------------------------------------

export const DispositionView = z.strictObject({
  agencyId: z.string(),
  agencyName: z.string(),
  status: dispositionStatus,
  note: z.optional(z.string()),
  dispositionedAt: instant,
  deadline: instant.check(z.describe('Follow-up deadline: 5 working days after dispositionedAt')),
  firstFollowUpAt: z.optional(instant),
  lastFollowUpAt: z.optional(instant),
  completedAt: z.optional(instant),
  returnedAt: z.optional(instant),
  returnReason: z.optional(z.string()),
  withdrawnAt: z.optional(instant.check(z.describe('Withdrawn by the coordinator after its deadline (status RETURNED)'))),
  withdrawReason: z.optional(z.string()),
  escalationDueAt: z.optional(escalationDueAt),
});

const complaintFields = {
  trackingId: z.string(),
  classification,
  title: z.string(),
  description: z.string(),
  category: z.optional(z.string()),
  location: z.optional(Location),
  incidentDate: z.optional(localDate),
  anonymous: z.boolean(),
  confidential: z.boolean(),
  status: complaintStatus,
  statusReason: z.optional(z.string()),
  submittedAt: instant,
  verificationDeadline: instant,
  verifiedAt: z.optional(instant),
  firstDispositionedAt: z.optional(instant),
  firstFollowUpAt: z.optional(instant),
  completedAt: z.optional(instant),
  escalationEligibleAt: z.optional(instant),
  escalatedAt: z.optional(instant),
  escalationDueAt: z.optional(escalationDueAt),
  escalation: z.optional(EscalationView),
  rating: z.optional(rating),
  ...autoCloseFields,
};

export const AgencyComplaintView = z.strictObject({
  ...complaintFields,
  reporterName: z.optional(z.string().check(z.describe('Omitted for anonymous complaints'))),
  actions: z.array(z.enum(AGENCY_ACTIONS)).check(z.describe('What this agency may do now; the commands refuse anything else')),
  disposition: DispositionView,
  timeline: z.array(TimelineView),
  attachments: z.array(AttachmentView).check(z.describe("The reporter's files and this agency's own")),
});

export const Actor = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('reporter') }),
  z.strictObject({ role: z.literal('admin'), userId: z.string() }),
  z.strictObject({ role: z.literal('agency'), userId: z.string(), agencyId: z.string() }),
  z.strictObject({ role: z.literal('system') }),
]);

export const AdminDispositionView = z.strictObject({
  ...DispositionView.def.shape,
  actions: z.array(z.enum(ADMIN_DISPOSITION_ACTIONS)).check(z.describe('WITHDRAW: overdue without follow-up; the coordinator may take it back with a reason')),
});

export const TimelineEntry = z.strictObject({
  trackingId: z.string(),
  seq: z.string(),
  at: instant,
  type: timelineType,
  actor: Actor,
  agencyId: z.optional(z.string()),
  message: z.optional(z.string()),
  fromStatus: z.optional(complaintStatus),
  toStatus: z.optional(complaintStatus),
  details: z.optional(TimelineDetails),
});

/** The coordinator's view: the reporter's identity and contact, except an anonymous reporter's. */
export const AdminComplaintView = z.strictObject({
  ...complaintFields,
  lastFollowUpAt: z.optional(instant),
  agencyIds: z.optional(z.array(z.string()).check(z.describe('Agencies holding an active (not returned) disposition'))),
  emailUpdates: z.optional(z.boolean().check(z.describe('Whether the reporter asked for email updates'))),
  reporter: z.optional(Reporter.check(z.describe('Identity and contact, also of anonymous reporters'))),
  publicAttachments: z.optional(z.boolean().check(z.describe('Attachments released to the public view at verification'))),
  actions: z.array(z.enum(ADMIN_ACTIONS)).check(z.describe('What the coordinator may do now; the commands refuse anything else')),
  dispositions: z.array(AdminDispositionView),
  timeline: z.array(TimelineEntry),
  attachments: z.array(AdminAttachmentView),
  version: z.int().check(z.describe('Optimistic-locking version: 1 after submission, +1 on every change')),
});

export const ComplaintListItem = z.strictObject({
  trackingId: z.string(),
  classification,
  title: z.string(),
  category: z.optional(z.string()),
  status: complaintStatus,
  anonymous: z.boolean(),
  confidential: z.boolean(),
  submittedAt: instant,
  verificationDeadline: instant,
  verificationOverdue: z.boolean().check(z.describe('Still unverified past the verification deadline')),
});

export const ComplaintPage = z.strictObject({ items: z.array(ComplaintListItem), nextCursor });

export const PublicListItem = z.strictObject({
  trackingId: z.string(),
  classification,
  title: z.string(),
  category: z.optional(z.string().check(z.describe('A category id from GET /region'))),
  status: complaintStatus,
  submittedAt: instant,
  completedAt: z.optional(instant),
  reporterName: z.optional(z.string().check(z.describe('Only when the reporter is not anonymous'))),
});

export const PublicComplaintPage = z.strictObject({ items: z.array(PublicListItem), nextCursor });

export const RegionInfo = z.strictObject({
  regionName: z.string(),
  trackingPrefix: z.string(),
  timeZone: z.string(),
  categories: z.array(z.strictObject({ id: z.string(), label: z.string() })),
  areas: z.array(z.strictObject({ kecamatan: z.string(), desa: z.array(z.string()) })),
  attachments: z.strictObject({ maxBytes: count, maxPerComplaint: count, contentTypes: z.array(z.string()) }),
  classifications: z.array(z.strictObject({ id: classification, label: z.string(), description: z.string() })),
  reopenWindowDays: count,
  escalationDays: count,
});

export const Agency = z.strictObject({
  agencyId: z.string(),
  name: z.string(),
  emails: z.array(z.string()),
  active: z.boolean(),
  updatedAt: instant,
});

export const AgencyList = z.strictObject({ items: z.array(Agency) });

export const StaffUser = z.strictObject({
  userId: z.string(),
  email: z.string(),
  name: z.optional(z.string()),
  role: z.enum(ROLES),
  agencyId: z.optional(z.string()),
  enabled: z.boolean(),
  status: z.enum(['INVITED', 'ACTIVE']).check(z.describe('INVITED until the temporary password is changed at the first sign-in')),
  createdAt: instant,
});

export const StaffPage = z.strictObject({ items: z.array(StaffUser), nextCursor });
export const UndeliveredNotification = z.strictObject({
  notificationId: z.string().check(z.describe('The email ledger key: stable for one email, e.g. NOTIFY#<trackingId>#<seq>')),
  kind: z.enum(NOTIFICATION_KINDS),
  state: z.enum(['RETRYING', 'FAILED']).check(z.describe('RETRYING: sent again with backoff; FAILED: will not be sent')),
  recipient: z.string(),
  trackingId: z.optional(z.string()),
  agencyId: z.optional(z.string()),
  failedAt: instant,
  reason: z.string().check(z.describe("The email provider's error name and message")),
  attempts: z.int(),
  nextAttemptAt: z.optional(instant),
});
export const UndeliveredPage = z.strictObject({ items: z.array(UndeliveredNotification), nextCursor });

export const DispositionListItem = z.strictObject({
  trackingId: z.string(),
  title: z.string(),
  classification,
  submittedAt: instant,
  status: dispositionStatus,
  dispositionedAt: instant,
  deadline: instant,
  firstFollowUpAt: z.optional(instant),
  completedAt: z.optional(instant),
  overdue: z.boolean().check(z.describe('Still without follow-up after its deadline')),
  escalationEligible: z.boolean().check(z.describe('Open and past the 60-day clock: the reporter may forward it to the Ombudsman')),
});

export const DispositionPage = z.strictObject({ items: z.array(DispositionListItem), nextCursor });

export const ReturnResult = z.strictObject({
  trackingId: z.string(),
  agencyId: z.string(),
  dispositionStatus: z.literal('RETURNED'),
  complaintStatus,
});

// ---- reports -------------------------------------------------------------------------------

const complianceNumbers = {
  received: count,
  pending: count,
  inProgress: count,
  completed: count,
  followedUp: count,
  pctTL: z
    .nullable(z.number().check(z.gte(0), z.lte(100)))
    .check(z.describe('%TL = (inProgress + completed) / received × 100, two decimals; null when nothing was received (no data, never 0)')),
  belowThreshold: z.boolean(),
  overdue: count,
  escalationEligible: count,
  withdrawn: count.check(z.describe('Dispositions the coordinator withdrew after their deadline: outside %TL, listed for auditors')),
  medianHoursToFirstFollowUp: z.nullable(z.number().check(z.gte(0))).check(
    z.describe('null without any follow-up. Kept in fixed buckets: rounded down to the hour within the first week, to the day up to 60 days; 1440 means 60 days or more'),
  ),
};

export const ComplianceNumbers = z.strictObject(complianceNumbers);

export const AgencyComplianceRow = z.strictObject({
  agencyId: z.string(),
  name: z.string(),
  ...complianceNumbers,
  signInsLast30Days: count.check(z.describe("Keaktifan: sign-ins of the agency's officers in the 30 days before asOf (any period)")),
  officersSignedInLast30Days: count.check(z.describe('Distinct officers among those sign-ins')),
});

export const ComplianceReport = z.strictObject({
  period,
  asOf: instant,
  threshold: z.number().check(z.describe('The passing grade (%TL) of the region; belowThreshold compares the exact value')),
  agencies: z.array(AgencyComplianceRow).check(z.describe('Lowest %TL first; agencies without data last')),
  region: ComplianceNumbers.check(z.describe('Region totals: %TL of the sums, not an average of percentages')),
  verificationOverdue: count.check(z.describe('Reports still unverified by the coordinator after their verification deadline (3 working days), now')),
});

export const ComplianceSnapshotRow = z.strictObject({ asOf: localDate, computedAt: instant, ...complianceNumbers });

export const ComplianceHistory = z.strictObject({
  agencyId: z.string(),
  name: z.string(),
  period,
  threshold: z.number(),
  snapshots: z.array(ComplianceSnapshotRow),
});

export const OwnCompliancePeriod = z.strictObject({
  period,
  agency: ComplianceNumbers.check(z.describe("The caller's agency")),
  region: ComplianceNumbers.check(z.describe('Region totals: %TL of the sums, not an average of percentages')),
});

export const OwnCompliance = z.strictObject({
  agencyId: z.string(),
  name: z.string(),
  asOf: instant,
  threshold: z.number().check(z.describe('The passing grade (%TL) of the region')),
  year: OwnCompliancePeriod,
  months: z.array(OwnCompliancePeriod).check(z.describe('January to the current month (to December for a past year), oldest first')),
});

export const ComplaintSummary = z.strictObject({
  period,
  asOf: instant,
  total: count,
  byStatus: z.array(z.strictObject({ status: complaintStatus, label: z.string(), count })),
  byClassification: z.array(z.strictObject({ classification, count })),
  byCategory: z.array(z.strictObject({ category: z.string(), count })),
  byChannel: z
    .array(z.strictObject({ channel: z.enum(CHANNELS), count }))
    .check(z.describe('WEB: filed through the portal or the API; the others keyed in by the coordinator on a citizen\'s behalf')),
});

/** One exported complaint, as the JSON pages and the CSV columns carry it (auditor privacy rules). */
export const ExportRow = z.strictObject({
  trackingId: z.string(),
  classification,
  category: z.nullable(z.string()),
  title: z.string(),
  description: z.string(),
  status: complaintStatus,
  anonymous: z.boolean(),
  confidential: z.boolean(),
  reporterName: z.nullable(z.string()).check(z.describe('null when the reporter is anonymous or gave no name')),
  agencyIds: z.array(z.string()),
  submittedAt: instant,
  verificationDeadline: instant,
  verifiedAt: z.nullable(instant),
  dispositionedAt: z.nullable(instant).check(z.describe('The first disposition')),
  firstFollowUpAt: z.nullable(instant),
  completedAt: z.nullable(instant),
  escalationEligibleAt: z.nullable(instant),
  escalatedAt: z.nullable(instant),
  rating: z.nullable(rating),
});

export const ExportPage = z.strictObject({ items: z.array(ExportRow), nextCursor });

/** A CSV too large to answer inline: a short-lived link to the file (also in Location). */
export const ExportDownload = z.strictObject({
  downloadUrl: z.url(),
  expiresAt: instant,
  rows: count,
  bytes: count,
});

// ---- errors --------------------------------------------------------------------------------

export const FieldIssue = z.strictObject({ field: z.string(), message: z.string() });

const errorBody = <C extends readonly [string, ...string[]], D extends z.ZodMiniType>(codes: C, details: D) =>
  z.strictObject({ error: z.strictObject({ code: z.enum(codes), message: z.string(), details }) });

const anyDetails = z.optional(z.union([z.array(FieldIssue), z.record(z.string(), z.unknown())]));

export const ValidationError = errorBody(['VALIDATION_FAILED'], z.array(FieldIssue));
export const UnauthorizedError = errorBody(['UNAUTHORIZED'], anyDetails);
export const ForbiddenError = errorBody(['FORBIDDEN', 'MFA_REQUIRED'], anyDetails);
export const NotFoundError = errorBody(['NOT_FOUND'], anyDetails);
export const ConflictError = errorBody(['INVALID_TRANSITION', 'CONFLICT', 'CONCURRENT_MODIFICATION'], anyDetails);
export const PayloadTooLargeError = errorBody(['PAYLOAD_TOO_LARGE'], z.strictObject({ limitBytes: count }));
export const UnsupportedMediaTypeError = errorBody(['UNSUPPORTED_MEDIA_TYPE'], anyDetails);
export const IdempotencyKeyReusedError = errorBody(['IDEMPOTENCY_KEY_REUSED'], anyDetails);
export const RateLimitedError = errorBody(['RATE_LIMITED'], z.optional(z.strictObject({ retryAfterSeconds: count })));

/** A 5xx names no cause: only an id to quote, which the logs carry too. */
export const InternalError = z.strictObject({
  error: z.strictObject({ code: z.literal('INTERNAL'), message: z.string(), correlationId: z.string() }),
});

/** API Gateway's own answers (no token, unknown route, oversized body, timeouts): {"message": "..."}. */
export const GatewayError = z.strictObject({ message: z.string() });

/** Every named response schema; the keys are their names under #/components/schemas. */
export const RESPONSE_SCHEMAS = {
  Health,
  OpenApiDocument,
  SubmittedComplaint,
  Location,
  Reporter,
  PublicDispositionView,
  PublicFollowUp,
  AttachmentView,
  AdminAttachmentView,
  AttachmentUpload,
  PublicComplaintView,
  TimelineView,
  ReporterComplaintView,
  ReporterResponseResult,
  EscalationView,
  EscalationResult,
  DispositionView,
  AdminDispositionView,
  AgencyComplaintView,
  TimelineEntry,
  AdminComplaintView,
  ComplaintListItem,
  ComplaintPage,
  PublicListItem,
  PublicComplaintPage,
  RegionInfo,
  Agency,
  AgencyList,
  StaffUser,
  StaffPage,
  UndeliveredNotification,
  UndeliveredPage,
  DispositionListItem,
  DispositionPage,
  ReturnResult,
  ComplianceNumbers,
  AgencyComplianceRow,
  ComplianceReport,
  ComplianceSnapshotRow,
  ComplianceHistory,
  OwnCompliancePeriod,
  OwnCompliance,
  ComplaintSummary,
  ExportRow,
  ExportPage,
  ExportDownload,
  FieldIssue,
  ValidationError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  IdempotencyKeyReusedError,
  RateLimitedError,
  InternalError,
  GatewayError,
} as const;
