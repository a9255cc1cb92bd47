// What each route, job and event handler needs, declared once: the stack grants each function the
// union of what its routes (or jobs) need and nothing else (lib/stack.ts, functionAccess), and
// test/infra/least-privilege.test.ts compares the synthesized IAM policies with these needs. A
// route added to lib/routes.ts does not compile until it says what it needs here.
// No CDK imports: only names.

import type { JobName } from '../functions/handlers/jobs';
import type { OperationId } from './routes';

/**
 * The vocabulary. Table needs name the table and how; item needs are limited to one kind of item
 * by its partition key (IAM dynamodb:LeadingKeys).
 */
export const CAPABILITIES = {
  'complaints:read': 'Get and query complaints, dispositions, timelines, attachment items (and the indexes)',
  'complaints:write': 'Commit complaint changes: transactions of complaint, disposition, timeline, outbox and attachment items',
  'agencies:read': 'Read agencies, %TL counters, snapshots and sign-in records (the Agencies table)',
  'agencies:write': 'Create and update agency records',
  'counters:update': "Move an agency's %TL counters (UpdateItem on COUNTERS# items) in a complaint's transaction",
  'counters:replace': 'Replace drifted counter items (PutItem on COUNTERS# items): the reconciliation',
  'snapshots:put': "Write the compliance job's dated snapshots (PutItem on SNAPSHOT# items)",
  'signins:put': 'Record a staff sign-in (PutItem on SIGNINS# items)',
  'guards:write': 'Idempotency records and rate-limit windows (the RequestGuards table)',
  'ledger:read': "Read the email ledger and its undelivered index",
  'ledger:write': 'Claim, mark and retry emails in the ledger',
  'email:send': 'Send email through SES from the configured sender',
  'exports:write': 'Write large CSV exports under exports/ and sign their download links',
  'attachments:read': 'Sign download links of listed attachments',
  'attachments:upload': 'Sign upload links, check, copy and strip uploads into attachments/',
  'staff:read': 'List and read staff accounts in the user pool',
  'staff:invite': 'Create a staff account and put it in its group',
  'staff:enable': 'Disable or re-enable an account (and end its sessions)',
  'staff:assign': "Change an officer's agency attribute",
  'staff:mfa-status': 'Read whether a staff user has TOTP MFA set up',
  'staff:mfa-reset': "Turn off a staff user's TOTP MFA (a lost phone)",
} as const;
export type Capability = keyof typeof CAPABILITIES;

/** Each route's needs: the handler's work for that route, read from functions/handlers/<group>.ts. */
export const ROUTE_NEEDS: Readonly<Record<OperationId, readonly Capability[]>> = {
  health: [],
  openApiDocument: [],
  regionInfo: [],
  listPublicComplaints: ['complaints:read'],
  // Idempotency-Key records and the per-client filing limit live in RequestGuards.
  submitComplaint: ['complaints:write', 'guards:write'],
  getComplaint: ['complaints:read', 'attachments:read'],
  // A reopen moves completed dispositions back to IN_PROGRESS, and their counters with them.
  respondToComplaint: ['complaints:write', 'counters:update'],
  escalateComplaint: ['complaints:write'],
  requestAttachmentUpload: ['complaints:write', 'attachments:upload'],
  completeAttachmentUpload: ['complaints:write', 'attachments:upload'],

  listComplaints: ['complaints:read'],
  // Takes an Idempotency-Key like filing (a double submit of the key-in form files once).
  keyInComplaint: ['complaints:write', 'guards:write'],
  correctComplaint: ['complaints:write'],
  getComplaintForAdmin: ['complaints:read', 'attachments:read'],
  verifyComplaint: ['complaints:write', 'agencies:read', 'counters:update'],
  addDisposition: ['complaints:write', 'agencies:read', 'counters:update'],
  withdrawDisposition: ['complaints:write', 'counters:update'],
  listAgencies: ['agencies:read'],
  putAgency: ['agencies:read', 'agencies:write'],
  listStaff: ['staff:read'],
  inviteStaff: ['staff:invite', 'agencies:read'],
  disableStaff: ['staff:read', 'staff:enable'],
  resetStaffMfa: ['staff:read', 'staff:mfa-reset'],
  enableStaff: ['staff:read', 'staff:enable'],
  setStaffAgency: ['staff:read', 'staff:assign', 'agencies:read'],
  listUndeliveredNotifications: ['ledger:read'],

  listDispositions: ['complaints:read'],
  getDisposition: ['complaints:read', 'attachments:read'],
  postFollowUp: ['complaints:write', 'counters:update'],
  returnDisposition: ['complaints:write', 'counters:update'],
  requestAgencyAttachmentUpload: ['complaints:write', 'attachments:upload'],
  completeAgencyAttachmentUpload: ['complaints:write', 'attachments:upload'],
  // The officer's own %TL: the same reader as complianceReport (agencies and counters, open dispositions).
  agencyCompliance: ['agencies:read', 'complaints:read'],

  // Counters, snapshots and sign-in records are in the Agencies table; open dispositions in Complaints.
  complianceReport: ['agencies:read', 'complaints:read'],
  complianceHistory: ['agencies:read'],
  complaintSummary: ['complaints:read'],
  exportComplaints: ['complaints:read', 'exports:write'],
};

/** Each job's needs (the jobs function holds their union). */
export const JOB_NEEDS: Readonly<Record<JobName, readonly Capability[]>> = {
  compliance: ['agencies:read', 'complaints:read', 'snapshots:put', 'ledger:write', 'email:send'],
  // Marks eligibility and auto-closes: complaint commits with outbox items, no counters.
  escalation: ['complaints:write'],
  reconciliation: ['agencies:read', 'complaints:read', 'counters:replace'],
  digest: ['agencies:read', 'complaints:read', 'ledger:write', 'email:send'],
  redelivery: ['ledger:write', 'email:send'],
  backfill: ['complaints:write'],
};

/** The functions that serve no route: the outbox mailer and the user pool's triggers. */
export const EVENT_HANDLER_NEEDS = {
  // Reads the complaint, records a failed notification or the Ombudsman forward's outcome on it,
  // reads agency recipients, mails through the ledger.
  mailer: ['complaints:write', 'agencies:read', 'ledger:write', 'email:send'],
  // Records sign-ins; asks the pool whether a coordinator has TOTP set up (the mfa claim).
  auth: ['signins:put', 'staff:mfa-status'],
} as const satisfies Record<string, readonly Capability[]>;
