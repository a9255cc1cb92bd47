// The OpenAPI 3.1 document of this API, built from the one route table (lib/routes.ts), the request
// schemas that validate every request (schemas.ts) and the response schemas (response-schemas.ts):
// no hand-kept copy to drift. Built at build time (openApiTemplate); GET /openapi.json serves it
// (./openapi-asset); test/unit/http/openapi.test.ts checks it
// covers every route, and test/api/openapi-conformance.test.ts checks real responses against it.

import * as z from 'zod/mini';
import packageJson from '../../package.json';
import { ROUTES, type OperationId, type RouteDefinition } from '../../lib/routes';
import { EXPORT_COLUMNS } from '../core/complaint-export';
import type { ErrorCode } from '../core/errors';
import type { StaffRole } from '../core/model';
import * as req from './schemas';
import * as res from './response-schemas';
import { LOCAL_TOKEN_URL, TOKEN_URL_PLACEHOLDER } from './openapi-asset';

type Schema = z.ZodMiniType;
/** A JSON Schema (2020-12) object as the document carries it. */
export type JsonSchema = Record<string, unknown>;

/** The scope of auditors' client-credentials tokens (Cognito: "<resource server>/<scope>"). */
export const REPORTS_SCOPE = 'tuntas/reports.read';
/** The reporter's secret, returned once at submission. */
export const ACCESS_TOKEN_HEADER = 'X-Access-Token';
export { LOCAL_TOKEN_URL };

export const SECURITY_SCHEMES = {
  staffToken: 'staffToken',
  auditorClientCredentials: 'auditorClientCredentials',
  reporterAccessToken: 'reporterAccessToken',
} as const;

