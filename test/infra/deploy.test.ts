// Issue 13, item 1: a fresh AWS account deploys the stack. New accounts have a Lambda concurrency
// quota of 10 and Lambda keeps 100 unreserved, so any reservation fails the create; and a failed
// first create must not leave retained resources behind whose names and data block the next try.

import { AGENCY_LOADER_NAME } from '../../lib/stack';
import { actionsOf, blora, functionLogicalId, functionStatements, refOf, resourcesOfType, synth, tableLogicalId, type CfnTemplate } from './synth';

let template: CfnTemplate;
beforeAll(() => {
  template = synth().json;
});

it('reserves no Lambda concurrency by default (a fresh account has a quota of 10)', () => {
  const reserved = resourcesOfType(template, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.ReservedConcurrentExecutions !== undefined);
  expect(reserved.map(([id]) => id)).toEqual([]);
});

it('retains nothing on a failed create: every retained resource is RetainExceptOnCreate, kept on replacement', () => {
  const policies = Object.entries(template.Resources).filter(([, r]) => r.DeletionPolicy !== undefined && r.DeletionPolicy !== 'Delete');
  // The stateful resources are there (tables, user pool, buckets, log groups, the alarm key)...
  const types = new Set(policies.map(([, r]) => r.Type));
  for (const type of ['AWS::DynamoDB::GlobalTable', 'AWS::Cognito::UserPool', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::KMS::Key']) {
    expect(types).toContain(type);
  }
  // ...and none of them survives a rolled-back first create.
  expect(policies.filter(([, r]) => r.DeletionPolicy !== 'RetainExceptOnCreate').map(([id, r]) => `${id}: ${r.DeletionPolicy}`)).toEqual([]);
  expect(policies.filter(([, r]) => r.UpdateReplacePolicy !== 'Retain').map(([id]) => id)).toEqual([]);
});

it('turns deletion protection off by default (CloudFormation must be able to roll a first create back) and on by option', () => {
  const protectedNow = (json: CfnTemplate) => [
    ...resourcesOfType(json, 'AWS::DynamoDB::GlobalTable').map(([, t]) => t.Properties.Replicas[0].DeletionProtectionEnabled),
    ...resourcesOfType(json, 'AWS::Cognito::UserPool').map(([, p]) => p.Properties.DeletionProtection === 'ACTIVE'),
  ];
  expect(new Set(protectedNow(template))).toEqual(new Set([false]));
  const live = synth({ context: { 'tuntas:deletionProtection': 'true' } }).json;
  expect(new Set(protectedNow(live))).toEqual(new Set([true]));
  expect(() => synth({ context: { 'tuntas:deletionProtection': 'yes' } })).toThrow(/deletionProtection must be true or false/);
});

it('still reserves concurrency for the public function when a region asks for it', () => {
  const json = synth({ context: { 'tuntas:publicReservedConcurrency': '5' } }).json;
  expect(json.Resources[functionLogicalId(json, 'public')].Properties.ReservedConcurrentExecutions).toBe(5);
});

describe('the deploy-time agency loader', () => {
  it('is a custom resource carrying the region config\'s agencies, served by its own function', () => {
    const loaders = resourcesOfType(template, 'Custom::AgencyLoader');
    expect(loaders).toHaveLength(1);
    const props = loaders[0][1].Properties;
    expect(props.Agencies).toEqual(blora().agencies.map((a) => ({ agencyId: a.agencyId, name: a.name, emails: a.emails, active: a.active })));
    expect(refOf(props.ServiceToken)).toBe(functionLogicalId(template, AGENCY_LOADER_NAME));
    const fn = template.Resources[functionLogicalId(template, AGENCY_LOADER_NAME)].Properties;
    expect(refOf(fn.Environment.Variables.AGENCIES_TABLE)).toBe(tableLogicalId(template, 'Agencies'));
  });

  it('may only put agency records (partition AGENCIES), conditionally in code, and touch nothing else', () => {
    const data = functionStatements(template, AGENCY_LOADER_NAME).filter((s) => actionsOf(s).some((a) => !a.startsWith('logs:') && !a.startsWith('xray:')));
    expect(data).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:PutItem',
        Resource: { 'Fn::GetAtt': [tableLogicalId(template, 'Agencies'), 'Arn'] },
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['AGENCIES'] } },
      },
    ]);
  });
});
