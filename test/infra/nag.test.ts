// cdk-nag: the AwsSolutions and Serverless packs find nothing that is neither fixed nor
// acknowledged with a reason. This is the one infra test that runs validation plugins (one synth,
// no bundling); bin/app.ts registers the same packs, so `cdk synth` and `cdk deploy` fail the same way.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { NagPack } from 'cdk-nag';
import { acknowledgementsIn, addNagChecks, NAG_PACKS, type Acknowledgement } from '../../lib/constructs/nag';
import { buildApp, cdkJson } from './synth';

interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs?: Array<{ constructPath: string }>;
}

/** Every (resource, rule) the packs found non-compliant, and whether an acknowledgement covered it. */
const checked: Array<{ path: string; ruleId: string; acknowledged: boolean }> = [];
const packsRun: string[] = [];
let violations: Violation[] = [];
let synthError: unknown;
let acknowledgements: Acknowledgement[] = [];

beforeAll(() => {
  // Private cdk-nag hooks (the version is pinned): which findings were silenced, and which packs ran.
  const proto = NagPack.prototype as unknown as Record<string, (...args: any[]) => any>;
  const isAcknowledged = proto.isAcknowledged;
  jest.spyOn(proto, 'isAcknowledged').mockImplementation(function (this: unknown, resource: any, ruleId: string) {
    const acknowledged = isAcknowledged.call(this, resource, ruleId) as boolean;
    checked.push({ path: resource.node.path, ruleId, acknowledged });
    return acknowledged;
  });
  const validateScope = proto.validateScope;
  jest.spyOn(proto, 'validateScope').mockImplementation(function (this: NagPack, scope: unknown) {
    packsRun.push(this.readPackName);
    return validateScope.call(this, scope);
  });

  const { app } = buildApp({ context: { 'tuntas:web': true } });
  addNagChecks(app);
  try {
    app.synth();
  } catch (error) {
    // In tests (NODE_ENV=test) a failed validation throws, with the whole report in the message.
    synthError = error;
  }
  const report = JSON.parse(readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8')) as {
    pluginReports: Array<{ pluginName: string; violations: Violation[] }>;
  };
  violations = report.pluginReports.flatMap((r) => r.violations ?? []);
  acknowledgements = acknowledgementsIn(app);
});

afterAll(() => jest.restoreAllMocks());

it('runs both packs', () => {
  expect([...packsRun].sort()).toEqual([...NAG_PACKS].sort());
  for (const pack of NAG_PACKS) expect(checked.some((c) => c.ruleId.startsWith(`${pack}-`))).toBe(true);
});

it('finds no unacknowledged error or warning in either pack', () => {
  const summary = violations.map((v) => `${v.severity} ${v.ruleName}: ${(v.violatingConstructs ?? []).map((c) => c.constructPath).join(', ')}`);
  expect(summary).toEqual([]);
  expect(checked.filter((c) => !c.acknowledged)).toEqual([]);
  expect(synthError).toBeUndefined();
});

it('makes warnings fail `cdk synth` and `cdk deploy` too (strict validation in cdk.json)', () => {
  expect(cdkJson.context['@aws-cdk/core:strictCfnValidateErrors']).toBe(true);
  expect(readFileSync(path.join(__dirname, '..', '..', 'bin', 'app.ts'), 'utf8')).toMatch(/addNagChecks\(app/);
});

it('every acknowledgement names one rule of the packs and gives a real reason', () => {
  expect(acknowledgements.length).toBeGreaterThan(0);
  for (const ack of acknowledgements) {
    expect(ack.id).toMatch(/^(AwsSolutions|Serverless)-[A-Za-z0-9]+(\[[^\]]+\])?$/);
    expect(ack.reason.trim().length).toBeGreaterThanOrEqual(60);
  }
});

it('every acknowledgement silences a finding (none is stale)', () => {
  for (const ack of acknowledgements) {
    const used = checked.some((c) => c.acknowledged && c.ruleId === ack.id && (c.path === ack.path || c.path.startsWith(`${ack.path}/`)));
    expect([ack.path, ack.id, used]).toEqual([ack.path, ack.id, true]);
  }
});

it('wildcard findings are acknowledged one by one, never a whole IAM5 rule', () => {
  for (const ack of acknowledgements.filter((a) => a.id.startsWith('AwsSolutions-IAM5'))) {
    expect(ack.id).toMatch(/^AwsSolutions-IAM5\[(Resource|Action)::.+\]$/);
  }
});