/** The status each error code answers with; the compiler insists every code is listed once. */
export const ERROR_STATUSES = {
  400: ['VALIDATION_FAILED'],
  401: ['UNAUTHORIZED'],
  403: ['FORBIDDEN', 'MFA_REQUIRED'],
  404: ['NOT_FOUND'],
  409: ['INVALID_TRANSITION', 'CONFLICT', 'CONCURRENT_MODIFICATION'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  422: ['IDEMPOTENCY_KEY_REUSED'],
  429: ['RATE_LIMITED'],
} as const satisfies Record<number, readonly ErrorCode[]>;
type DocumentedCode = (typeof ERROR_STATUSES)[keyof typeof ERROR_STATUSES][number];
// A new ErrorCode that is not documented above fails the build here.
const allCodesDocumented: Exclude<ErrorCode, DocumentedCode> extends never ? true : never = true;
void allCodesDocumented;

interface SuccessDoc {
  description: string;
  /** The JSON body; several schemas mean "one of these". */
  body: Schema | readonly Schema[];
  /** Also answers text/csv (with format=csv): the CSV's header row. */
  csvColumns?: readonly string[];
  headers?: Record<string, HeaderDoc>;
}

interface HeaderDoc {
  description: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface OperationDoc {
  description?: string;
  body?: Schema;
  /** The body may be left out (requestBody.required false). */
  bodyOptional?: boolean;
  query?: Schema;
  params?: Schema;
  /** Public routes that read the reporter's X-Access-Token: optional (a richer view) or required. */
  accessToken?: 'optional' | 'required';
  /** Takes an Idempotency-Key header (a reused key with another body is 422). */
  idempotencyKey?: true;
  /** Error statuses beyond those the request shape implies (400, 401, 403, 413, 415, 422, 429, 5xx). */
  errors?: ReadonlyArray<404 | 409 | 413 | 415>;
  responses: Partial<Record<200 | 201 | 202 | 303, SuccessDoc>>;
}

const LOCATION = { description: 'The URL of what was created or is to be fetched', required: true, schema: { type: 'string', format: 'uri-reference' } };
const CONTENT_DISPOSITION = {
  description: 'attachment; filename="..." for CSV answers',
  schema: { type: 'string' },
};
const COMPLIANCE_COLUMNS = Object.keys(res.AgencyComplianceRow.def.shape);
const CORRELATION_ID = '^[A-Za-z0-9._:-]{1,128}$';
const CORRELATION_HEADER_REF = { $ref: '#/components/headers/CorrelationId' };
const IDEMPOTENCY_KEY_PARAMETER: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes retries safe: a repeat with the same key and body (within an hour) gets the first answer, access token ' +
    'included, and files nothing new; the same key with another body is 422',
  schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
};

/** What each route takes and answers. Typed by the route table: a new route must be described here. */
export const OPERATION_DOCS: { [K in OperationId]: OperationDoc } = {
  health: { responses: { 200: { description: 'The API answers', body: res.Health } } },
  openApiDocument: {
    description: 'This document. Built from the same schemas that validate requests, so it cannot drift from the API.',
    responses: { 200: { description: 'The OpenAPI 3.1 document', body: res.OpenApiDocument } },
  },
  regionInfo: {
    description: 'What the citizen forms offer: categories (a submission must use one of their ids), kecamatan/desa when configured, attachment limits and the classifications explained.',
    responses: { 200: { description: 'The region', body: res.RegionInfo } },
  },
  listPublicComplaints: {
    description:
      'Recent complaints, newest first, as the public sees them: never a confidential one, never the name of an anonymous ' +
      'reporter. Filters: status, category (id), classification. A page may hold fewer items than limit while nextCursor is set.',
    query: req.PublicComplaintsQuery,
    responses: { 200: { description: 'One page; pass nextCursor as cursor for the next', body: res.PublicComplaintPage } },
  },
  submitComplaint: {
    description:
      'Files a complaint; no account needed. The answer carries the tracking ID and, once only, the access token: ' +
      `send it as ${ACCESS_TOKEN_HEADER} to see the reporter view, respond, rate, reopen or forward to the Ombudsman. ` +
      '`anonymous` hides the name from everyone but the coordinator; `confidential` hides the whole report from the public. ' +
      'One client (source IP) may file a limited number per hour (429 with Retry-After beyond it).',
    body: req.SubmitComplaintBody,
    idempotencyKey: true,
    errors: [409],
    responses: {
      201: { description: 'Filed; keep the accessToken', body: res.SubmittedComplaint, headers: { Location: LOCATION } },
    },
  },
  getComplaint: {
    description:
      `With the complaint's ${ACCESS_TOKEN_HEADER}: the reporter view (own contact details, timeline). Without it: ` +
      'the public view, which never shows contact details, nor the name of an anonymous reporter. A confidential ' +
      'complaint is 404 to anyone without its token.',
    params: req.TrackingIdParams,
    accessToken: 'optional',
    errors: [404],
    responses: {
      200: {
        description: 'The reporter view (with the right token) or the public view',
        body: [res.ReporterComplaintView, res.PublicComplaintView],
      },
    },
  },
  respondToComplaint: {
    description: 'The reporter answers a follow-up, rates a completed complaint (1-5), or reopens it within the configured window.',
    params: req.TrackingIdParams,
    body: req.RespondBody,
    accessToken: 'required',
    errors: [404, 409],
    responses: { 201: { description: 'Recorded', body: res.ReporterResponseResult } },
  },
  escalateComplaint: {
    description:
      'Forwards a report to the Ombudsman once its 60-day clock has run out (60 calendar days, by default, from the later ' +
      'of submission, first disposition and last follow-up). The email is queued and sent by the outbox mailer, once; ' +
      'the reporter view shows QUEUED, SENT or FAILED. shareContact: true lets the Ombudsman have the contact details ' +
      '(never of an anonymous report).',
    params: req.TrackingIdParams,
    body: req.EscalateBody,
    bodyOptional: true,
    accessToken: 'required',
    errors: [404, 409],
    responses: { 202: { description: 'Escalated; the email is queued', body: res.EscalationResult } },
  },
  requestAttachmentUpload: {
    description:
      'The reporter attaches evidence (JPEG, PNG, WebP or PDF; the region sets the size and count limits, 10 MB and 5 by ' +
      'default). Declare the file; the answer has a presigned PUT valid for 10 minutes with Content-Type and ' +
      'Content-Length signed. Then PUT the bytes there and call complete: only checked files are listed. ' +
      '415: type not accepted; 413: too large; 409: the complaint already has the maximum (uploads in progress count ' +
      'until their link expires) or is closed; 400: no usable file name.',
    params: req.TrackingIdParams,
    body: req.CreateAttachmentBody,
    accessToken: 'required',
    errors: [404, 409],
    responses: { 201: { description: 'Upload here, then complete', body: res.AttachmentUpload } },
  },
  completeAttachmentUpload: {
    description:
      'Checks the uploaded file: present (409 if not yet), exactly the declared size (413 if larger, 400 if smaller) and ' +
      'of the declared type by its first bytes (415). A file that fails is deleted: request a new upload. A file that ' +
      'passes is listed (timeline ATTACHMENT_ADDED). Completing again answers the same.',
    params: req.AttachmentParams,
    accessToken: 'required',
    errors: [404, 409, 413, 415],
    responses: { 200: { description: 'Listed; with a short-lived link to it', body: res.AttachmentView } },
  },
  listComplaints: {
    description:
      'The queue. q: a tracking ID, or words all in the title. sort=deadline is oldest first. Filtered pages may be short with a nextCursor: read on.',
    query: req.ListComplaintsQuery,
    responses: { 200: { description: 'One page; pass nextCursor as cursor for the next', body: res.ComplaintPage } },
  },
  keyInComplaint: {
    description:
      "Files a complaint received by phone, in person, by letter or social media on a citizen's behalf; the accessToken is for the citizen.",
    body: req.KeyInComplaintBody,
    idempotencyKey: true,
    responses: {
      201: { description: 'Filed; give the citizen the tracking ID and the accessToken', body: res.SubmittedComplaint, headers: { Location: LOCATION } },
    },
  },
  correctComplaint: {
    description:
      'While SUBMITTED or ON_HOLD: each changed field becomes a CORRECTED timeline entry {field, from, to}.',
    params: req.TrackingIdParams,
    body: req.CorrectComplaintBody,
    errors: [404, 409],
    responses: { 200: { description: 'The corrected complaint', body: res.AdminComplaintView } },
  },
  getComplaintForAdmin: {
    params: req.TrackingIdParams,
    errors: [404],
    responses: { 200: { description: "The coordinator's view: everything but an anonymous reporter's identity", body: res.AdminComplaintView } },
  },
  verifyComplaint: {
    description:
      'DISPOSITION to one or more agencies (agencyIds), HOLD, ARCHIVE or NOT_AUTHORITY (both need a reason). ' +
      'Verification is due within 3 working days of submission. publicAttachments: true releases the attachments ' +
      'listed now to the public view (photos can show faces and house numbers: look first); files added later stay private. ' +
      'A confidential complaint never shows any.',
    params: req.TrackingIdParams,
    body: req.VerifyBody,
    errors: [404, 409],
    responses: { 200: { description: 'The complaint after verification', body: res.AdminComplaintView } },
  },
  addDisposition: {
    params: req.TrackingIdParams,
    body: req.AddDispositionBody,
    errors: [404, 409],
    responses: { 201: { description: 'The complaint with the new disposition', body: res.AdminComplaintView } },
  },
  listUndeliveredNotifications: {
    description:
      'Emails that did not reach their recipient, newest failure first: RETRYING ones (SES paused or in the sandbox, an ' +
      'unverified identity, throttling) are sent again with backoff for about two days; FAILED ones (a malformed address, ' +
      'or retries exhausted) will not be. Each counts in the EmailDeliveryFailures metric.',
    query: req.ListUndeliveredQuery,
    responses: { 200: { description: 'One page; pass nextCursor as cursor for the next', body: res.UndeliveredPage } },
  },
  withdrawDisposition: {
    description:
      'After its follow-up deadline an agency can no longer return a disposition; the coordinator can withdraw one still ' +
      'without follow-up, with a reason. It leaves the agency\'s %TL like a return, and is counted as withdrawn in the reports ' +
      'and shown on the timeline. A complaint left without an active disposition goes back to the queue (RETURNED).',
    params: req.DispositionParams,
    body: req.WithdrawBody,
    errors: [404, 409],
    responses: { 200: { description: 'The complaint after the withdrawal', body: res.AdminComplaintView } },
  },
  listAgencies: { responses: { 200: { description: 'Every agency, by name', body: res.AgencyList } } },
  putAgency: {
    params: req.AgencyIdParams,
    body: req.PutAgencyBody,
    responses: {
      200: { description: 'Updated', body: res.Agency },
      201: { description: 'Created', body: res.Agency },
    },
  },
  listStaff: {
    description: 'Every staff account, by role group (admin, agency, auditor), paged with cursors.',
    query: req.ListStaffQuery,
    responses: { 200: { description: 'One page; pass nextCursor as cursor for the next', body: res.StaffPage } },
  },
  inviteStaff: {
    description:
      'Creates the account and emails the invitation. An officer needs an active agencyId; other roles none. 409: email taken.',
    body: req.InviteStaffBody,
    errors: [409],
    responses: { 201: { description: 'Invited', body: res.StaffUser } },
  },
  disableStaff: {
    description: 'No more sign-ins or renewals. 409 for your own account.',
    params: req.UserIdParams,
    errors: [404, 409],
    responses: { 200: { description: 'Disabled', body: res.StaffUser } },
  },
  enableStaff: {
    params: req.UserIdParams,
    errors: [404],
    responses: { 200: { description: 'Enabled', body: res.StaffUser } },
  },
  resetStaffMfa: {
    description:
      "Turns the account's TOTP off (a lost phone): the next sign-in asks for no code, and a coordinator then sets TOTP up " +
      'again before any admin route answers. Renewals of its current session no longer carry the mfa claim. 409 for your own account.',
    params: req.UserIdParams,
    errors: [404, 409],
    responses: { 200: { description: 'TOTP turned off', body: res.StaffUser } },
  },
  setStaffAgency: {
    description: 'The next sign-in or renewal carries it. 409 for other roles.',
    params: req.UserIdParams,
    body: req.SetStaffAgencyBody,
    errors: [404, 409],
    responses: { 200: { description: 'Updated', body: res.StaffUser } },
  },
  listDispositions: {
    description: "Only the caller's agency (the token's agencyId claim).",
    query: req.ListDispositionsQuery,
    responses: { 200: { description: 'One page; pass nextCursor as cursor for the next', body: res.DispositionPage } },
  },
  getDisposition: {
    description: "Another agency's disposition is 404, exactly like a missing one.",
    params: req.TrackingIdParams,
    errors: [404],
    responses: { 200: { description: 'The complaint as this agency sees it', body: res.AgencyComplaintView } },
  },
  postFollowUp: {
    description: 'A follow-up (tindak lanjut), due within 5 working days of the disposition; final: true completes the disposition.',
    params: req.TrackingIdParams,
    body: req.FollowUpBody,
    errors: [404, 409],
    responses: { 201: { description: 'The complaint after the follow-up', body: res.AgencyComplaintView } },
  },
  returnDisposition: {
    description: 'Only before the follow-up deadline and without follow-up (409 otherwise): after it, only the coordinator can withdraw it.',
    params: req.TrackingIdParams,
    body: req.ReturnBody,
    errors: [404, 409],
    responses: { 200: { description: 'Returned to the coordinator for re-disposition', body: res.ReturnResult } },
  },
  requestAgencyAttachmentUpload: {
    description:
      "Evidence of a follow-up, while the agency holds an active disposition of the complaint (another agency's is 404). " +
      'Same rules and flow as the reporter\'s attachments: declare, PUT to the presigned URL, complete.',
    params: req.TrackingIdParams,
    body: req.CreateAttachmentBody,
    errors: [404, 409],
    responses: { 201: { description: 'Upload here, then complete', body: res.AttachmentUpload } },
  },
  agencyCompliance: {
    description:
      "Only the caller's agency (the token's agencyId claim), live from the counters as /reports/compliance computes it, " +
      "with the region's totals for comparison and no other agency's figures. 400 for a year still to come.",
    query: req.AgencyComplianceQuery,
    responses: { 200: { description: 'The year and each of its months so far', body: res.OwnCompliance } },
  },
  completeAgencyAttachmentUpload: {
    description: 'Checks and lists the uploaded file, as for the reporter (409 not uploaded yet, 413 larger than declared, 415 not the declared type).',
    params: req.AttachmentParams,
    errors: [404, 409, 413, 415],
    responses: { 200: { description: 'Listed; with a short-lived link to it', body: res.AttachmentView } },
  },
  complianceReport: {
    description:
      '%TL = (in progress + completed) / received × 100 over the dispositions received in the period (returned ones ' +
      'excluded), two decimals; null when an agency received nothing. format=csv answers CSV with a final REGION row.',
    query: req.ComplianceReportQuery,
    responses: {
      200: { description: 'Per agency, lowest %TL first, and the region', body: res.ComplianceReport, csvColumns: COMPLIANCE_COLUMNS },
    },
  },
  complianceHistory: {
    params: req.AgencyIdParams,
    query: req.ComplianceHistoryQuery,
    errors: [404],
    responses: { 200: { description: 'The daily snapshots, oldest first', body: res.ComplianceHistory } },
  },
  complaintSummary: {
    query: req.SummaryQuery,
    responses: { 200: { description: 'Counts of the complaints submitted in the period', body: res.ComplaintSummary } },
  },
  exportComplaints: {
    description:
      'JSON pages (oldest first; cursor paging), or format=csv for the whole selection in one file (no cursor or limit). ' +
      'A CSV above 5 MB is written to storage and answered with 303 and a short-lived download link. ' +
      'Rows carry no contact details and no name of an anonymous reporter.',
    query: req.ExportComplaintsQuery,
    responses: {
      200: { description: 'A page of rows, or the CSV', body: res.ExportPage, csvColumns: EXPORT_COLUMNS },
      201: { description: 'A large CSV with delivery=link: written to storage; open downloadUrl (also in Location)', body: res.ExportDownload, headers: { Location: LOCATION } },
      303: { description: 'A large CSV: download it from Location (or downloadUrl)', body: res.ExportDownload, headers: { Location: LOCATION } },
    },
  },
};

/** The request bodies, by their names under #/components/schemas. */
const REQUEST_BODIES = {
  SubmitComplaintBody: req.SubmitComplaintBody,
  RespondBody: req.RespondBody,
  VerifyBody: req.VerifyBody,
  AddDispositionBody: req.AddDispositionBody,
  PutAgencyBody: req.PutAgencyBody,
  InviteStaffBody: req.InviteStaffBody,
  KeyInComplaintBody: req.KeyInComplaintBody,
  CorrectComplaintBody: req.CorrectComplaintBody,
  SetStaffAgencyBody: req.SetStaffAgencyBody,
  FollowUpBody: req.FollowUpBody,
  ReturnBody: req.ReturnBody,
  WithdrawBody: req.WithdrawBody,
  EscalateBody: req.EscalateBody,
  CreateAttachmentBody: req.CreateAttachmentBody,
};

const PARAMETER_DESCRIPTIONS: Record<string, string> = {
  trackingId: 'The tracking ID given at submission, e.g. BLR-7K2M9Q4X1Z',
  agencyId: 'An agency (OPD) id from the region config, e.g. dpupr',
  userId: "A staff account's userId, as listed by GET /admin/staff",
  attachmentId: 'The attachmentId returned when the upload was requested',
  status: 'Only this status',
  category: 'Only this category (an id from GET /region)',
  classification: 'Only this classification',
  limit: 'Page size',
  cursor: 'nextCursor of the previous page',
  period: 'A year (YYYY) or a month (YYYY-MM), in the region\'s time zone; default the current year',
  format: 'json (default) or csv',
  q: 'A tracking ID, or words of the title',
  sort: 'newest (default), oldest or deadline',
  overdue: 'true: only complaints past their verification deadline and still unverified',
  from: 'First day (YYYY-MM-DD, region time zone), inclusive',
  to: 'Last day (YYYY-MM-DD, region time zone), inclusive',
};

interface ErrorResponseDoc {
  description: string;
  schemas: readonly Schema[];
  headers?: Record<string, HeaderDoc>;
}

/** Shared responses under #/components/responses. */
const ERROR_RESPONSES: Record<string, ErrorResponseDoc> = {
  BadRequest: {
    description: 'The request does not match its schema (body, query or path); details name each field',
    schemas: [res.ValidationError],
  },
  Unauthorized: {
    description:
      'No valid bearer token. API Gateway answers {"message":"Unauthorized"} itself for a missing, malformed, expired ' +
      "or foreign token (e.g. an auditor's machine token on a staff-only route)",
    schemas: [res.GatewayError, res.UnauthorizedError],
  },
  AccessTokenRequired: { description: `The ${ACCESS_TOKEN_HEADER} header is missing`, schemas: [res.UnauthorizedError] },
  Forbidden: {
    description: "The token lacks the route's role, an agency token lacks its agencyId claim, or the access token belongs to another complaint",
    schemas: [res.ForbiddenError],
  },
  NotFound: { description: 'No such complaint, disposition or agency (or one the caller may not see)', schemas: [res.NotFoundError] },
  Conflict: {
    description:
      'INVALID_TRANSITION: not allowed in the current state; CONFLICT: already done; CONCURRENT_MODIFICATION: changed ' +
      'by another request at the same time (reload and retry)',
    schemas: [res.ConflictError],
  },
  PayloadTooLarge: {
    description:
      `The body exceeds ${req.MAX_BODY_BYTES} bytes (API Gateway itself refuses bodies over 10 MB with {"message":...}); ` +
      'for attachments: the declared size exceeds the region\'s limit, or the uploaded file is larger than declared (limitBytes says how large it may be)',
    schemas: [res.PayloadTooLargeError, res.GatewayError],
  },
  UnsupportedMediaType: {
    description:
      'The body is not application/json; for attachments: a type other than JPEG, PNG, WebP or PDF, or an uploaded file whose ' +
      'content (its first bytes) is not the declared type',
    schemas: [res.UnsupportedMediaTypeError],
  },
  IdempotencyKeyReused: { description: 'The Idempotency-Key was used before with a different body', schemas: [res.IdempotencyKeyReusedError] },
  TooManyRequests: {
    description: "Throttled: API Gateway's stage limit ({\"message\":\"Too Many Requests\"}) or a per-client limit; retry after Retry-After seconds",
    schemas: [res.GatewayError, res.RateLimitedError],
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 0 } } },
  },
  InternalError: {
    description: 'An unexpected failure; quote the correlationId. A function that crashed outright gets API Gateway\'s {"message":"Internal Server Error"}',
    schemas: [res.InternalError, res.GatewayError],
  },
  ServiceUnavailable: { description: 'The function did not answer within 30 s (API Gateway)', schemas: [res.GatewayError] },
  RouteNotFound: {
    description: 'No route has this method and path (API Gateway answers {"message":"Not Found"}); not tied to an operation',
    schemas: [res.GatewayError],
  },
};

