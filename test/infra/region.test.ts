// Issue 13: stages side by side (item 4), email you can trust (item 5: metric, alarm, Cognito
// through SES) and abuse limits on the public routes (item 8), on the synthesized template.

import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { PUBLIC_METHOD_THROTTLES, PUBLIC_ROUTE_THROTTLES, publicThrottleOf } from '../../lib/constructs/api';
import { stackIdFor } from '../../lib/constructs/naming';
import { routeKey, ROUTES } from '../../lib/routes';
import { EMAIL_DELIVERY_FAILURES_RUNBOOK, FUNCTION_NAMES, optionsFromContext, TuntasStack } from '../../lib/stack';
import { METRICS, METRICS_NAMESPACE_ENV_VAR } from '../../functions/adapters/metrics';
import { actionsOf, blora, cdkJson, functionStatements, resourcesOfType, synth, type CfnTemplate } from './synth';

/**
 * Names that must be unique in an account and AWS region, by resource type. Names scoped to a
 * parent (an IAM policy in its role, a Cognito group in its pool, an API stage in its API) are not
 * listed: two stacks have different parents.
 */
const ACCOUNT_SCOPED_NAMES: Record<string, string[]> = {
  'AWS::DynamoDB::GlobalTable': ['TableName'],
  'AWS::DynamoDB::Table': ['TableName'],
  'AWS::Lambda::Function': ['FunctionName'],
  'AWS::S3::Bucket': ['BucketName'],
  'AWS::IAM::Role': ['RoleName'],
  'AWS::IAM::ManagedPolicy': ['ManagedPolicyName'],
  'AWS::SNS::Topic': ['TopicName'],
  'AWS::SQS::Queue': ['QueueName'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
  'AWS::CloudWatch::Alarm': ['AlarmName'],
  'AWS::CloudWatch::Dashboard': ['DashboardName'],
  'AWS::Scheduler::Schedule': ['Name'],
  'AWS::Scheduler::ScheduleGroup': ['Name'],
  'AWS::SES::ConfigurationSet': ['Name'],
  'AWS::SES::EmailIdentity': ['EmailIdentity'],
  'AWS::Cognito::UserPool': ['UserPoolName'],
  'AWS::Cognito::UserPoolDomain': ['Domain'],
  'AWS::KMS::Alias': ['AliasName'],
  'AWS::CloudFront::ResponseHeadersPolicy': ['ResponseHeadersPolicyConfig.Name'],
  'AWS::CloudFront::OriginAccessControl': ['OriginAccessControlConfig.Name'],
  'AWS::CloudFront::CachePolicy': ['CachePolicyConfig.Name'],
  'AWS::CloudFront::Function': ['Name'],
};

/** Each account-scoped name a template sets, as text; a name built from the stack's own id or name is unique by construction. */
function physicalNames(template: CfnTemplate): Map<string, string> {
  const names = new Map<string, string>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    for (const path of ACCOUNT_SCOPED_NAMES[resource.Type] ?? []) {
      const value = path.split('.').reduce<any>((node, key) => node?.[key], resource.Properties);
      if (value === undefined) continue; // CloudFormation generates a unique one
      const text = JSON.stringify(value);
      if (/"Ref":"AWS::Stack(Id|Name)"/.test(text)) continue;
      // Built from another resource of this stack (e.g. a function's generated name, which holds
      // the stack's name): unique per stack.
      const refs = [...text.matchAll(/"Ref":"([^"]+)"/g)].map((m) => m[1]!);
      if (refs.some((ref) => ref in template.Resources)) continue;
      names.set(`${resource.Type} ${path} ${text}`, id);
    }
  }
  return names;
}

