// The one route table. The CDK stack builds the HTTP API from it, the local runtime serves from
// it, the handlers' routers are checked against it, and the authorization tests are derived from it.
// Keep this file free of CDK imports: Lambda bundles import it too.

import type { StaffRole } from '../functions/core/model';

/** One Lambda function per group: each is its own permission boundary. */
export const HANDLER_GROUPS = ['public', 'admin', 'agency', 'reports'] as const;
export type HandlerGroup = (typeof HANDLER_GROUPS)[number];

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface RouteDefinition {
  operationId: string;
  method: HttpMethod;
  /** API Gateway path syntax: /complaints/{trackingId} */
  path: string;
  group: HandlerGroup;
  /**
   * Staff roles allowed; an empty list means no login (the public API, where the reporter proves
   * ownership with the X-Access-Token header inside the handler).
   */
  roles: readonly StaffRole[];
  summary: string;
}

export const ROUTES = [
  { operationId: 'health', method: 'GET', path: '/health', group: 'public', roles: [], summary: 'Liveness check' },
  { operationId: 'openApiDocument', method: 'GET', path: '/openapi.json', group: 'public', roles: [], summary: 'This API described as OpenAPI 3.1' },
  { operationId: 'regionInfo', method: 'GET', path: '/region', group: 'public', roles: [], summary: "The region's name, categories, areas and attachment limits, for the forms" },
  { operationId: 'listPublicComplaints', method: 'GET', path: '/complaints', group: 'public', roles: [], summary: 'Recent non-confidential complaints, public view' },
  { operationId: 'submitComplaint', method: 'POST', path: '/complaints', group: 'public', roles: [], summary: 'File a complaint (aspirasi, pengaduan, permintaan informasi)' },
  { operationId: 'getComplaint', method: 'GET', path: '/complaints/{trackingId}', group: 'public', roles: [], summary: 'Public view, or the reporter view with X-Access-Token' },
  { operationId: 'respondToComplaint', method: 'POST', path: '/complaints/{trackingId}/responses', group: 'public', roles: [], summary: 'Reporter answers, rates or reopens' },
  { operationId: 'escalateComplaint', method: 'POST', path: '/complaints/{trackingId}/escalation', group: 'public', roles: [], summary: 'Reporter forwards a report left without follow-up to the Ombudsman' },
  { operationId: 'requestAttachmentUpload', method: 'POST', path: '/complaints/{trackingId}/attachments', group: 'public', roles: [], summary: 'Reporter asks to attach evidence: a presigned upload URL' },
  { operationId: 'completeAttachmentUpload', method: 'POST', path: '/complaints/{trackingId}/attachments/{attachmentId}/complete', group: 'public', roles: [], summary: 'Reporter completes an upload: checked, then listed' },

  { operationId: 'listComplaints', method: 'GET', path: '/admin/complaints', group: 'admin', roles: ['admin'], summary: 'Complaints, newest first, by status' },
  { operationId: 'keyInComplaint', method: 'POST', path: '/admin/complaints', group: 'admin', roles: ['admin'], summary: 'Key in a complaint received by phone, in person, by letter or on social media' },
  { operationId: 'correctComplaint', method: 'POST', path: '/admin/complaints/{trackingId}/correction', group: 'admin', roles: ['admin'], summary: 'Correct title, category or classification during verification' },
  { operationId: 'getComplaintForAdmin', method: 'GET', path: '/admin/complaints/{trackingId}', group: 'admin', roles: ['admin'], summary: "The coordinator's full view" },
  { operationId: 'verifyComplaint', method: 'POST', path: '/admin/complaints/{trackingId}/verification', group: 'admin', roles: ['admin'], summary: 'Disposition, hold, archive or mark not-our-authority' },
  { operationId: 'addDisposition', method: 'POST', path: '/admin/complaints/{trackingId}/dispositions', group: 'admin', roles: ['admin'], summary: 'Disposition to one more agency (re-disposition)' },
  { operationId: 'withdrawDisposition', method: 'POST', path: '/admin/complaints/{trackingId}/dispositions/{agencyId}/withdrawal', group: 'admin', roles: ['admin'], summary: 'Withdraw an overdue disposition without follow-up, with a reason' },
  { operationId: 'listAgencies', method: 'GET', path: '/admin/agencies', group: 'admin', roles: ['admin'], summary: 'The agency (OPD) list' },
  { operationId: 'putAgency', method: 'PUT', path: '/admin/agencies/{agencyId}', group: 'admin', roles: ['admin'], summary: 'Create or update an agency' },
  { operationId: 'listStaff', method: 'GET', path: '/admin/staff', group: 'admin', roles: ['admin'], summary: 'Staff accounts: coordinators, agency officers, auditors' },
  { operationId: 'inviteStaff', method: 'POST', path: '/admin/staff', group: 'admin', roles: ['admin'], summary: 'Invite a staff user by email' },
  { operationId: 'disableStaff', method: 'POST', path: '/admin/staff/{userId}/disable', group: 'admin', roles: ['admin'], summary: 'Disable an account: no more sign-ins or renewals' },
  { operationId: 'enableStaff', method: 'POST', path: '/admin/staff/{userId}/enable', group: 'admin', roles: ['admin'], summary: 'Re-enable a disabled account' },
  { operationId: 'resetStaffMfa', method: 'POST', path: '/admin/staff/{userId}/reset-mfa', group: 'admin', roles: ['admin'], summary: "Turn off an account's TOTP (a lost phone): it is set up again at the next sign-in" },
  { operationId: 'setStaffAgency', method: 'PUT', path: '/admin/staff/{userId}/agency', group: 'admin', roles: ['admin'], summary: "Set an agency officer's agency" },
  { operationId: 'listUndeliveredNotifications', method: 'GET', path: '/admin/notifications/undelivered', group: 'admin', roles: ['admin'], summary: 'Emails not delivered: being retried, or failed for good, with the reason' },

  { operationId: 'listDispositions', method: 'GET', path: '/agency/dispositions', group: 'agency', roles: ['agency'], summary: "The caller's agency's dispositions" },
  { operationId: 'getDisposition', method: 'GET', path: '/agency/dispositions/{trackingId}', group: 'agency', roles: ['agency'], summary: 'One disposition with its complaint' },
  { operationId: 'postFollowUp', method: 'POST', path: '/agency/dispositions/{trackingId}/follow-ups', group: 'agency', roles: ['agency'], summary: 'Post a follow-up (tindak lanjut); final completes it' },
  { operationId: 'returnDisposition', method: 'POST', path: '/agency/dispositions/{trackingId}/return', group: 'agency', roles: ['agency'], summary: 'Return as not our authority (bukan wewenang)' },
  { operationId: 'requestAgencyAttachmentUpload', method: 'POST', path: '/agency/dispositions/{trackingId}/attachments', group: 'agency', roles: ['agency'], summary: 'Attach evidence of a follow-up: a presigned upload URL' },
  { operationId: 'completeAgencyAttachmentUpload', method: 'POST', path: '/agency/dispositions/{trackingId}/attachments/{attachmentId}/complete', group: 'agency', roles: ['agency'], summary: 'Complete an upload: checked, then listed' },

  { operationId: 'complianceReport', method: 'GET', path: '/reports/compliance', group: 'reports', roles: ['auditor', 'admin'], summary: '%TL per agency for a year or month, live from the counters' },
  { operationId: 'complianceHistory', method: 'GET', path: '/reports/compliance/{agencyId}', group: 'reports', roles: ['auditor', 'admin'], summary: "An agency's daily compliance snapshots, for trends" },
  // An officer's own %TL: read by the read-only reports function (counters live with the agencies), so the
  // agency function keeps no read of the Agencies table.
  { operationId: 'agencyCompliance', method: 'GET', path: '/agency/compliance', group: 'reports', roles: ['agency'], summary: "The caller's own agency's %TL for a year and each of its months, beside the region's" },
  { operationId: 'complaintSummary', method: 'GET', path: '/reports/summary', group: 'reports', roles: ['auditor', 'admin'], summary: 'Complaints by status, classification and category, as LAPOR! dashboards count them' },
  { operationId: 'exportComplaints', method: 'GET', path: '/reports/complaints', group: 'reports', roles: ['auditor', 'admin'], summary: 'Complaint export: JSON pages or CSV (large CSV as a download link)' },
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof ROUTES)[number];
export type OperationId = Route['operationId'];
export type OperationsOf<G extends HandlerGroup> = Extract<Route, { group: G }>['operationId'];

export const routesOf = (group: HandlerGroup): RouteDefinition[] =>
  ROUTES.filter((route) => route.group === group);

/** "POST /complaints/{trackingId}/responses": the HTTP API's routeKey. */
export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>) => `${route.method} ${route.path}`;