const TAGS = [
  { name: 'public', description: 'Citizens (pelapor): file and track complaints. No account: the reporter proves ownership with the X-Access-Token returned at submission' },
  { name: 'admin', description: 'The coordinator (role admin): verification, disposition, the agency list' },
  { name: 'agency', description: "Agency officers (role agency, with the token's agencyId claim): their own agency's dispositions only" },
  { name: 'reports', description: 'Auditors (OAuth2 client credentials, scope tuntas/reports.read) and the coordinator: read-only compliance and exports' },
];

export interface OpenApiOptions {
  /** The API version; default package.json's. */
  version?: string;
  /** The OAuth2 token endpoint auditors use (the Cognito domain's /oauth2/token when deployed). */
  tokenUrl?: string;
}

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  servers: Array<{ url: string; description?: string }>;
  tags: typeof TAGS;
  paths: Record<string, Record<string, OperationObject>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
    parameters: Record<string, ParameterObject>;
    headers: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
};

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  parameters?: Array<ParameterObject | { $ref: string }>;
  requestBody?: { required: boolean; description: string; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
  'x-tuntas-roles'?: readonly StaffRole[];
}

/** Builds the document. Pure: the same options give the same document. */
export function buildOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const version = options.version ?? packageJson.version;
  const tokenUrl = options.tokenUrl ?? LOCAL_TOKEN_URL;
  const requestNames = nameMap(REQUEST_BODIES);
  const responseNames = nameMap(res.RESPONSE_SCHEMAS);
  const ref = (schema: Schema): JsonSchema => {
    const name = responseNames.get(schema) ?? requestNames.get(schema);
    if (!name) throw new Error('A schema used by the document has no name in REQUEST_BODIES or RESPONSE_SCHEMAS');
    return { $ref: `#/components/schemas/${name}` };
  };
  const oneOrAnyOf = (schemas: readonly Schema[]): JsonSchema =>
    schemas.length === 1 ? ref(schemas[0]!) : { anyOf: schemas.map(ref) };

  const paths: OpenApiDocument['paths'] = {};
  for (const route of ROUTES as readonly RouteDefinition[]) {
    const doc = OPERATION_DOCS[route.operationId as OperationId];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationObject(route, doc, ref, oneOrAnyOf);
  }

  const responses: Record<string, unknown> = {};
  for (const [name, error] of Object.entries(ERROR_RESPONSES)) {
    const fromHandler = !error.schemas.every((schema) => schema === res.GatewayError);
    const headers = { ...error.headers, ...(fromHandler && { 'X-Correlation-Id': CORRELATION_HEADER_REF }) };
    responses[name] = {
      description: error.description,
      ...(Object.keys(headers).length > 0 && { headers }),
      content: { 'application/json': { schema: oneOrAnyOf(error.schemas) } },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Tuntas API',
      version,
      summary: 'Complaint management and follow-up compliance (%TL) for Indonesian regional governments',
      description: INFO_DESCRIPTION,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'This deployment (the host serving this document)' }],
    tags: TAGS,
    paths,
    components: {
      schemas: {
        ...componentSchemas(REQUEST_BODIES, 'input'),
        ...componentSchemas(res.RESPONSE_SCHEMAS, 'output'),
      },
      responses,
      parameters: {
        CorrelationId: {
          name: 'X-Correlation-Id',
          in: 'header',
          required: false,
          description: 'Your id for this request, echoed in the response and written to the logs; API Gateway\'s request id when absent',
          schema: { type: 'string', pattern: CORRELATION_ID },
        },
      },
      headers: {
        CorrelationId: {
          description: 'The request\'s correlation id (yours, or API Gateway\'s request id): quote it when reporting a problem',
          schema: { type: 'string' },
        },
      },
      securitySchemes: {
        [SECURITY_SCHEMES.staffToken]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "A Cognito ID or access token of a staff user. Its cognito:groups claim holds the roles: admin (the coordinator) " +
            'or agency (an agency officer, whose custom:agencyId claim, or agencyId in an access token, names the agency it ' +
            'acts for). Each operation lists its roles in x-tuntas-roles; a token without one of them is 403. The admin role ' +
            'counts only in a token that carries mfa: "totp" (its user has TOTP MFA set up); otherwise admin operations ' +
            'answer 403 MFA_REQUIRED.',
        },
        [SECURITY_SCHEMES.auditorClientCredentials]: {
          type: 'oauth2',
          description:
            `Auditors' machine-to-machine access token (OAuth2 client credentials, HTTP Basic client authentication), scope ${REPORTS_SCOPE}: read-only reports.`,
          flows: {
            clientCredentials: {
              tokenUrl,
              scopes: { [REPORTS_SCOPE]: 'Read compliance (%TL), summaries and complaint exports' },
            },
          },
        },
        [SECURITY_SCHEMES.reporterAccessToken]: {
          type: 'apiKey',
          in: 'header',
          name: ACCESS_TOKEN_HEADER,
          description: 'The secret returned once when the complaint was filed; it proves the caller is its reporter.',
        },
      },
    },
  };
}

