// Request schemas: the single source for validation (and, later, for the OpenAPI document).
// zod/mini keeps Lambda bundles small (DESIGN.md §5).

import * as z from 'zod/mini';
import { CHANNELS, CLASSIFICATIONS, COMPLAINT_STATUSES, DISPOSITION_STATUSES, ROLES, VERIFICATION_ACTIONS } from '../core/model';
import { MAX_FILE_NAME_INPUT } from '../core/attachments';

/** Upper bound for any JSON request body; larger ones get 413 before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const optionalText = (max: number) => z.optional(z.string().check(z.trim(), z.maxLength(max)));

// New IDs have 10 characters after the prefix; imported LAPOR! numbers (LPR-4827361) are shorter or longer.
export const trackingIdSchema = z.string().check(z.regex(/^[A-Z]{2,6}-[0-9A-Z]{1,20}$/, 'is not a tracking ID'));
export const agencyIdSchema = z.string().check(
  z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2-63 lowercase letters, digits or dashes'),
);

export const SubmitComplaintBody = z.strictObject({
  classification: z.enum(CLASSIFICATIONS),
  title: text(5, 200),
  description: text(10, 5000),
  category: z.optional(text(1, 100)),
  location: z.optional(
    z.strictObject({
      address: optionalText(500),
      lat: z.optional(z.number().check(z.gte(-90), z.lte(90))),
      lon: z.optional(z.number().check(z.gte(-180), z.lte(180))),
    }),
  ),
  incidentDate: z.optional(z.iso.date()),
  anonymous: z.optional(z.boolean()),
  confidential: z.optional(z.boolean()),
  /** false: no emails about this report even when an email address is given. */
  emailUpdates: z.optional(z.boolean()),
  reporter: z.optional(
    z.strictObject({
      name: z.optional(text(1, 100)),
      email: z.optional(z.email().check(z.maxLength(254))),
      phone: z.optional(z.string().check(z.regex(/^\+?[0-9][0-9 ()-]{5,19}$/, 'must be a phone number'))),
    }),
  ),
});

export const RespondBody = z.strictObject({
  message: text(1, 5000),
  rating: z.optional(z.int().check(z.gte(1), z.lte(5))),
  reopen: z.optional(z.boolean()),
});

export const VerifyBody = z.strictObject({
  action: z.enum(VERIFICATION_ACTIONS),
  // 15 keeps the whole verification (dispositions, timeline, counters, outbox) in one transaction.
  agencyIds: z.optional(z.array(agencyIdSchema).check(z.minLength(1), z.maxLength(15))),
  reason: optionalText(1000),
  anonymous: z.optional(z.boolean()),
  confidential: z.optional(z.boolean()),
  /** Release the attachments listed now to the public view (never shown for a confidential complaint). */
  publicAttachments: z.optional(z.boolean()),
});

export const AddDispositionBody = z.strictObject({
  agencyId: agencyIdSchema,
  note: optionalText(1000),
});

export const PutAgencyBody = z.strictObject({
  name: text(2, 200),
  emails: z.array(z.email().check(z.maxLength(254))).check(z.minLength(1), z.maxLength(10)),
  active: z.boolean(),
});

export const FollowUpBody = z.strictObject({
  message: text(1, 5000),
  final: z.optional(z.boolean()),
});

export const ReturnBody = z.strictObject({
  reason: text(1, 1000),
});

export const WithdrawBody = z.strictObject({
  reason: text(1, 1000),
});

/** Optional body: without it the Ombudsman gets no contact details. */
export const EscalateBody = z.strictObject({
  shareContact: z.optional(z.boolean()),
});

const pageQuery = {
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_PAGE_SIZE))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
};

export const PublicComplaintsQuery = z.strictObject({
  status: z.optional(z.enum(COMPLAINT_STATUSES)),
  category: z.optional(agencyIdSchema),
  classification: z.optional(z.enum(CLASSIFICATIONS)),
  ...pageQuery,
});
export const ListUndeliveredQuery = z.strictObject({ ...pageQuery });
/** An agency's inbox: newest first, or by deadline (earliest first; the deadline grows with the disposition date). */
export const DISPOSITION_SORTS = ['newest', 'deadline'] as const;
export const ListDispositionsQuery = z.strictObject({
  status: z.optional(z.enum(DISPOSITION_STATUSES)),
  sort: z.optional(z.enum(DISPOSITION_SORTS)),
  ...pageQuery,
});

export const TrackingIdParams = z.strictObject({ trackingId: trackingIdSchema });
export const AttachmentParams = z.strictObject({
  trackingId: trackingIdSchema,
  attachmentId: z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'is not an attachment ID')),
});

