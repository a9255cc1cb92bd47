// The scheduled jobs: one EventBridge Scheduler schedule per job from the region config, in its
// time zone, invoking only the jobs function with {"job", "time": <scheduled time>}; retries, one
// dead-letter queue for both Scheduler and Lambda failures, and alarms that reach operators.

import { JOBS } from '../../functions/handlers/jobs';
import { SCHEDULER_RETRY, JOB_RETRY } from '../../lib/constructs/schedules';
import {
  actionsOf,
  blora,
  functionLogicalId,
  refOf,
  refsIn,
  resourcesOfType,
  roleStatements,
  synth,
  type CfnResource,
  type CfnTemplate,
} from './synth';

let template: CfnTemplate;
beforeAll(() => {
  template = synth().json;
});

const only = (t: CfnTemplate, type: string): [string, CfnResource] => {
  const found = resourcesOfType(t, type);
  expect(found).toHaveLength(1);
  return found[0];
};
const schedules = (t: CfnTemplate) => resourcesOfType(t, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
const scheduleFor = (t: CfnTemplate, job: string) => {
  const found = schedules(t).filter((s) => JSON.parse(s.Target.Input).job === job);
  expect(found).toHaveLength(1);
  return found[0];
};
const jobsFunction = (t: CfnTemplate) => functionLogicalId(t, 'jobs');
/** The jobs' dead-letter queue (the stack has another one, the mailer's: see notifications.test.ts). */
const jobsQueue = (t: CfnTemplate): [string, CfnResource] => {
  const found = resourcesOfType(t, 'AWS::SQS::Queue').filter(([, q]) =>
    (q.Metadata?.['aws:cdk:path'] as string).endsWith('/Schedules/DeadLetterQueue/Resource'),
  );
  expect(found).toHaveLength(1);
  return found[0];
};
const deadLetterQueue = (t: CfnTemplate) => jobsQueue(t)[0];

describe('the schedules', () => {
  it('are one per job the handler knows, in one schedule group of their own', () => {
    expect(schedules(template)).toHaveLength(JOBS.length);
    expect(schedules(template).map((s) => JSON.parse(s.Target.Input).job).sort()).toEqual([...JOBS].sort());
    const [, group] = only(template, 'AWS::Scheduler::ScheduleGroup');
    for (const schedule of schedules(template)) expect(schedule.GroupName).toBe(group.Properties.Name);
    // The group holds no data: it goes with the stack, so a redeploy can create it again.
    expect(only(template, 'AWS::Scheduler::ScheduleGroup')[1].DeletionPolicy).toBe('Delete');
  });

  it.each(JOBS)('%s runs on the configured cron expression, in Asia/Jakarta, exactly on time', (job) => {
    const schedule = scheduleFor(template, job);
    expect(schedule.ScheduleExpression).toBe(blora().schedules[job]);
    expect(schedule.ScheduleExpressionTimezone).toBe('Asia/Jakarta');
    expect(schedule.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(schedule.State).toBe('ENABLED');
    expect(schedule.Name).toBeUndefined();
  });

  it.each(JOBS)('%s invokes the jobs function with its name and the scheduled time, verbatim', (job) => {
    const target = scheduleFor(template, job).Target;
    expect(refOf(target.Arn)).toBe(jobsFunction(template));
    expect(target.Arn['Fn::GetAtt'][1]).toBe('Arn');
    expect(typeof target.Input).toBe('string');
    expect(JSON.parse(target.Input)).toEqual({ job, time: '<aws.scheduler.scheduled-time>' });
  });

  it.each(JOBS)('%s retries delivery and dead-letters to the queue', (job) => {
    const target = scheduleFor(template, job).Target;
    expect(target.RetryPolicy).toEqual({
      MaximumRetryAttempts: SCHEDULER_RETRY.attempts,
      MaximumEventAgeInSeconds: SCHEDULER_RETRY.maxEventAge.toSeconds(),
    });
    expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(refOf(target.DeadLetterConfig.Arn)).toBe(deadLetterQueue(template));
  });

  it('output their names', () => {
    for (const job of JOBS) {
      const output = template.Outputs[`${job.charAt(0).toUpperCase()}${job.slice(1)}ScheduleName`];
      expect(template.Resources[refOf(output.Value)].Type).toBe('AWS::Scheduler::Schedule');
    }
  });
});

describe('the scheduler role', () => {
  const roleId = () => {
    const roles = new Set(schedules(template).map((s) => refOf(s.Target.RoleArn)));
    expect(roles.size).toBe(1);
    return [...roles][0];
  };

  it('is assumable by EventBridge Scheduler only, for this account and schedule group', () => {
    const role = template.Resources[roleId()];
    const [statement, ...rest] = role.Properties.AssumeRolePolicyDocument.Statement;
    expect(rest).toEqual([]);
    expect(statement.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    expect(statement.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
    expect(refOf(statement.Condition.StringEquals['aws:SourceArn'])).toBe(only(template, 'AWS::Scheduler::ScheduleGroup')[0]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('may only invoke the jobs function and send to the dead-letter queue', () => {
    const statements = roleStatements(template, roleId());
    const invoke = statements.filter((s) => actionsOf(s).includes('lambda:InvokeFunction'));
    expect(invoke).toHaveLength(1);
    expect(actionsOf(invoke[0])).toEqual(['lambda:InvokeFunction']);
    expect(new Set(refsIn(invoke[0].Resource))).toEqual(new Set([jobsFunction(template)]));

    const others = statements.filter((s) => s !== invoke[0]);
    for (const statement of others) {
      expect(actionsOf(statement)).toEqual(['sqs:SendMessage']);
      expect(refsIn(statement.Resource)).toEqual([deadLetterQueue(template)]);
    }
  });
});

describe('failed jobs', () => {
  it('the dead-letter queue is encrypted, refuses plain HTTP and keeps messages 14 days', () => {
    const [queueId, queue] = jobsQueue(template);
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
    const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy').filter(([, p]) => refsIn(p.Properties.Queues).includes(queueId));
    expect(policies).toHaveLength(1);
    const [, policy] = policies[0];
    expect(refsIn(policy.Properties.Queues)).toEqual([queueId]);
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(refOf(template.Outputs.JobsDeadLetterQueueUrl.Value)).toBe(queueId);
  });

  it('a job that throws is retried by Lambda, then sent to the same queue (Scheduler invokes asynchronously)', () => {
    const [, config] = only(template, 'AWS::Lambda::EventInvokeConfig');
    expect(refOf(config.Properties.FunctionName)).toBe(jobsFunction(template));
    expect(config.Properties.MaximumRetryAttempts).toBe(JOB_RETRY.attempts);
    expect(config.Properties.MaximumEventAgeInSeconds).toBe(JOB_RETRY.maxEventAge.toSeconds());
    expect(refOf(config.Properties.DestinationConfig.OnFailure.Destination)).toBe(deadLetterQueue(template));
  });

  it('the jobs function has no API route and no resource-based invoke permission', () => {
    const fnId = jobsFunction(template);
    for (const [, integration] of resourcesOfType(template, 'AWS::ApiGatewayV2::Integration')) {
      expect(refsIn(integration.Properties.IntegrationUri)).not.toContain(fnId);
    }
    for (const [, permission] of resourcesOfType(template, 'AWS::Lambda::Permission')) {
      expect(refsIn(permission.Properties.FunctionName)).not.toContain(fnId);
    }
  });
});

describe('alarms', () => {
  const alarms = () => resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, r]) => r.Properties);
  const topic = () => only(template, 'AWS::SNS::Topic');

  it('the operators topic is encrypted with a rotated key CloudWatch may use, refuses plain HTTP, and is output', () => {
    const [topicId, t] = topic();
    const key = template.Resources[refOf(t.Properties.KmsMasterKeyId)];
    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual(
      expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    );
    const [, policy] = only(template, 'AWS::SNS::TopicPolicy');
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' }),
    );
    expect(refOf(template.Outputs.AlarmTopicArn.Value)).toBe(topicId);
  });

  it('fires on any message in the dead-letter queue and tells the topic', () => {
    const alarm = alarms().find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && refsIn(a.Dimensions).includes(deadLetterQueue(template)));
    expect(alarm).toBeDefined();
    expect(alarm!.Namespace).toBe('AWS/SQS');
    expect(refsIn(alarm!.Dimensions)).toEqual([deadLetterQueue(template)]);
    expect(alarm!.Threshold).toBe(0);
    expect(alarm!.ComparisonOperator).toBe('GreaterThanThreshold');
    expect(alarm!.TreatMissingData).toBe('notBreaching');
    expect(alarm!.AlarmActions.map(refOf)).toEqual([topic()[0]]);
  });

  it("fires on the jobs function's errors and tells the topic", () => {
    const alarm = alarms().find(
      (a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda' && refsIn(a.Dimensions).includes(jobsFunction(template)),
    );
    expect(alarm).toBeDefined();
    expect(refsIn(alarm!.Dimensions)).toEqual([jobsFunction(template)]);
    expect(alarm!.Statistic).toBe('Sum');
    expect(alarm!.Threshold).toBe(0);
    expect(alarm!.ComparisonOperator).toBe('GreaterThanThreshold');
    expect(alarm!.AlarmActions.map(refOf)).toEqual([topic()[0]]);
  });
});

describe('a region with another time zone and other times', () => {
  // Other times for every job the handler knows (a new job needs no change here).
  const schedulesConfig = Object.fromEntries(JOBS.map((job, i) => [job, `cron(${i * 5} ${6 + i} ? * MON-FRI *)`])) as Record<
    (typeof JOBS)[number],
    string
  >;
  let t: CfnTemplate;
  beforeAll(() => {
    t = synth({ config: { ...blora(), regionName: 'Kota Makassar', timeZone: 'Asia/Makassar', schedules: schedulesConfig } }).json;
  });

  it.each(JOBS)('%s follows the config', (job) => {
    const schedule = scheduleFor(t, job);
    expect(schedule.ScheduleExpression).toBe(schedulesConfig[job]);
    expect(schedule.ScheduleExpressionTimezone).toBe('Asia/Makassar');
    expect(JSON.parse(schedule.Target.Input)).toEqual({ job, time: '<aws.scheduler.scheduled-time>' });
  });
});