function operationObject(
  route: RouteDefinition,
  doc: OperationDoc,
  ref: (schema: Schema) => JsonSchema,
  oneOrAnyOf: (schemas: readonly Schema[]) => JsonSchema,
): OperationObject {
  const staff = route.roles.length > 0;
  const parameters: NonNullable<OperationObject['parameters']> = [
    ...(doc.params ? parametersOf(doc.params, 'path') : []),
    ...(doc.query ? parametersOf(doc.query, 'query') : []),
    ...(doc.idempotencyKey ? [IDEMPOTENCY_KEY_PARAMETER] : []),
    { $ref: '#/components/parameters/CorrelationId' },
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, success] of Object.entries(doc.responses) as Array<[string, SuccessDoc]>) {
    const bodies = Array.isArray(success.body) ? (success.body as readonly Schema[]) : [success.body as Schema];
    responses[status] = {
      description: success.description,
      headers: {
        ...success.headers,
        ...(success.csvColumns && { 'Content-Disposition': CONTENT_DISPOSITION }),
        'X-Correlation-Id': CORRELATION_HEADER_REF,
      },
      content: {
        'application/json': { schema: oneOrAnyOf(bodies) },
        ...(success.csvColumns && {
          'text/csv': {
            schema: {
              type: 'string',
              description: 'UTF-8 with a byte order mark (for Excel), RFC 4180 quoting, CRLF line ends; text that looks like a spreadsheet formula is prefixed with \'',
            },
            example: `${success.csvColumns.join(',')}\r\n`,
          },
        }),
      },
    };
  }
  const refTo = (name: string) => ({ $ref: `#/components/responses/${name}` });
  if (doc.body || doc.query || doc.params) responses['400'] = refTo('BadRequest');
  if (staff) responses['401'] = refTo('Unauthorized');
  if (doc.accessToken === 'required') responses['401'] = refTo('AccessTokenRequired');
  if (staff || doc.accessToken === 'required') responses['403'] = refTo('Forbidden');
  if (doc.errors?.includes(404)) responses['404'] = refTo('NotFound');
  if (doc.errors?.includes(409)) responses['409'] = refTo('Conflict');
  if (doc.body || doc.errors?.includes(413)) responses['413'] = refTo('PayloadTooLarge');
  if (doc.body || doc.errors?.includes(415)) responses['415'] = refTo('UnsupportedMediaType');
  if (doc.idempotencyKey) responses['422'] = refTo('IdempotencyKeyReused');
  responses['429'] = refTo('TooManyRequests');
  responses['500'] = refTo('InternalError');
  responses['503'] = refTo('ServiceUnavailable');

  const description = [
    doc.description,
    staff ? `Roles: ${route.roles.join(' or ')}.` : undefined,
    doc.query ? 'Unknown query parameters are refused (400).' : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(description && { description }),
    tags: [route.group],
    security: securityOf(route, doc),
    parameters,
    ...(doc.body && {
      requestBody: {
        required: !doc.bodyOptional,
        description: `JSON (application/json), at most ${req.MAX_BODY_BYTES} bytes`,
        content: { 'application/json': { schema: ref(doc.body) } },
      },
    }),
    responses,
    ...(staff && { 'x-tuntas-roles': route.roles }),
  };
}

