// Item keys and index attributes: the single place that knows how entities map onto the tables
// declared in lib/tables.ts.
//
// Complaints table (one item collection per complaint):
//   pk COMPLAINT#<trackingId>  sk META                  the complaint    (complaintsByStatus, complaintsBySubmission,
//                                                       complaintsByEscalationDue while open and not yet marked eligible,
//                                                       or, under AUTO_CLOSE_DUE, while completed and not yet closed)
//   pk COMPLAINT#<trackingId>  sk DISPOSITION#<agency>  a disposition    (dispositionsByAgency, dispositionsByAgencyStatus)
//   pk COMPLAINT#<trackingId>  sk TIMELINE#<seq>        a timeline entry
//   pk COMPLAINT#<trackingId>  sk OUTBOX#<seq>          a notification to send (read from the table's stream)
//   pk COMPLAINT#<trackingId>  sk ATTACHMENT#<id>       an attachment's metadata (PENDING upload or READY); pending ones expire by TTL
// Agencies table:
//   pk AGENCIES                sk AGENCY#<agencyId>     an agency (one partition: a region has tens to hundreds)
//   pk COUNTERS#<agencyId>     sk <period>              %TL counters for "2022" or "2022-01"
//   pk SNAPSHOT#<agencyId>     sk <period>#<YYYY-MM-DD> the compliance job's dated numbers
//   pk SIGNINS#AGENCY#<agencyId> (or SIGNINS#ROLE#<role>) sk <ISO instant>#<userId>  one staff sign-in (keaktifan)
// Email ledger table:
//   pk <delivery key>          sk LEDGER                one email's claim / sent / failed state

import type { ComplaintStatus, DispositionStatus } from '../../core/model';

export const complaintPk = (trackingId: string) => `COMPLAINT#${trackingId}`;
export const META_SK = 'META';
export const dispositionSk = (agencyId: string) => `DISPOSITION#${agencyId}`;
export const timelineSk = (seq: string) => `TIMELINE#${seq}`;
export const OUTBOX_PREFIX = 'OUTBOX#';
export const outboxSk = (seq: string) => `${OUTBOX_PREFIX}${seq}`;
export const ATTACHMENT_PREFIX = 'ATTACHMENT#';
export const attachmentSk = (attachmentId: string) => `${ATTACHMENT_PREFIX}${attachmentId}`;

export const COMPLAINT_ENTITY = 'COMPLAINT';
/** The sparse index of complaints whose 60-day clock still runs: the escalation job reads only the due ones. */
export const ESCALATION_DUE_PK = 'ESCALATION_DUE';
/**
 * The same sparse index, another partition: completed complaints not yet closed, by the end of
 * their auto-close window. A complaint is never in both (open vs completed), and sharing the
 * index spares the table a second GSI (CloudFormation adds one per update).
 */
export const AUTO_CLOSE_DUE_PK = 'AUTO_CLOSE_DUE';
export const statusPk = (status: ComplaintStatus) => `STATUS#${status}`;
export const agencyPk = (agencyId: string) => `AGENCY#${agencyId}`;
export const agencyStatusPk = (agencyId: string, status: DispositionStatus) => `AGENCY#${agencyId}#${status}`;
/** Newest-first listing order: timestamp, then tracking ID to break ties. */
export const listSk = (at: string, trackingId: string) => `${at}#${trackingId}`;

export const AGENCIES_PK = 'AGENCIES';
export const agencySk = (agencyId: string) => `AGENCY#${agencyId}`;
export const countersPk = (agencyId: string) => `COUNTERS#${agencyId}`;
export const snapshotPk = (agencyId: string) => `SNAPSHOT#${agencyId}`;
export const snapshotSk = (period: string, asOf: string) => `${period}#${asOf}`;
export const LEDGER_SK = 'LEDGER';
/** Officers' sign-ins by agency; the coordinator's and auditors' by role. */
export const SIGNINS_PREFIX = 'SIGNINS#';
export const signInsPk = (by: { agencyId: string } | { role: string }) =>
  'agencyId' in by ? `${SIGNINS_PREFIX}AGENCY#${by.agencyId}` : `${SIGNINS_PREFIX}ROLE#${by.role}`;
export const signInSk = (at: string, userId: string) => `${at}#${userId}`;
/** Counter items keep hours-to-first-follow-up counts in top-level attributes (fu_h012, fu_d030, fu_x), which ADD can create. */
export const BUCKET_ATTRIBUTE_PREFIX = 'fu_';

/** Attributes that exist only for keys and indexes, stripped when mapping items back to entities. */
export const KEY_ATTRIBUTES = ['pk', 'sk', 'entityType', 'statusPk', 'listSk', 'agencyPk', 'agencyStatusPk', 'expiresAt', 'escalationDuePk', 'escalationDueSk'] as const;

/** The entity stored in an item, without its key and index attributes. */
export function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete copy[attribute];
  return copy;
}