function twoStages(second: Record<string, unknown>) {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const config = blora();
  const stack = (stage: string, context: Record<string, unknown>) => {
    // Each stage's own context (as its `cdk deploy -c ...` would give), read from a scratch app.
    const options = optionsFromContext(new App({ context: { ...cdkJson.context, ...context } }));
    return new TuntasStack(app, stackIdFor(config.regionName, stage), { config, options, env: { account: '111122223333', region: config.awsRegion } });
  };
  // Both in one app (one account and region), built before either is synthesized.
  const stacks = [stack('prod', {}), stack('uji', second)];
  const [prod, uji] = stacks.map((s) => Template.fromStack(s).toJSON() as CfnTemplate);
  return { prod, uji };
}

describe('stages', () => {
  it('puts the stage in the stack name; no stage keeps the name a deployed region already has', () => {
    expect(stackIdFor('Kabupaten Blora')).toBe('Tuntas-kabupaten-blora');
    expect(stackIdFor('Kabupaten Blora', 'uji')).toBe('Tuntas-kabupaten-blora-uji');
    expect(() => stackIdFor('Kabupaten Blora', 'Prod!')).toThrow(/lowercase letters/);
    expect(synth({ context: { stage: 'uji' } }).stack.stackName).toBe('Tuntas-kabupaten-blora-uji');
  });

  it('synthesizes two stages side by side in one account and region with no physical name in common', () => {
    const { prod, uji } = twoStages({ 'tuntas:sesIdentity': 'existing' });
    const namespace = (t: CfnTemplate) => resourcesOfType(t, 'AWS::Lambda::Function')[0][1].Properties.Environment.Variables[METRICS_NAMESPACE_ENV_VAR];
    expect(namespace(prod)).not.toBe(namespace(uji));
    const a = physicalNames(prod);
    const b = physicalNames(uji);
    expect([...a.keys()].filter((name) => b.has(name))).toEqual([]);
    // The second stage uses the first one's identity instead of creating it again.
    expect(resourcesOfType(prod, 'AWS::SES::EmailIdentity')).toHaveLength(1);
    expect(resourcesOfType(uji, 'AWS::SES::EmailIdentity')).toHaveLength(0);
  });

  it('detects the collision a second stage would have if it created the same SES identity (the check can fail)', () => {
    const { prod, uji } = twoStages({ 'tuntas:sesIdentity': 'domain' });
    const b = physicalNames(uji);
    expect([...physicalNames(prod).keys()].filter((name) => b.has(name))).toEqual(['AWS::SES::EmailIdentity EmailIdentity "blorakab.go.id"']);
  });

  it('sends through an existing identity with the same narrow grant', () => {
    const { json } = synth({ context: { 'tuntas:sesIdentity': 'existing' } });
    const statements = resourcesOfType(json, 'AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
    const send = statements.filter((s) => [s.Action].flat().includes('ses:SendEmail'));
    expect(send.length).toBeGreaterThan(0);
    for (const s of send) {
      expect(JSON.stringify(s.Resource)).toContain(':identity/blorakab.go.id');
      expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'lapor@blorakab.go.id' } });
    }
  });
});