/** Staff roles map to the token that can carry them; public routes may take the reporter's token. */
export function securityOf(route: RouteDefinition, doc: Pick<OperationDoc, 'accessToken'>): Array<Record<string, string[]>> {
  if (route.roles.length === 0) {
    const reporter = { [SECURITY_SCHEMES.reporterAccessToken]: [] };
    if (doc.accessToken === 'required') return [reporter];
    if (doc.accessToken === 'optional') return [{}, reporter];
    return [];
  }
  const requirements: Array<Record<string, string[]>> = [];
  for (const role of route.roles) {
    const requirement: Record<string, string[]> =
      role === 'auditor' ? { [SECURITY_SCHEMES.auditorClientCredentials]: [REPORTS_SCOPE] } : { [SECURITY_SCHEMES.staffToken]: [] };
    if (!requirements.some((r) => Object.keys(r)[0] === Object.keys(requirement)[0])) requirements.push(requirement);
  }
  return requirements;
}

function parametersOf(schema: Schema, location: 'path' | 'query'): ParameterObject[] {
  const json = toJson(schema, 'input');
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(PARAMETER_DESCRIPTIONS[name] && { description: PARAMETER_DESCRIPTIONS[name] }),
    schema: property,
  }));
}

function toJson(schema: Schema, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, override: tidy, unrepresentable: 'throw' }) as JsonSchema;
  return json;
}