/**
 * An upload to be: type, size and name are checked against the region's rules by the handler
 * (415, 413, 400 with a message each), not here, so each refusal says what is wrong.
 */
export const CreateAttachmentBody = z.strictObject({
  fileName: z.string().check(z.minLength(1), z.maxLength(MAX_FILE_NAME_INPUT)),
  contentType: z.string().check(z.minLength(1), z.maxLength(100)),
  size: z.int().check(z.gte(1)),
});
export const AgencyIdParams = z.strictObject({ agencyId: agencyIdSchema });
export const DispositionParams = z.strictObject({ trackingId: trackingIdSchema, agencyId: agencyIdSchema });

// Years this system can hold data for: LAPOR! began in 2011; imports may reach a little further back.
const periodSchema = z.string().check(
  z.regex(/^(19[7-9]\d|20\d\d)(-(0[1-9]|1[0-2]))?$/, 'must be a year YYYY or a month YYYY-MM between 1970 and 2099'),
);
const formatSchema = z.enum(['json', 'csv']);
export const MAX_EXPORT_PAGE_SIZE = 1000;

export const ComplianceReportQuery = z.strictObject({
  period: z.optional(periodSchema),
  format: z.optional(formatSchema),
});

/** A calendar date a report can start or end on: same years as periods. */
const reportDateSchema = z.iso.date().check(z.regex(/^(19[7-9]\d|20\d\d)-/, 'must be a date YYYY-MM-DD between 1970 and 2099'));

export const ComplianceHistoryQuery = z.strictObject({
  period: z.optional(periodSchema),
  from: z.optional(reportDateSchema),
  to: z.optional(reportDateSchema),
});

/** An officer's own %TL: a year (default this year), never one still to come. */
export const AgencyComplianceQuery = z.strictObject({
  year: z.optional(z.string().check(z.regex(/^(19[7-9]\d|20\d\d)$/, 'must be a year YYYY between 1970 and 2099'))),
});

export const SummaryQuery = z.strictObject({ period: z.optional(periodSchema) });

export const ExportComplaintsQuery = z.strictObject({
  from: z.optional(reportDateSchema),
  to: z.optional(reportDateSchema),
  agencyId: z.optional(agencyIdSchema),
  status: z.optional(z.enum(COMPLAINT_STATUSES)),
  format: z.optional(formatSchema),
  /**
   * How a CSV too large to answer inline arrives: a 303 to the file (default), or 201 with the link
   * for a browser, which can neither read a cross-origin redirect nor follow it with its own origin.
   */
  delivery: z.optional(z.enum(['redirect', 'link'])),
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_EXPORT_PAGE_SIZE))),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

// ---- staff accounts ---------------------------------------------------------------------------

/** A directory username: a UUID in Cognito, a short name for the local accounts. */
export const UserIdParams = z.strictObject({
  userId: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/, 'is not a user ID')),
});

export const ListStaffQuery = z.strictObject({ ...pageQuery });

export const InviteStaffBody = z.strictObject({
  email: z.email().check(z.maxLength(254)),
  name: z.optional(text(1, 100)),
  role: z.enum(ROLES),
  /** Required for role agency, refused for the others. */
  agencyId: z.optional(agencyIdSchema),
});

export const SetStaffAgencyBody = z.strictObject({ agencyId: agencyIdSchema });

// ---- the coordinator's desk ------------------------------------------------------------------

/** A complaint received by phone, in person, by letter or on social media, keyed in by the coordinator. */
export const KeyInComplaintBody = z.strictObject({
  ...SubmitComplaintBody.def.shape,
  channel: z.enum(CHANNELS.filter((c) => c !== 'WEB') as ['PHONE', 'IN_PERSON', 'LETTER', 'SOCIAL_MEDIA']),
});

/** Corrections during verification; each changed field is recorded in the timeline with its old value. */
export const CorrectComplaintBody = z.strictObject({
  title: z.optional(text(5, 200)),
  category: z.optional(text(1, 100)),
  classification: z.optional(z.enum(CLASSIFICATIONS)),
});

/** The coordinator's queue: filters, search and sort (GET /admin/complaints). */
export const QUEUE_SORTS = ['newest', 'oldest', 'deadline'] as const;
export const ListComplaintsQuery = z.strictObject({
  status: z.optional(z.enum(COMPLAINT_STATUSES)),
  classification: z.optional(z.enum(CLASSIFICATIONS)),
  category: z.optional(text(1, 100)),
  agencyId: z.optional(agencyIdSchema),
  overdue: z.optional(z.enum(['true', 'false'])),
  from: z.optional(reportDateSchema),
  to: z.optional(reportDateSchema),
  q: z.optional(text(1, 100)),
  sort: z.optional(z.enum(QUEUE_SORTS)),
  ...pageQuery,
});
