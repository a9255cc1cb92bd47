// Least privilege per function: each function reaches only the tables (and items) it needs.
// Statements are read from the synthesized IAM policies, so a broader grant anywhere fails here.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ROUTES, type RouteDefinition } from '../../lib/routes';
import { EXPORT_ACTIONS } from '../../lib/constructs/files';
import { ATTACHMENTS_PREFIX, PENDING_UPLOADS_PREFIX } from '../../functions/core/attachments';
import { AGENCIES_TABLE, COMPLAINTS_TABLE, EMAIL_LEDGER_TABLE, REQUEST_GUARDS_TABLE, TABLES } from '../../lib/tables';
import {
  ROOT,
  actionsOf,
  functionLogicalId,
  functionNames,
  functionStatements,
  refOf,
  refsIn,
  resourcesOfType,
  synth,
  tableLogicalId,
  type CfnTemplate,
  type Statement,
} from './synth';

let template: CfnTemplate;
beforeAll(() => {
  template = synth().json;
});

const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
/** Granted to no function (least privilege test below); listed in WRITE_ACTIONS so a write is still detected. */
const NEVER_GRANTED = ['dynamodb:BatchWriteItem'];
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];

const statementsOf = (name: string, t: CfnTemplate = template) => functionStatements(t, name);

/** Statements that touch a table (its ARN or its indexes). */
const onTable = (statements: Statement[], tableId: string, t: CfnTemplate = template) =>
  statements.filter((s) => refsIn(s.Resource).includes(tableLogicalId(t, tableId)));

const allows = (statements: Statement[], action: string) => statements.some((s) => actionsOf(s).includes(action));
const unconditional = (statements: Statement[]) => statements.filter((s) => !s.Condition);
const leadingKeys = (s: Statement) => s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];

/** Tables (logical ids) a function's statements write to, with the item keys they are limited to. */
function writesOf(statements: Statement[]): Array<{ table: string; actions: string[]; keys: unknown }> {
  return statements
    .filter((s) => actionsOf(s).some((a) => WRITE_ACTIONS.includes(a)))
    .flatMap((s) =>
      [...new Set(refsIn(s.Resource))].map((table) => ({
        table,
        actions: actionsOf(s).filter((a) => WRITE_ACTIONS.includes(a)),
        keys: leadingKeys(s),
      })),
    );
}

describe('the public function (unauthenticated API)', () => {
  it('reads and writes the Complaints table', () => {
    const complaints = onTable(statementsOf('public'), COMPLAINTS_TABLE.id);
    for (const action of [...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']) {
      expect(allows(complaints, action)).toBe(true);
    }
  });

  it('cannot read the Agencies table and may only UpdateItem the %TL counter items', () => {
    const agencies = onTable(statementsOf('public'), AGENCIES_TABLE.id);
    expect(agencies.length).toBeGreaterThan(0);
    for (const statement of agencies) {
      expect(actionsOf(statement)).toEqual(['dynamodb:UpdateItem']);
      expect(statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['COUNTERS#*'] } });
    }
  });

  it('cannot touch the EmailLedger table: the Ombudsman forward goes through the outbox and the mailer', () => {
    expect(onTable(statementsOf('public'), EMAIL_LEDGER_TABLE.id)).toEqual([]);
  });

  it('reads and writes the RequestGuards table (idempotency records, rate-limit windows)', () => {
    const guards = unconditional(onTable(statementsOf('public'), REQUEST_GUARDS_TABLE.id));
    // Powertools idempotency: conditional PutItem, GetItem, UpdateItem, DeleteItem; the rate
    // limiter: conditional UpdateItem.
    for (const action of ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']) {
      expect(allows(guards, action)).toBe(true);
    }
  });

  it('writes nothing but the Complaints and RequestGuards tables and counter items, and touches no other table', () => {
    const complaints = tableLogicalId(template, COMPLAINTS_TABLE.id);
    const guards = tableLogicalId(template, REQUEST_GUARDS_TABLE.id);
    const agencies = tableLogicalId(template, AGENCIES_TABLE.id);
    for (const write of writesOf(statementsOf('public'))) {
      if (write.table === agencies) {
        expect(write.actions).toEqual(['dynamodb:UpdateItem']);
        expect(write.keys).toEqual(['COUNTERS#*']);
      } else {
        expect([complaints, guards]).toContain(write.table);
      }
    }
    const known = [COMPLAINTS_TABLE.id, AGENCIES_TABLE.id, REQUEST_GUARDS_TABLE.id];
    for (const table of TABLES.filter((t) => !known.includes(t.id))) {
      expect(onTable(statementsOf('public'), table.id)).toEqual([]);
    }
  });
});

