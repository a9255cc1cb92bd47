// The readiness check (`npm run doctor`): what a region still has to do before its first warning
// email reaches an agency, in plain words. `--aws` reads the deployed stack through the AWS SDK;
// without it, the local system `npm start` runs (its stand-ins). Each check answers ok or not, with
// the fix. Nothing here writes anything.

import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { GetAccountCommand, GetEmailIdentityCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { ListSubscriptionsByTopicCommand, type SNSClient } from '@aws-sdk/client-sns';
import { GetScheduleCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { missingHolidayYears, type WorkingDayCalendar } from '../../functions/core/calendar';
import type { AgencyRepository } from '../../functions/ports/repositories';

export interface Finding {
  check: string;
  ok: boolean;
  /** What is true now, in plain words. */
  detail: string;
  /** What to do when not ok. */
  fix?: string;
}

export interface AwsClients {
  cloudformation: Pick<CloudFormationClient, 'send'>;
  sesv2: Pick<SESv2Client, 'send'>;
  sns: Pick<SNSClient, 'send'>;
  scheduler: Pick<SchedulerClient, 'send'>;
  /** The Agencies table of the stack (its name comes from the outputs). */
  agencies: (tableName: string) => Pick<AgencyRepository, 'list'>;
}

/** Holiday data for this year and the next (both modes). */
export function holidayCoverage(calendar: WorkingDayCalendar, now: Date): Finding {
  const missing = missingHolidayYears(calendar, now);
  return missing.length === 0
    ? { check: 'Holiday calendar', ok: true, detail: `covers ${calendar.localDate(now).slice(0, 4)} and the next year` }
    : {
        check: 'Holiday calendar',
        ok: false,
        detail: `no holiday data for ${missing.join(' and ')}: deadlines there count weekends only`,
        fix: 'Add the SKB 3 Menteri\'s libur nasional and cuti bersama for that year to config/holidays-id.json (README, Holidays) and deploy.',
      };
}

function agencyFinding(list: Array<{ active: boolean; emails: string[] }>): Finding {
  const active = list.filter((a) => a.active);
  if (active.length === 0) {
    return { check: 'Agencies', ok: false, detail: 'no active agency in the Agencies table: every disposition would fail', fix: 'List the agencies in the region config and deploy (they are loaded at deploy), or add them with PUT /admin/agencies/{agencyId}.' };
  }
  const noEmail = active.filter((a) => a.emails.length === 0).length;
  return noEmail > 0
    ? { check: 'Agencies', ok: false, detail: `${active.length} active, ${noEmail} without an email address (they get no warning)`, fix: 'Give each agency an address with PUT /admin/agencies/{agencyId}.' }
    : { check: 'Agencies', ok: true, detail: `${active.length} active agencies, each with an email address` };
}

/** Every check against a deployed stack. A check that cannot be read says so and counts as not ok. */
export async function checkDeployedStack(clients: AwsClients, options: { stackName: string; calendar: WorkingDayCalendar; now: Date }): Promise<Finding[]> {
  let outputs: Record<string, string>;
  try {
    const { Stacks } = await clients.cloudformation.send(new DescribeStacksCommand({ StackName: options.stackName }));
    outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    return [{ check: 'Stack', ok: false, detail: `cannot read stack ${options.stackName}: ${(error as Error).message}`, fix: 'Deploy it (README, Go-live checklist), or check the AWS credentials, region and -c stage.' }];
  }
  const findings: Finding[] = [{ check: 'Stack', ok: true, detail: `${options.stackName} is deployed` }];
  const attempt = async (check: string, run: () => Promise<Finding>) => {
    try {
      findings.push(await run());
    } catch (error) {
      findings.push({ check, ok: false, detail: `could not be checked: ${(error as Error).name}: ${(error as Error).message}`, fix: 'Check that these credentials may read it.' });
    }
  };

  await attempt('SES account', async () => {
    const account = await clients.sesv2.send(new GetAccountCommand({}));
    if (!account.SendingEnabled) {
      return { check: 'SES account', ok: false, detail: 'sending is paused for this account (SES paused it, or it was disabled)', fix: 'SES console → Account dashboard: read the reason, fix it, then resume sending (or ask AWS Support).' };
    }
    if (!account.ProductionAccessEnabled) {
      return { check: 'SES account', ok: false, detail: 'still in the SES sandbox: mail reaches only verified addresses, so agencies get no warnings', fix: 'SES console → Account dashboard → Request production access (ap-southeast-3).' };
    }
    return { check: 'SES account', ok: true, detail: 'out of the sandbox, sending enabled' };
  });

  await attempt('SES identity', async () => {
    const identity = outputs.SesIdentity;
    if (!identity) return { check: 'SES identity', ok: false, detail: 'the stack has no SesIdentity output', fix: 'Deploy the current version of the stack.' };
    const found = await clients.sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
    return found.VerifiedForSendingStatus
      ? { check: 'SES identity', ok: true, detail: `${identity} is verified` }
      : { check: 'SES identity', ok: false, detail: `${identity} is not verified yet (DKIM ${found.DkimAttributes?.Status ?? 'unknown'})`, fix: 'Publish the SesDkimRecord1..3 CNAMEs from the stack outputs in the domain\'s DNS (or click the link SES mailed to the address).' };
  });

  await attempt('Alarm subscriber', async () => {
    const topic = outputs.AlarmTopicArn;
    const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
    const confirmed = Subscriptions.filter((s) => s.SubscriptionArn && s.SubscriptionArn !== 'PendingConfirmation');
    if (confirmed.length > 0) return { check: 'Alarm subscriber', ok: true, detail: `${confirmed.length} confirmed subscription(s) to the alarm topic` };
    return {
      check: 'Alarm subscriber',
      ok: false,
      detail: Subscriptions.length > 0 ? 'the alarm topic has subscriptions, none confirmed: nobody hears an alarm' : 'nobody is subscribed to the alarm topic: nobody hears an alarm',
      fix: `aws sns subscribe --topic-arn ${topic} --protocol email --notification-endpoint <ops address>, then confirm the email.`,
    };
  });

  await attempt('Agencies', async () => agencyFinding(await clients.agencies(outputs.AgenciesTableName ?? '').list()));

  await attempt('Schedules', async () => {
    const names = Object.entries(outputs).filter(([key]) => /ScheduleName$/.test(key)).map(([, value]) => value);
    const group = outputs.ScheduleGroupName;
    const disabled: string[] = [];
    for (const name of names) {
      const schedule = await clients.scheduler.send(new GetScheduleCommand({ Name: name, ...(group && { GroupName: group }) }));
      if (schedule.State !== 'ENABLED') disabled.push(name);
    }
    if (names.length === 0) return { check: 'Schedules', ok: false, detail: 'the stack has no schedule outputs', fix: 'Deploy the current version of the stack.' };
    return disabled.length === 0
      ? { check: 'Schedules', ok: true, detail: `${names.length} schedules enabled` }
      : { check: 'Schedules', ok: false, detail: `disabled: ${disabled.join(', ')}: those jobs do not run`, fix: 'Enable them (EventBridge Scheduler console) or deploy again.' };
  });

  findings.push(holidayCoverage(options.calendar, options.now));
  return findings;
}

/** The local system (`npm start`): the stand-ins answer, agencies are loaded, holidays covered. */
export async function checkLocal(
  options: { agencies: Pick<AgencyRepository, 'list'>; sesUrl: string; calendar: WorkingDayCalendar; now: Date; fetch?: typeof fetch },
): Promise<Finding[]> {
  const findings: Finding[] = [];
  try {
    findings.push(agencyFinding(await options.agencies.list()));
  } catch (error) {
    findings.push({ check: 'Agencies', ok: false, detail: `DynamoDB Local did not answer: ${(error as Error).message}`, fix: 'Start the system with npm start.' });
  }
  try {
    const res = await (options.fetch ?? fetch)(`${options.sesUrl}/store`);
    findings.push(res.ok ? { check: 'SES stand-in', ok: true, detail: `captures mail at ${options.sesUrl}` } : { check: 'SES stand-in', ok: false, detail: `answered ${res.status}`, fix: 'Restart npm start.' });
  } catch (error) {
    findings.push({ check: 'SES stand-in', ok: false, detail: `did not answer: ${(error as Error).message}`, fix: 'Start the system with npm start.' });
  }
  findings.push({ check: 'SES account, identity, alarm subscriber', ok: true, detail: 'not applicable locally (the stand-in accepts every sender); run with --aws against a deployed stack' });
  findings.push(holidayCoverage(options.calendar, options.now));
  return findings;
}

/** The report as a person reads it. */
export function formatFindings(findings: readonly Finding[]): string {
  const lines = findings.map((f) => `${f.ok ? 'OK     ' : 'MISSING'} ${f.check}: ${f.detail}${f.ok || !f.fix ? '' : `\n        → ${f.fix}`}`);
  const missing = findings.filter((f) => !f.ok).length;
  lines.push('', missing === 0 ? 'Ready: nothing missing.' : `${missing} thing${missing === 1 ? '' : 's'} missing before agencies get their warnings.`);
  return lines.join('\n');
}
