// Issue 13, item 7: no function holds a permission its routes (or jobs) never use. Each route,
// job and event handler declares what it needs in lib/access.ts; the stack grants from that. This
// test reads the synthesized IAM policies and compares them, both ways, with what the needs mean
// in IAM terms (the MEANING table below, written from the adapters' calls, not from the stack):
// a grant no need explains fails, and so does a need left ungranted.

import { CAPABILITIES, type Capability, EVENT_HANDLER_NEEDS, JOB_NEEDS, ROUTE_NEEDS } from '../../lib/access';
import { ROUTES } from '../../lib/routes';
import { FUNCTION_NAMES, accessFor, needsOf } from '../../lib/stack';
import { TABLES } from '../../lib/tables';
import { actionsOf, functionStatements, resourcesOfType, synth, tableLogicalId, type CfnTemplate, type Statement } from './synth';

let template: CfnTemplate;
beforeAll(() => {
  template = synth().json;
});

const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE = [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

interface Grant {
  action: string;
  resource: string;
  /** dynamodb:LeadingKeys patterns; undefined: every item. */
  keys?: string[];
}

const on = (actions: string[], resources: string[], keys?: string[]): Grant[] =>
  actions.flatMap((action) => resources.map((resource) => ({ action, resource, ...(keys && { keys }) })));

/** What each need means in IAM: the calls the adapters make for it, on the resources they touch. */
const MEANING: Record<Capability, Grant[]> = {
  'complaints:read': on(READ, ['table/Complaints', 'table/Complaints/index/*']),
  'complaints:write': on(WRITE, ['table/Complaints', 'table/Complaints/index/*']),
  'agencies:read': on(READ, ['table/Agencies']),
  'agencies:write': on(WRITE, ['table/Agencies']),
  'counters:update': on(['dynamodb:UpdateItem'], ['table/Agencies'], ['COUNTERS#*']),
  'counters:replace': on(['dynamodb:PutItem'], ['table/Agencies'], ['COUNTERS#*']),
  'snapshots:put': on(['dynamodb:PutItem'], ['table/Agencies'], ['SNAPSHOT#*']),
  'signins:put': on(['dynamodb:PutItem'], ['table/Agencies'], ['SIGNINS#*']),
  'guards:write': on(WRITE, ['table/RequestGuards']),
  'ledger:read': on(READ, ['table/EmailLedger', 'table/EmailLedger/index/*']),
  'ledger:write': on(WRITE, ['table/EmailLedger', 'table/EmailLedger/index/*']),
  'email:send': on(['ses:SendEmail', 'ses:SendRawEmail'], ['ses/configuration-set', 'ses/identity']),
  'exports:write': on(['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'], ['files/exports/*']),
  'attachments:read': on(['s3:GetObject'], ['files/attachments/*']),
  'attachments:upload': [
    ...on(['s3:GetObject', 's3:PutObject'], ['files/attachments/*', 'files/uploads/pending/*']),
    ...on(['s3:DeleteObject'], ['files/uploads/pending/*']),
  ],
  'staff:read': on(['cognito-idp:ListUsersInGroup', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'], ['userpool']),
  'staff:invite': on(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup'], ['userpool']),
  'staff:enable': on(['cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser', 'cognito-idp:AdminUserGlobalSignOut'], ['userpool']),
  'staff:assign': on(['cognito-idp:AdminUpdateUserAttributes'], ['userpool']),
  'staff:mfa-status': on(['cognito-idp:AdminGetUser'], ['userpool']),
  'staff:mfa-reset': on(['cognito-idp:AdminSetUserMFAPreference'], ['userpool']),
};

/** What the platform itself needs, whatever the routes: logs and traces; dead-letter queues and the stream. */
const isPlatform = (name: string, g: Grant) =>
  g.action.startsWith('logs:') ||
  g.action.startsWith('xray:') ||
  ((name === 'jobs' || name === 'mailer') && g.action.startsWith('sqs:') && g.resource.includes('DeadLetterQueue')) ||
  (name === 'mailer' && g.resource === 'table/Complaints:stream');

/** A readable name for a resource reference of the template. */
function resourceName(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if (v['Fn::GetAtt']) {
    const [id, attribute] = v['Fn::GetAtt'] as [string, string];
    return `${logicalName(id)}${attribute === 'StreamArn' ? ':stream' : ''}`;
  }
  if (v.Ref) return (v.Ref as string).startsWith('AWS::') ? `<${(v.Ref as string).slice(5)}>` : logicalName(v.Ref as string);
  if (v['Fn::Join']) {
    const joined = (v['Fn::Join'] as [string, unknown[]])[1].map(resourceName).join('');
    const ses = /^arn:aws:ses:[^:]+:[^:]+:(configuration-set|identity)\//.exec(joined);
    return ses ? `ses/${ses[1]}` : joined;
  }
  return JSON.stringify(value);
}

function logicalName(id: string): string {
  for (const table of TABLES) if (tableLogicalId(template, table.id) === id) return `table/${table.id}`;
  if (resourcesOfType(template, 'AWS::S3::Bucket').some(([bucketId]) => bucketId === id && id.startsWith('FilesBucket'))) return 'files';
  if (resourcesOfType(template, 'AWS::Cognito::UserPool').some(([poolId]) => poolId === id)) return 'userpool';
  return id;
}

function grantsOf(statements: Statement[]): Grant[] {
  return statements.flatMap((s) => {
    const resources = (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).map(resourceName);
    const keys = s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[] | undefined;
    // One grant per key pattern, so a statement merging two needs' items is explained by both.
    return keys ? keys.flatMap((key) => on(actionsOf(s), resources, [key])) : on(actionsOf(s), resources);
  });
}

/** `a` allows at least what `b` asks: same action and resource, on every item or on a superset of b's keys. */
const covers = (a: Grant, b: Grant) =>
  a.action === b.action && a.resource === b.resource && (a.keys === undefined || (b.keys !== undefined && b.keys.every((k) => a.keys!.includes(k))));
const show = (g: Grant) => `${g.action} on ${g.resource}${g.keys ? ` [${g.keys.join(', ')}]` : ''}`;

describe.each([...FUNCTION_NAMES])('the %s function', (name) => {
  const needed = () => [...needsOf(name)].flatMap((need) => MEANING[need]);
  const granted = () => grantsOf(functionStatements(template, name)).filter((g) => !isPlatform(name, g));

  it('holds no permission its routes, jobs or events never use', () => {
    const unexplained = granted().filter((g) => !needed().some((n) => covers(n, g)));
    expect(unexplained.map(show)).toEqual([]);
  });

  it('holds every permission they need', () => {
    const missing = needed().filter((n) => !granted().some((g) => covers(g, n)));
    expect(missing.map(show)).toEqual([]);
  });
});

describe('the needs are declared once, and drive the grants', () => {
  it('every route declares its needs in the vocabulary, and every need is used', () => {
    for (const route of ROUTES) expect(ROUTE_NEEDS[route.operationId]).toBeDefined();
    const used = new Set([...Object.values(ROUTE_NEEDS), ...Object.values(JOB_NEEDS), ...Object.values(EVENT_HANDLER_NEEDS)].flat());
    expect([...used].sort()).toEqual(Object.keys(CAPABILITIES).sort());
  });

  it('a function gets only what its own routes need: the agency function reads no agency record, the reports function writes no table', () => {
    expect(needsOf('agency').has('agencies:read')).toBe(false);
    expect(grantsOf(functionStatements(template, 'agency')).filter((g) => g.resource === 'table/Agencies').map(show)).toEqual([
      'dynamodb:UpdateItem on table/Agencies [COUNTERS#*]',
    ]);
    expect(grantsOf(functionStatements(template, 'reports')).filter((g) => g.action.startsWith('dynamodb:') && !READ.includes(g.action))).toEqual([]);
  });

  it('taking a need away from a route takes the grant away', () => {
    // Without the reopen (respondToComplaint moves counters), the public function would reach no Agencies item at all.
    const withoutReopen = new Set(ROUTES.filter((r) => r.group === 'public' && r.operationId !== 'respondToComplaint').flatMap((r) => ROUTE_NEEDS[r.operationId]));
    expect(accessFor(withoutReopen).tables.map((t) => t.table.id).sort()).toEqual(['Complaints', 'RequestGuards']);
    expect(accessFor(needsOf('public')).tables.map((t) => t.table.id).sort()).toEqual(['Agencies', 'Complaints', 'RequestGuards']);
  });
});