describe('the admin function', () => {
  it('reads and writes both the Complaints and the Agencies table', () => {
    for (const table of [COMPLAINTS_TABLE, AGENCIES_TABLE]) {
      const statements = unconditional(onTable(statementsOf('admin'), table.id));
      for (const action of [...READ_ACTIONS, ...WRITE_ACTIONS].filter((a) => !NEVER_GRANTED.includes(a))) expect(allows(statements, action)).toBe(true);
    }
  });

  it('only reads the EmailLedger table (GET /admin/notifications/undelivered; it sends no email)', () => {
    const ledger = onTable(statementsOf('admin'), EMAIL_LEDGER_TABLE.id);
    expect(allows(ledger, 'dynamodb:Query')).toBe(true);
    expect(ledger.flatMap(actionsOf).filter((a) => WRITE_ACTIONS.includes(a))).toEqual([]);
  });
});

describe('the agency function', () => {
  it('reads and writes complaints; may only UpdateItem the counter items of the Agencies table (no route reads an agency record)', () => {
    const statements = statementsOf('agency');
    const complaints = onTable(statements, COMPLAINTS_TABLE.id);
    for (const action of [...READ_ACTIONS, ...WRITE_ACTIONS].filter((a) => !NEVER_GRANTED.includes(a))) expect(allows(complaints, action)).toBe(true);

    const agencies = onTable(statements, AGENCIES_TABLE.id);
    expect(agencies.length).toBeGreaterThan(0);
    for (const statement of agencies) {
      expect(actionsOf(statement)).toEqual(['dynamodb:UpdateItem']);
      expect(leadingKeys(statement)).toEqual(['COUNTERS#*']);
    }
  });

  it('cannot touch the EmailLedger table (it sends no email)', () => {
    expect(onTable(statementsOf('agency'), EMAIL_LEDGER_TABLE.id)).toEqual([]);
  });
});

