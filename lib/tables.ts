// Table definitions, declared once. The CDK stack and the local runtime (and tests) both create
// tables from these, so keys and indexes cannot drift. Item layouts live in functions/adapters.
// No CDK imports here: the local runtime and Lambda code read this file too.

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export interface TableDefinition {
  /** Logical name: the construct id in the stack and the suffix of local table names. */
  id: string;
  /** Environment variable through which functions learn the physical table name. */
  envVar: string;
  partitionKey: string;
  sortKey: string;
  indexes: IndexDefinition[];
  stream?: 'NEW_AND_OLD_IMAGES';
  timeToLiveAttribute?: string;
}

/** Complaints, their dispositions and timeline entries: one item collection per complaint. */
export const COMPLAINTS_TABLE: TableDefinition = {
  id: 'Complaints',
  envVar: 'COMPLAINTS_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'complaintsByStatus', partitionKey: 'statusPk', sortKey: 'listSk' },
    { name: 'complaintsBySubmission', partitionKey: 'entityType', sortKey: 'listSk' },
    { name: 'dispositionsByAgency', partitionKey: 'agencyPk', sortKey: 'listSk' },
    { name: 'dispositionsByAgencyStatus', partitionKey: 'agencyStatusPk', sortKey: 'listSk' },
    // Sparse, the daily job's due index: open complaints not yet marked escalation-eligible, by the
    // end of their 60-day clock (partition ESCALATION_DUE), and completed complaints not yet
    // closed, by the end of their auto-close window (partition AUTO_CLOSE_DUE).
    { name: 'complaintsByEscalationDue', partitionKey: 'escalationDuePk', sortKey: 'escalationDueSk' },
  ],
  stream: 'NEW_AND_OLD_IMAGES',
  timeToLiveAttribute: 'expiresAt',
};

/** Agencies (OPD), their per-period %TL counters and dated compliance snapshots. */
export const AGENCIES_TABLE: TableDefinition = {
  id: 'Agencies',
  envVar: 'AGENCIES_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
};


/**
 * Effectively-once email: a ledger item is claimed with a conditional write before sending and
 * marked with the SES message id after. Items expire after a year (TTL). The sparse `undelivered`
 * index holds only emails that are being retried or failed for good.
 */
export const EMAIL_LEDGER_TABLE: TableDefinition = {
  id: 'EmailLedger',
  envVar: 'EMAIL_LEDGER_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [{ name: 'undelivered', partitionKey: 'undeliveredPk', sortKey: 'undeliveredSk' }],
  timeToLiveAttribute: 'expiresAt',
};

/**
 * Per-request guards on the public API: Powertools idempotency records for POST /complaints
 * (Idempotency-Key header) and per-client rate-limit windows. Both expire by TTL.
 */
export const REQUEST_GUARDS_TABLE: TableDefinition = {
  id: 'RequestGuards',
  envVar: 'REQUEST_GUARDS_TABLE',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
  timeToLiveAttribute: 'expiration',
};

export const TABLES = [COMPLAINTS_TABLE, AGENCIES_TABLE, EMAIL_LEDGER_TABLE, REQUEST_GUARDS_TABLE] as const;
