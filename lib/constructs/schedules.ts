// The scheduled jobs: one EventBridge Scheduler schedule per job, in the region's time zone, each
// invoking the jobs function with {"job": "<name>", "time": "<aws.scheduler.scheduled-time>"}.
// The job takes "now" from `time` (the scheduled time, not the delivery time), so a retried or
// replayed event computes the same day.
//
// Failures land in one dead-letter queue, whichever side they happen on:
// - Scheduler could not deliver the event (throttled, permission or function missing): it retries
//   under the schedule's retry policy, then sends the event to the queue.
// - Scheduler invokes Lambda asynchronously, so a job that throws is retried by Lambda (the async
//   invoke config below), then sent to the queue by Lambda's on-failure destination with the error.
// An event in the queue can be replayed by invoking the jobs function with its payload.

import { Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleGroup,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { logicalIdOf } from './function';

/** Scheduler retries delivery 3 times within an hour: a job an hour late is still useful, a day late is not. */
export const SCHEDULER_RETRY = { attempts: 3, maxEventAge: Duration.hours(1) } as const;
/** Lambda retries a failed job twice (its maximum), 1 and 2 minutes apart. */
export const JOB_RETRY = { attempts: 2, maxEventAge: Duration.hours(1) } as const;

export interface TuntasSchedulesProps<Job extends string> {
  /** The function every schedule invokes. */
  target: IFunction;
  /** Job name → EventBridge Scheduler cron expression. */
  schedules: Readonly<Record<Job, string>>;
  /** IANA time zone the cron expressions are read in. */
  timeZone: string;
  regionName: string;
}

export class TuntasSchedules<Job extends string> extends Construct {
  readonly group: ScheduleGroup;
  readonly role: Role;
  readonly deadLetterQueue: Queue;
  readonly schedules: ReadonlyMap<Job, Schedule>;

  constructor(scope: Construct, id: string, props: TuntasSchedulesProps<Job>) {
    super(scope, id);
    const stack = Stack.of(this);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // SQS's maximum: two weeks to notice the alarm and replay what failed.
      retentionPeriod: Duration.days(14),
    });
    const isTheDeadLetterQueue =
      'This queue IS the dead-letter queue: Scheduler\'s target DeadLetterConfig and the jobs function\'s on-failure ' +
      'destination (EventInvokeConfig) send to it, which the rule does not recognise (it looks only for queue ' +
      'RedrivePolicy and Lambda DeadLetterConfig). Nothing consumes it, so it needs no redrive of its own; the ' +
      'JobsDeadLetterAlarm fires on its first message.';
    Validations.of(this.deadLetterQueue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: isTheDeadLetterQueue },
      { id: 'Serverless-SQSRedrivePolicy', reason: isTheDeadLetterQueue },
    );

    // Its own group: the scheduler role trusts only this group's schedules, and the group's
    // metrics are Tuntas's alone. It holds no data, so it goes with the stack.
    this.group = new ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });

    // One role for every schedule: it may invoke the jobs function and send to the dead-letter
    // queue (both granted by LambdaInvoke), nothing else. The conditions stop another account's
    // or another group's schedule from using it (confused deputy).
    this.role = new Role(this, 'Role', {
      description: `EventBridge Scheduler invokes the Tuntas ${props.regionName} jobs`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': this.group.scheduleGroupArn },
        },
      }),
    });

    const schedules = new Map<Job, Schedule>();
    for (const job of Object.keys(props.schedules) as Job[]) {
      const expression = props.schedules[job];
      schedules.set(
        job,
        new Schedule(this, `${capitalize(job)}Schedule`, {
          description: `Tuntas ${props.regionName}: ${job} job, ${expression} ${props.timeZone}`,
          scheduleGroup: this.group,
          schedule: ScheduleExpression.expression(expression, TimeZone.of(props.timeZone)),
          timeWindow: TimeWindow.off(),
          target: new LambdaInvoke(props.target, {
            role: this.role,
            input: ScheduleTargetInput.fromObject({ job, time: ContextAttribute.scheduledTime }),
            retryAttempts: SCHEDULER_RETRY.attempts,
            maxEventAge: SCHEDULER_RETRY.maxEventAge,
            deadLetterQueue: this.deadLetterQueue,
          }),
        }),
      );
    }
    this.schedules = schedules;
    // LambdaInvoke grants lambda:InvokeFunction on the function and "<arn>:*" (its versions and
    // aliases); the schedules invoke the unqualified ARN.
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(props.target)}.Arn>:*]`,
      reason:
        'lambda:InvokeFunction on the jobs function\'s own versions and aliases ("<function ARN>:*", added by the ' +
        'Scheduler LambdaInvoke target\'s grant); the role may invoke no other function, and the schedules call the ' +
        'unqualified ARN.',
    });

    props.target.configureAsyncInvoke({
      retryAttempts: JOB_RETRY.attempts,
      maxEventAge: JOB_RETRY.maxEventAge,
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    Validations.of(props.target).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Failed asynchronous invocations go to the dead-letter queue through the on-failure destination above ' +
        '(EventInvokeConfig, the successor of DeadLetterConfig: the record also carries the error). A DeadLetterConfig ' +
        'as well would put every failed event in the queue twice.',
    });
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
