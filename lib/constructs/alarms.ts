// Where operators hear about failures: one encrypted SNS topic that every alarm of the stack
// notifies, and the alarms themselves. Nobody is subscribed by the stack (the region config has
// no operator address); subscribe from the console or CLI with the AlarmTopicArn output:
//   aws sns subscribe --topic-arn <AlarmTopicArn> --protocol email --notification-endpoint ops@...
//
// Each alarm's description says what it means and what to do: it is what the operator reads in
// the notification email, and the README's alarm table is the same text.

import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Metric, Stats, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The period every alarm looks at (SES reputation aside, see below). */
export const ALARM_PERIOD = Duration.minutes(5);
/** API 5xx responses in one period that page the operators (a single 5xx can be a blip). */
export const API_5XX_THRESHOLD = 5;
/**
 * SES reputation, as fractions (0.02 = 2 %). SES reviews an account at 5 % bounces or 0.1 %
 * complaints and may pause sending at 10 % or 0.5 %: these fire well before, while there is time
 * to find the cause.
 */
export const SES_BOUNCE_RATE_THRESHOLD = 0.02;
export const SES_COMPLAINT_RATE_THRESHOLD = 0.0005;
/** SES updates the reputation rates a few times an hour at most; look at the worst value per hour. */
export const SES_REPUTATION_PERIOD = Duration.hours(1);

/** The account-level SES metrics (AWS/SES, no dimensions): what SES itself judges the account by. */
export function sesMetric(metricName: string, props: { period?: Duration; statistic?: string; label?: string } = {}): Metric {
  return new Metric({ namespace: 'AWS/SES', metricName, period: props.period ?? ALARM_PERIOD, statistic: props.statistic ?? Stats.SUM, label: props.label });
}

export interface TuntasAlarmsProps {
  regionName: string;
}

export interface ThresholdAlarmOptions {
  metric: IMetric;
  threshold: number;
  comparisonOperator: ComparisonOperator;
  /** What it means and what to do. */
  description: string;
}

export class TuntasAlarms extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  /** Every alarm, in the order created (the dashboard shows their states). */
  readonly all: Alarm[] = [];

  constructor(scope: Construct, id: string, props: TuntasAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // A customer managed key (about 1 USD a month): CloudWatch cannot publish to a topic encrypted
    // with the AWS managed SNS key, whose policy cannot be changed to let it in.
    this.key = new Key(this, 'TopicKey', {
      description: `Encrypts the Tuntas ${props.regionName} alarm topic`,
      enableKeyRotation: true,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'Topic', {
      displayName: `Tuntas ${props.regionName} alarms`,
      masterKey: this.key,
      enforceSSL: true,
    });
    // The topic policy above (enforceSSL) replaces SNS's default one, so CloudWatch is let in
    // explicitly, and only for this account's alarms.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
  }

  /** An alarm on a threshold that tells the topic; no data means nothing happened. */
  threshold(id: string, options: ThresholdAlarmOptions): Alarm {
    const alarm = new Alarm(this, id, {
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: options.comparisonOperator,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      // No data means nothing happened (no errors, no requests, an empty queue, no mail sent).
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.all.push(alarm);
    return alarm;
  }

  /** An alarm that fires as soon as the metric is above zero, and tells the topic. */
  whenAboveZero(id: string, metric: IMetric, description: string): Alarm {
    return this.threshold(id, { metric, threshold: 0, comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD, description });
  }

  /** 5xx answers from the API: a function failing, timing out or missing permissions. */
  apiServerErrors(stage: IHttpStage): Alarm {
    return this.threshold('Api5xxAlarm', {
      metric: stage.metricServerError({ period: ALARM_PERIOD, statistic: Stats.SUM }),
      threshold: API_5XX_THRESHOLD,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description:
        `The API answered at least ${API_5XX_THRESHOLD} requests with a 5xx status within 5 minutes. Citizens or staff ` +
        'are getting errors. Find the failing route in the API access log group (status >= 500, integrationError), ' +
        'then the function\'s log group for the error; check the function Errors/Throttles alarms and recent deploys.',
    });
  }

  /** Errors (exceptions, timeouts, out-of-memory) and throttles of one function. */
  functionHealth(name: string, fn: IFunction, runbook: { errors: string; throttles: string }): Alarm[] {
    const title = capitalize(name);
    return [
      this.whenAboveZero(`${title}ErrorsAlarm`, fn.metricErrors({ period: ALARM_PERIOD, statistic: Stats.SUM }), runbook.errors),
      this.whenAboveZero(`${title}ThrottlesAlarm`, fn.metricThrottles({ period: ALARM_PERIOD, statistic: Stats.SUM }), runbook.throttles),
    ];
  }

  /** Any message in a dead-letter queue. */
  deadLetters(id: string, queue: IQueue, description: string): Alarm {
    return this.whenAboveZero(id, queue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: Stats.MAXIMUM }), description);
  }

  /** The account's SES bounce and complaint rates, before SES reviews or pauses sending. */
  sesReputation(): Alarm[] {
    return [
      this.threshold('SesBounceRateAlarm', {
        metric: sesMetric('Reputation.BounceRate', { period: SES_REPUTATION_PERIOD, statistic: Stats.MAXIMUM }),
        threshold: SES_BOUNCE_RATE_THRESHOLD,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description:
          `The SES bounce rate of this AWS account and region reached ${SES_BOUNCE_RATE_THRESHOLD * 100} % (SES reviews the ` +
          'account at 5 % and may pause sending at 10 %). Mail is going to addresses that do not exist: check the ' +
          'coordinator, Ombudsman and agency addresses in the region config and the agency list, and the reporters\' ' +
          'addresses in recent complaints; bounced addresses are suppressed automatically. See the SES console\'s ' +
          'reputation page.',
      }),
      this.threshold('SesComplaintRateAlarm', {
        metric: sesMetric('Reputation.ComplaintRate', { period: SES_REPUTATION_PERIOD, statistic: Stats.MAXIMUM }),
        threshold: SES_COMPLAINT_RATE_THRESHOLD,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description:
          `The SES complaint rate of this AWS account and region reached ${SES_COMPLAINT_RATE_THRESHOLD * 100} % (SES reviews ` +
          'the account at 0.1 % and may pause sending at 0.5 %). Recipients are marking Tuntas mail as spam: check ' +
          'which messages (compliance warnings, escalations) and to whom, and whether a job sent duplicates or too ' +
          'often (the email ledger); complaining addresses are suppressed automatically.',
      }),
    ];
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
