// Issue 13, item 2: the readiness check reads a deployed stack through the AWS SDK (mocked here with
// aws-sdk-client-mock) and says what is missing. One test per missing piece, each against a stack
// where everything else is ready, and the report for a stack with nothing configured.

import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { createCalendar } from '../../../functions/core/calendar';
import { checkDeployedStack, checkLocal, formatFindings, type Finding } from '../../../lib/doctor/checks';
import { agency, InMemoryAgencyRepository } from '../../support/fakes';

const cfn = mockClient(CloudFormationClient);
const ses = mockClient(SESv2Client);
const sns = mockClient(SNSClient);
const scheduler = mockClient(SchedulerClient);
const calendar = createCalendar({ timeZone: 'Asia/Jakarta' });
const NOW = new Date('2026-12-03T03:00:00Z'); // 2026 and 2027 are in the shipped data
const TOPIC = 'arn:aws:sns:ap-southeast-3:111122223333:Tuntas-alarms';
const OUTPUTS = {
  SesIdentity: 'blorakab.go.id',
  AlarmTopicArn: TOPIC,
  AgenciesTableName: 'Tuntas-Agencies-X',
  ScheduleGroupName: 'Tuntas-group',
  ComplianceScheduleName: 'compliance-x',
  RedeliveryScheduleName: 'redelivery-x',
};

let agencies: InMemoryAgencyRepository;

function ready() {
  cfn.reset();
  ses.reset();
  sns.reset();
  scheduler.reset();
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Tuntas-kabupaten-blora', CreationTime: NOW, StackStatus: 'UPDATE_COMPLETE', Outputs: Object.entries(OUTPUTS).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }] });
  ses.on(GetAccountCommand).resolves({ SendingEnabled: true, ProductionAccessEnabled: true });
  ses.on(GetEmailIdentityCommand, { EmailIdentity: 'blorakab.go.id' }).resolves({ VerifiedForSendingStatus: true, DkimAttributes: { Status: 'SUCCESS' } });
  sns.on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC }).resolves({ Subscriptions: [{ SubscriptionArn: `${TOPIC}:1234`, Protocol: 'email', Endpoint: 'ops@blorakab.go.id' }] });
  scheduler.on(GetScheduleCommand).resolves({ State: 'ENABLED' });
  agencies = new InMemoryAgencyRepository([agency('dpupr'), agency('dinkes')]);
}

const run = (now = NOW) =>
  checkDeployedStack(
    { cloudformation: new CloudFormationClient({}), sesv2: new SESv2Client({}), sns: new SNSClient({}), scheduler: new SchedulerClient({}), agencies: () => agencies },
    { stackName: 'Tuntas-kabupaten-blora', calendar, now },
  );
const missing = (findings: Finding[]) => findings.filter((f) => !f.ok).map((f) => f.check);

beforeEach(ready);

it('finds nothing missing on a ready stack, and asks each service the right question', async () => {
  const findings = await run();
  expect(missing(findings)).toEqual([]);
  expect(findings.map((f) => f.check)).toEqual(['Stack', 'SES account', 'SES identity', 'Alarm subscriber', 'Agencies', 'Schedules', 'Holiday calendar']);
  expect(scheduler.commandCalls(GetScheduleCommand).map((c) => c.args[0].input)).toEqual([
    { Name: 'compliance-x', GroupName: 'Tuntas-group' },
    { Name: 'redelivery-x', GroupName: 'Tuntas-group' },
  ]);
  expect(formatFindings(findings)).toContain('Ready: nothing missing.');
});

it('says when SES is still in the sandbox', async () => {
  ses.on(GetAccountCommand).resolves({ SendingEnabled: true, ProductionAccessEnabled: false });
  const findings = await run();
  expect(missing(findings)).toEqual(['SES account']);
  expect(findings.find((f) => f.check === 'SES account')!.fix).toMatch(/Request production access/);
});

it('says when sending is paused', async () => {
  ses.on(GetAccountCommand).resolves({ SendingEnabled: false, ProductionAccessEnabled: true });
  expect((await run()).find((f) => f.check === 'SES account')).toMatchObject({ ok: false, detail: expect.stringMatching(/paused/) });
});