describe('email you can trust', () => {
  let template: CfnTemplate;
  beforeAll(() => {
    template = synth().json;
  });

  it('gives every function the stack\'s own metrics namespace', () => {
    const functions = resourcesOfType(template, 'AWS::Lambda::Function').filter(([, f]) => FUNCTION_NAMES.includes(f.Metadata?.['tuntas:function']));
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    for (const [, fn] of functions) {
      expect(fn.Properties.Environment.Variables[METRICS_NAMESPACE_ENV_VAR]).toBe('Tuntas/Tuntas-kabupaten-blora');
    }
  });

  it('alarms on the first undelivered email of an hour, with the runbook as description', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(([, a]) => a.Properties.MetricName === METRICS.emailDeliveryFailures);
    expect(alarms).toHaveLength(1);
    expect(alarms[0][1].Properties).toMatchObject({
      Namespace: 'Tuntas/Tuntas-kabupaten-blora',
      Statistic: 'Sum',
      Period: 3600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmDescription: EMAIL_DELIVERY_FAILURES_RUNBOOK,
    });
    expect(alarms[0][1].Properties.AlarmActions).toHaveLength(1);
  });

  it('schedules the redelivery job every 15 minutes', () => {
    const schedules = resourcesOfType(template, 'AWS::Scheduler::Schedule').filter(([, s]) => JSON.stringify(s.Properties.Target.Input).includes('redelivery'));
    expect(schedules).toHaveLength(1);
    expect(schedules[0][1].Properties.ScheduleExpression).toBe('cron(0/15 * * * ? *)');
  });

  it('lets the admin function read the ledger (the undelivered list), never write it', () => {
    const actions: string[] = functionStatements(template, 'admin').flatMap(actionsOf);
    const ledgerId = resourcesOfType(template, 'AWS::DynamoDB::GlobalTable').find(([, t]) => t.Metadata?.['aws:cdk:path']?.endsWith('/EmailLedger/Resource'))![0];
    const onLedger = functionStatements(template, 'admin').filter((s: any) => JSON.stringify(s.Resource).includes(ledgerId)).flatMap(actionsOf);
    expect(onLedger).toEqual(expect.arrayContaining(['dynamodb:Query']));
    expect(onLedger.filter((a: string) => /Put|Update|Delete|BatchWrite/.test(a))).toEqual([]);
    expect(actions.length).toBeGreaterThan(0);
  });

  it('mails Cognito invitations through SES from the region\'s sender once the region switches it on', () => {
    const pool = (json: CfnTemplate) => resourcesOfType(json, 'AWS::Cognito::UserPool')[0][1].Properties;
    expect(pool(template).EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT').toBe('COGNITO_DEFAULT');
    const ses = pool(synth({ context: { 'tuntas:cognitoEmail': 'ses' } }).json);
    expect(ses.EmailConfiguration).toMatchObject({ EmailSendingAccount: 'DEVELOPER', From: 'Tuntas Kabupaten Blora <lapor@blorakab.go.id>' });
    expect(JSON.stringify(ses.EmailConfiguration.SourceArn)).toContain(':identity/blorakab.go.id');
    expect(() => synth({ context: { 'tuntas:cognitoEmail': 'smtp' } })).toThrow(/cognitoEmail must be one of cognito, ses/);
  });
});

describe('abuse limits', () => {
  let template: CfnTemplate;
  beforeAll(() => {
    template = synth().json;
  });
  const settings = () => resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0][1].Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;

  it('throttles every public route on its own, filing the tightest, below the stage limit', () => {
    const publicRoutes = ROUTES.filter((r) => r.roles.length === 0);
    expect(Object.keys(settings()).sort()).toEqual(publicRoutes.map(routeKey).sort());
    for (const route of publicRoutes) {
      const limit = publicThrottleOf(route);
      expect(settings()[routeKey(route)]).toEqual({ ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit });
      expect(limit.rateLimit).toBeLessThan(50);
    }
    expect(settings()['POST /complaints']).toEqual({ ThrottlingRateLimit: 1, ThrottlingBurstLimit: 5 });
    expect(settings()['GET /complaints/{trackingId}']).toEqual({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 });
  });

  it('creates the stage after the routes its settings name', () => {
    const [, stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0];
    const routeIds = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([id]) => id);
    expect([stage as any].flatMap((s) => s.DependsOn ?? [])).toEqual(expect.arrayContaining(routeIds));
  });

  it('documents each limit in the README', () => {
    const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'README.md'), 'utf8') as string;
    for (const [key, limit] of Object.entries(PUBLIC_ROUTE_THROTTLES)) expect(readme).toContain(`| \`${key}\` | ${limit.rateLimit} | ${limit.burstLimit} |`);
    for (const [method, limit] of Object.entries(PUBLIC_METHOD_THROTTLES)) expect(readme).toContain(`| other public \`${method}\` routes | ${limit.rateLimit} | ${limit.burstLimit} |`);
  });
});