it('acknowledges exactly the reviewed set of rules (a new one needs a reason here and in review)', () => {
  // Construct path (stack prefix dropped) → rule id, with logical ids shown as <...>.
  const stack = acknowledgements[0].path.split('/')[0];
  const reviewed = acknowledgements
    .map((a) => `${a.path.slice(stack.length + 1)} ${a.id.replace(/<[A-Za-z0-9]+\.Arn>/g, '<Arn>')}`)
    .sort();
  expect(reviewed).toEqual(
    [
      'Auth/UserPool AwsSolutions-COG2',
      // The portal: static files behind CloudFront, and CDK's deploy-time copy function.
      'Web/Bucket AwsSolutions-S1',
      ...['CFR1', 'CFR2', 'CFR3', 'CFR4'].map((r) => `Web/Distribution AwsSolutions-${r}`),
      ...[
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        ...['Abort*', 'DeleteObject*', 'GetBucket*', 'GetObject*', 'List*'].map((a) => `AwsSolutions-IAM5[Action::s3:${a}]`),
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::<Arn>/*]',
        'AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-ap-southeast-3/*]',
        'AwsSolutions-L1',
        'Serverless-LambdaDLQ',
        'Serverless-LambdaLatestVersion',
        'Serverless-LambdaTracing',
      ].map((id) => `Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C ${id}`),
      'Auth/UserPool AwsSolutions-COG8',
      'Api/DefaultStage Serverless-APIGWStructuredLogging',
      'Schedules/DeadLetterQueue AwsSolutions-SQS3',
      'Schedules/DeadLetterQueue Serverless-SQSRedrivePolicy',
      'Schedules/Role AwsSolutions-IAM5[Resource::<Arn>:*]',
      'JobsFunction Serverless-LambdaDLQ',
      // The mailer: invoked by the stream mapping (its on-failure destination is this queue).
      'Notifications/DeadLetterQueue AwsSolutions-SQS3',
      'Notifications/DeadLetterQueue Serverless-SQSRedrivePolicy',
      'MailerFunction Serverless-LambdaDLQ',
      'ReportsFunctionRole AwsSolutions-IAM5[Resource::<Arn>/exports/*]',
      // Attachments: uploaders hold both prefixes, the coordinator reads listed files only.
      ...['Public', 'Agency'].flatMap((f) => [
        `${f}FunctionRole AwsSolutions-IAM5[Resource::<Arn>/uploads/pending/*]`,
        `${f}FunctionRole AwsSolutions-IAM5[Resource::<Arn>/attachments/*]`,
      ]),
      'AdminFunctionRole AwsSolutions-IAM5[Resource::<Arn>/attachments/*]',
      // The deploy-time agency loader: invoked by CloudFormation, X-Ray like every function.
      'AgencyLoaderFunction Serverless-LambdaDLQ',
      'AgencyLoaderFunctionRole AwsSolutions-IAM5[Resource::*]',
      // The EmailLedger's undelivered index, for each function that reads the ledger.
      ...['Admin', 'Jobs', 'Mailer'].map((f) => `${f}FunctionRole AwsSolutions-IAM5[Resource::<Arn>/index/*]`),
      ...['Public', 'Admin', 'Agency', 'Reports'].map((f) => `${f}Function Serverless-LambdaDLQ`),
      // The user-pool triggers' function: X-Ray (Resource::*) like every function; it has no index grant.
      'AuthFunctionRole AwsSolutions-IAM5[Resource::*]',
      'AuthFunction Serverless-LambdaDLQ',
      ...['Public', 'Admin', 'Agency', 'Reports', 'Jobs', 'Mailer'].flatMap((f) => [
        `${f}FunctionRole AwsSolutions-IAM5[Resource::*]`,
        `${f}FunctionRole AwsSolutions-IAM5[Resource::<Arn>/index/*]`,
      ]),
      // One per public route of the route table.
      ...acknowledgements
        .filter((a) => a.id === 'AwsSolutions-APIG4')
        .map((a) => `${a.path.slice(stack.length + 1)} AwsSolutions-APIG4`),
    ].sort(),
  );
  // The APIG4 acknowledgements sit exactly on the public routes.
  const { ROUTES } = jest.requireActual<typeof import('../../lib/routes')>('../../lib/routes');
  const publicRoutes = ROUTES.filter((r) => r.roles.length === 0).map((r) => `${stack}/Api/${r.operationId}`);
  expect(acknowledgements.filter((a) => a.id === 'AwsSolutions-APIG4').map((a) => a.path).sort()).toEqual(publicRoutes.sort());
});