function componentSchemas(schemas: Record<string, Schema>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const result = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    uri: (id) => `#/components/schemas/${id}`,
    override: tidy,
    unrepresentable: 'throw',
  }) as { schemas: Record<string, JsonSchema> };
  const out: Record<string, JsonSchema> = {};
  for (const [id, json] of Object.entries(result.schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = json;
    out[id] = rest;
  }
  return out;
}

/**
 * Keeps the document lean: a standard format (date, date-time, email) needs no copy of zod's
 * regular expression beside it, and integers need no ±2^53 bounds.
 */
function tidy(ctx: { jsonSchema: JsonSchema }): void {
  const json = ctx.jsonSchema;
  if (typeof json.format === 'string' && json.pattern !== undefined) delete json.pattern;
  if (json.type === 'integer') {
    if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
    if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  }
}

function nameMap(schemas: Record<string, Schema>): Map<Schema, string> {
  return new Map(Object.entries(schemas).map(([name, schema]) => [schema, name]));
}

const INFO_DESCRIPTION = [
  'Tuntas: complaints (aspirasi, pengaduan, permintaan informasi) from citizens, verified and dispositioned by the ',
  'coordinator to agencies (OPD), followed up by the agencies, and reported to auditors as %TL (persentase tindak lanjut).',
  '\n\n**Who calls what.** Citizens use the public routes without an account; the X-Access-Token returned at submission ',
  'proves they are the reporter. Staff send a Cognito ID token as a bearer token (roles in cognito:groups; agency officers ',
  'also carry custom:agencyId). Auditors get a machine token with the OAuth2 client-credentials grant (scope ',
  `${REPORTS_SCOPE}) and call the reports routes.`,
  '\n\n**Errors.** The API answers errors as {"error": {"code", "message", "details"?}}; validation errors list ',
  '{"field", "message"} per field. API Gateway answers some errors itself as {"message": "..."}: 401 Unauthorized, ',
  '404 Not Found (no such route), 413, 429, 500 and 503. Send X-Correlation-Id to tie a request to the logs; every ',
  'answer of the functions echoes it (or API Gateway\'s request id).',
].join('');

/**
 * The document as the build writes it beside the public function's bundle, and as the local
 * runtime serves it: the token URL a placeholder that openApiResponse (./openapi-asset) replaces.
 */
export function openApiTemplate(): string {
  return JSON.stringify(buildOpenApiDocument({ tokenUrl: TOKEN_URL_PLACEHOLDER }));
}