it('says when the identity is not verified', async () => {
  ses.on(GetEmailIdentityCommand).resolves({ VerifiedForSendingStatus: false, DkimAttributes: { Status: 'PENDING' } });
  const findings = await run();
  expect(missing(findings)).toEqual(['SES identity']);
  expect(findings.find((f) => f.check === 'SES identity')!.detail).toBe('blorakab.go.id is not verified yet (DKIM PENDING)');
});

it('says when nobody (or only an unconfirmed address) hears the alarms', async () => {
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  expect(missing(await run())).toEqual(['Alarm subscriber']);
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [{ SubscriptionArn: 'PendingConfirmation', Protocol: 'email' }] });
  expect((await run()).find((f) => f.check === 'Alarm subscriber')!.detail).toMatch(/none confirmed/);
});

it('says when there are no agencies, or agencies without an address', async () => {
  agencies = new InMemoryAgencyRepository([]);
  expect(missing(await run())).toEqual(['Agencies']);
  agencies = new InMemoryAgencyRepository([agency('dpupr', { emails: [] })]);
  expect((await run()).find((f) => f.check === 'Agencies')!.detail).toBe('1 active, 1 without an email address (they get no warning)');
});

it('says which schedules are disabled', async () => {
  scheduler.on(GetScheduleCommand, { Name: 'redelivery-x' }).resolves({ State: 'DISABLED' });
  const findings = await run();
  expect(missing(findings)).toEqual(['Schedules']);
  expect(findings.find((f) => f.check === 'Schedules')!.detail).toBe('disabled: redelivery-x: those jobs do not run');
});

it('says when the holiday data ends before next year', async () => {
  const findings = await run(new Date('2027-06-01T00:00:00Z'));
  expect(missing(findings)).toEqual(['Holiday calendar']);
  expect(findings.find((f) => f.check === 'Holiday calendar')!.detail).toMatch(/^no holiday data for 2028/);
});

it('says when a piece cannot be read, instead of passing it', async () => {
  sns.on(ListSubscriptionsByTopicCommand).rejects(Object.assign(new Error('not authorized to perform: SNS:ListSubscriptionsByTopic'), { name: 'AuthorizationErrorException' }));
  expect((await run()).find((f) => f.check === 'Alarm subscriber')).toMatchObject({ ok: false, detail: expect.stringMatching(/could not be checked: AuthorizationErrorException/) });
});

it('says the stack is not deployed when CloudFormation does not know it', async () => {
  cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id Tuntas-kabupaten-blora does not exist'), { name: 'ValidationError' }));
  expect(await run()).toEqual([expect.objectContaining({ check: 'Stack', ok: false })]);
});

it('reports a stack with nothing configured in plain words (the closing note quotes it)', async () => {
  ses.on(GetAccountCommand).resolves({ SendingEnabled: true, ProductionAccessEnabled: false });
  ses.on(GetEmailIdentityCommand).resolves({ VerifiedForSendingStatus: false, DkimAttributes: { Status: 'PENDING' } });
  sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
  agencies = new InMemoryAgencyRepository([]);
  const report = formatFindings(await run());
  expect(report).toMatchSnapshot();
  expect(report).toContain('4 things missing before agencies get their warnings.');
});

it('checks the local system: agencies in DynamoDB Local, the SES stand-in answering, holidays', async () => {
  const fetchStub = (async (url: string) => ({ ok: url === 'http://localhost:8005/store', status: 200 })) as unknown as typeof fetch;
  const findings = await checkLocal({ agencies, sesUrl: 'http://localhost:8005', calendar, now: NOW, fetch: fetchStub });
  expect(missing(findings)).toEqual([]);
  const down = (async () => {
    throw new Error('connect ECONNREFUSED');
  }) as unknown as typeof fetch;
  expect(missing(await checkLocal({ agencies: new InMemoryAgencyRepository([]), sesUrl: 'http://localhost:8005', calendar, now: NOW, fetch: down }))).toEqual(['Agencies', 'SES stand-in']);
});