describe('the jobs function', () => {
  it('reads and writes complaints (escalation marks them eligible) and the EmailLedger', () => {
    for (const table of [COMPLAINTS_TABLE, EMAIL_LEDGER_TABLE]) {
      const statements = unconditional(onTable(statementsOf('jobs'), table.id));
      for (const action of [...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']) {
        expect(allows(statements, action)).toBe(true);
      }
    }
  });

  it('reads agencies and counters, and writes only counter (reconciliation) and snapshot (compliance) items', () => {
    const agencies = onTable(statementsOf('jobs'), AGENCIES_TABLE.id);
    for (const action of [...READ_ACTIONS, 'dynamodb:PutItem']) expect(allows(agencies, action)).toBe(true);
    for (const write of writesOf(agencies)) {
      expect(write.actions).toEqual(['dynamodb:PutItem']);
      expect(write.keys).toEqual(['COUNTERS#*', 'SNAPSHOT#*']);
    }
  });
});

describe('the reports function (auditors)', () => {
  // Until functions/handlers/reports.ts and its routes exist, a test route table adds one and the
  // function borrows another entry file; its grants come from the stack, not from the entry.
  const reportsEntry = existsSync(path.join(ROOT, 'functions/handlers/reports.ts')) ? undefined : 'functions/handlers/admin.ts';
  const routes: RouteDefinition[] = (ROUTES as readonly RouteDefinition[]).some((r) => r.group === 'reports')
    ? [...ROUTES]
    : [...ROUTES, { operationId: 'complianceReport', method: 'GET', path: '/reports/compliance', group: 'reports', roles: ['auditor'], summary: 'test' }];
  let t: CfnTemplate;
  beforeAll(() => {
    t = synth({ routes, entries: reportsEntry ? { reports: reportsEntry } : {} }).json;
  });

  it('reads the Complaints and Agencies tables (complaints, counters, snapshots)', () => {
    for (const table of [COMPLAINTS_TABLE, AGENCIES_TABLE]) {
      const statements = onTable(statementsOf('reports', t), table.id, t);
      for (const action of READ_ACTIONS) expect(allows(statements, action)).toBe(true);
    }
  });

  it('writes no table, touches no other table and has no other permission than its exports and its logs', () => {
    const statements = statementsOf('reports', t);
    expect(writesOf(statements)).toEqual([]);
    expect(onTable(statements, EMAIL_LEDGER_TABLE.id, t)).toEqual([]);
    const readable = [tableLogicalId(t, COMPLAINTS_TABLE.id), tableLogicalId(t, AGENCIES_TABLE.id)];
    const logGroup = refOf(t.Resources[functionLogicalId(t, 'reports')].Properties.LoggingConfig.LogGroup);
    for (const statement of statements) {
      const actions = actionsOf(statement);
      if (actions.every((a) => a.startsWith('xray:'))) continue;
      if (actions.every((a) => a.startsWith('s3:'))) continue; // below
      if (actions.every((a) => a.startsWith('logs:'))) {
        expect(refsIn(statement.Resource)).toEqual([logGroup]);
        continue;
      }
      expect(actions.every((a) => a.startsWith('dynamodb:'))).toBe(true);
      for (const id of refsIn(statement.Resource)) expect(readable).toContain(id);
    }
  });

  it('writes and reads S3 objects under exports/ of the files bucket only (multipart upload, presigned GET)', () => {
    const s3 = statementsOf('reports', t).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    expect(s3).toHaveLength(1);
    const [statement] = s3;
    expect(statement.Effect).toBe('Allow');
    expect(actionsOf(statement).sort()).toEqual([...EXPORT_ACTIONS].sort());
    expect(actionsOf(statement)).not.toContain('s3:DeleteObject');
    const [bucketId] = resourcesOfType(t, 'AWS::S3::Bucket').find(([, b]) => b.Properties.LoggingConfiguration)!;
    expect(statement.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/exports/*']] });
  });
});

describe('the RequestGuards table', () => {
  // The filing routes: POST /complaints (public) and POST /admin/complaints (key-in), both with Idempotency-Key.
  const GUARDED = ['public', 'admin'];

  it('is reachable by the public and admin functions only', () => {
    for (const name of functionNames(template)) {
      const statements = onTable(statementsOf(name), REQUEST_GUARDS_TABLE.id);
      if (GUARDED.includes(name)) expect(statements.length).toBeGreaterThan(0);
      else expect(statements).toEqual([]);
    }
  });

  it("is named in no IAM policy but the public and admin functions'", () => {
    const guards = tableLogicalId(template, REQUEST_GUARDS_TABLE.id);
    const roles = GUARDED.map((name) => refsIn(template.Resources[functionLogicalId(template, name)].Properties.Role)[0]);
    for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
      if (!refsIn(policy.Properties.PolicyDocument).includes(guards)) continue;
      for (const role of refsIn(policy.Properties.Roles)) expect(roles).toContain(role);
    }
  });
});

describe('the mailer function (outbox consumer)', () => {
  const statements = () => statementsOf('mailer');

  it('reads and writes complaints (the failure timeline entry is a META and a timeline Put in one transaction)', () => {
    const complaints = unconditional(onTable(statements(), COMPLAINTS_TABLE.id));
    for (const action of [...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem']) {
      expect(allows(complaints, action)).toBe(true);
    }
  });

  it('reads the Agencies table (recipients) and writes nothing there, not even counters', () => {
    const agencies = onTable(statements(), AGENCIES_TABLE.id);
    expect(allows(agencies, 'dynamodb:GetItem')).toBe(true);
    expect(writesOf(agencies)).toEqual([]);
    for (const statement of agencies) {
      expect(actionsOf(statement).filter((a) => WRITE_ACTIONS.includes(a) || a === 'dynamodb:UpdateItem')).toEqual([]);
    }
  });

  it('claims and marks EmailLedger items', () => {
    const ledger = unconditional(onTable(statements(), EMAIL_LEDGER_TABLE.id));
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem']) {
      expect(allows(ledger, action)).toBe(true);
    }
  });

  it('writes only the Complaints and EmailLedger tables and never touches the RequestGuards table', () => {
    const writable = [tableLogicalId(template, COMPLAINTS_TABLE.id), tableLogicalId(template, EMAIL_LEDGER_TABLE.id)];
    for (const write of writesOf(statements())) expect(writable).toContain(write.table);
    expect(onTable(statements(), REQUEST_GUARDS_TABLE.id)).toEqual([]);
  });

  it('reads the Complaints stream only, and sends only to its own dead-letter queue', () => {
    const complaints = tableLogicalId(template, COMPLAINTS_TABLE.id);
    const streams = statements().filter((s) => actionsOf(s).includes('dynamodb:DescribeStream'));
    expect(streams).toHaveLength(1);
    expect(actionsOf(streams[0]).sort()).toEqual(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams']);
    expect(streams[0].Resource).toEqual({ 'Fn::GetAtt': [complaints, 'StreamArn'] });

    const sqs = statements().filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
    expect(sqs).toHaveLength(1);
    expect(actionsOf(sqs[0])).toContain('sqs:SendMessage');
    expect(actionsOf(sqs[0]).every((a) => ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].includes(a))).toBe(true);
    const [queueId] = resourcesOfType(template, 'AWS::SQS::Queue').find(([, q]) =>
      (q.Metadata?.['aws:cdk:path'] as string).endsWith('/Notifications/DeadLetterQueue/Resource'),
    )!;
    expect(refsIn(sqs[0].Resource)).toEqual([queueId]);
  });

  it('has no permission beyond its tables, stream, queue, SES, logs and X-Ray', () => {
    for (const statement of statements()) {
      const services = new Set(actionsOf(statement).map((a) => a.split(':')[0]));
      expect(services.size).toBe(1);
      expect(['dynamodb', 'sqs', 'ses', 'logs', 'xray']).toContain([...services][0]);
    }
  });
});

describe('the files bucket', () => {
  const filesBucket = () => resourcesOfType(template, 'AWS::S3::Bucket').find(([, b]) => b.Properties.LoggingConfiguration)![0];
  const objects = (prefix: string) => `<bucket>/${prefix}*`;
  const UPLOAD = ['s3:GetObject', 's3:PutObject'];

  /** Every (action, resource) an S3 statement of the function allows, resources as "<bucket>/<pattern>". */
  function s3Grants(name: string): string[] {
    const bucket = filesBucket();
    const render = (resource: unknown): string => {
      const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      if (join && join[0] === '' && join[1].length === 2 && refOf(join[1][0]) === bucket && typeof join[1][1] === 'string') {
        return `<bucket>${join[1][1]}`;
      }
      return JSON.stringify(resource);
    };
    return statementsOf(name)
      .filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')) || refsIn(s.Resource).includes(bucket))
      .flatMap((s) => {
        expect(s.Effect).toBe('Allow');
        expect(s.Condition).toBeUndefined();
        const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
        return actionsOf(s).flatMap((action) => resources.map((resource) => `${action} ${render(resource)}`));
      })
      .sort();
  }
  const grants = (actions: string[], prefixes: string[]) =>
    actions.flatMap((action) => prefixes.map((prefix) => `${action} ${objects(prefix)}`)).sort();

  it.each(['public', 'agency'])(
    'the %s function may put and get objects under uploads/pending/ and attachments/, delete only pending ones, and nothing else',
    (name) => {
      expect(s3Grants(name)).toEqual(
        [...grants(UPLOAD, [PENDING_UPLOADS_PREFIX, ATTACHMENTS_PREFIX]), ...grants(['s3:DeleteObject'], [PENDING_UPLOADS_PREFIX])].sort(),
      );
    },
  );

  it('the admin function may only get objects under attachments/ (download links)', () => {
    expect(s3Grants('admin')).toEqual(grants(['s3:GetObject'], [ATTACHMENTS_PREFIX]));
  });

  it('the reports function keeps its export actions under exports/ only', () => {
    expect(s3Grants('reports')).toEqual(grants(EXPORT_ACTIONS, ['exports/']));
  });

  it.each(['jobs', 'mailer'])('the %s function cannot reach the bucket at all', (name) => {
    expect(s3Grants(name)).toEqual([]);
  });

  it('no function may list the bucket, use a bucket-wide or an s3:* grant', () => {
    for (const name of functionNames(template)) {
      for (const grant of s3Grants(name)) {
        expect(grant).not.toMatch(/s3:ListBucket|s3:\*|<bucket>\/\*$|^\S+ (?!<bucket>\/)/);
      }
    }
  });

  it('the attachment prefixes are the ones the functions build object keys with', () => {
    expect(PENDING_UPLOADS_PREFIX).toBe('uploads/pending/');
    expect(ATTACHMENTS_PREFIX).toBe('attachments/');
  });
});

describe('every function', () => {
  it('has no wildcard DynamoDB action and no table management', () => {
    for (const name of functionNames(template)) {
      for (const statement of statementsOf(name)) {
        for (const action of actionsOf(statement)) {
          expect(action).not.toMatch(/^dynamodb:\*$|^\*$|CreateTable|DeleteTable|UpdateTable|RestoreTable|DeleteBackup/);
        }
      }
    }
  });

  it('only X-Ray gets Resource "*"', () => {
    for (const name of functionNames(template)) {
      for (const statement of statementsOf(name).filter((s) => s.Resource === '*')) {
        expect(actionsOf(statement).every((a) => a.startsWith('xray:'))).toBe(true);
      }
    }
  });
});

describe('least privilege, evidence kept (issue 13, item 7)', () => {
  it('gives no function Scan, BatchWriteItem, PartiQL or table management on any table', () => {
    for (const name of functionNames(template)) {
      const actions = statementsOf(name).flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'));
      expect({ name, refused: actions.filter((a) => /Scan|BatchWrite|PartiQL|Table$|\*/.test(a) && a !== 'dynamodb:DescribeStream') }).toEqual({ name, refused: [] });
    }
  });

  it('lets no public route delete evidence: the public function cannot delete under attachments/', () => {
    const deletes = statementsOf('public').filter((s) => actionsOf(s).some((a) => a === 's3:DeleteObject' || a === 's3:*'));
    for (const s of deletes) expect(JSON.stringify(s.Resource)).not.toContain('attachments/');
    // Nor can any other function.
    for (const name of functionNames(template)) {
      for (const s of statementsOf(name).filter((st) => actionsOf(st).includes('s3:DeleteObject'))) {
        expect(JSON.stringify(s.Resource)).toContain('uploads/pending/');
      }
    }
  });

  it('lets the public function write no agency record and read no ledger or agency list', () => {
    const publicTables = new Set(statementsOf('public').flatMap((s) => refsIn(s.Resource)));
    expect(publicTables.has(tableLogicalId(template, 'EmailLedger'))).toBe(false);
    const agencyStatements = onTable(statementsOf('public'), 'Agencies');
    expect(agencyStatements.flatMap(actionsOf)).toEqual(['dynamodb:UpdateItem']);
  });
});
