// One CloudWatch dashboard for the region's operators: is the API answering, are the functions
// healthy, is DynamoDB keeping up, did a job or a notification fail, is the mailer keeping up with
// the outbox, is mail getting through. CloudFormation names
// it; the stack outputs the name (DashboardName).

import { Duration } from 'aws-cdk-lib';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  Stats,
  TextWidget,
  type IAlarm,
  type IMetric,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { sesMetric } from './alarms';

export interface TuntasDashboardProps {
  regionName: string;
  stage: IHttpStage;
  /** Function name ("public", ..., "jobs", "mailer") → function. */
  functions: ReadonlyMap<string, IFunction>;
  /** Table id ("Complaints", ...) → table. */
  tables: ReadonlyMap<string, ITableV2>;
  /** Dead-letter queue name ("jobs", "notifications") → queue. */
  deadLetterQueues: ReadonlyMap<string, IQueue>;
  /** The function reading the Complaints stream (the mailer): its iterator age is the outbox's lag. */
  streamConsumer: IFunction;
  alarms: readonly IAlarm[];
}

const PERIOD = Duration.minutes(5);
const WIDTH = 24;

export class TuntasDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: TuntasDashboardProps) {
    super(scope, id);
    const sum = { period: PERIOD, statistic: Stats.SUM };
    const graph = (title: string, left: IMetric[], width: number, right?: IMetric[]) =>
      new GraphWidget({ title, left, right, width, height: 6, leftYAxis: { min: 0 }, rightYAxis: right && { min: 0 } });
    const perFunction = (metric: (fn: IFunction, name: string) => IMetric) =>
      [...props.functions].map(([name, fn]) => metric(fn, name));
    const perTable = (metric: (table: ITableV2, name: string) => IMetric) => [...props.tables].map(([name, table]) => metric(table, name));

    const rows: IWidget[][] = [
      [
        new TextWidget({
          markdown:
            `# Tuntas — ${props.regionName}\n` +
            'Alarms notify the AlarmTopicArn topic; each alarm\'s description says what to do. Times are UTC.',
          width: WIDTH,
          height: 2,
        }),
      ],
      [new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: WIDTH, height: 4 })],
      // The API (HTTP API $default stage).
      [
        graph('API requests', [props.stage.metricCount({ ...sum, label: 'Requests' })], 6),
        graph('API 4xx', [props.stage.metricClientError({ ...sum, label: '4xx' })], 6),
        graph('API 5xx', [props.stage.metricServerError({ ...sum, label: '5xx' })], 6),
        graph('API latency (ms)', [
          props.stage.metricLatency({ period: PERIOD, statistic: Stats.percentile(50), label: 'p50' }),
          props.stage.metricLatency({ period: PERIOD, statistic: Stats.percentile(99), label: 'p99' }),
          props.stage.metricIntegrationLatency({ period: PERIOD, statistic: Stats.percentile(99), label: 'integration p99' }),
        ], 6),
      ],
      // Lambda: one line per function.
      [
        graph('Invocations', perFunction((fn, name) => fn.metricInvocations({ ...sum, label: name })), 6),
        graph('Errors', perFunction((fn, name) => fn.metricErrors({ ...sum, label: name })), 6),
        graph('Duration p99 (ms)', perFunction((fn, name) => fn.metricDuration({ period: PERIOD, statistic: Stats.percentile(99), label: name })), 6),
        graph('Throttles', perFunction((fn, name) => fn.metricThrottles({ ...sum, label: name })), 6),
      ],
      // DynamoDB: one line per table.
      [
        graph('DynamoDB consumed read units', perTable((t, name) => t.metricConsumedReadCapacityUnits({ ...sum, label: name })), 8),
        graph('DynamoDB consumed write units', perTable((t, name) => t.metricConsumedWriteCapacityUnits({ ...sum, label: name })), 8),
        graph(
          'DynamoDB throttled requests',
          [
            ...perTable((t, name) => t.metric('ReadThrottleEvents', { ...sum, label: `${name} read` })),
            ...perTable((t, name) => t.metric('WriteThrottleEvents', { ...sum, label: `${name} write` })),
          ],
          8,
        ),
      ],
      // What failed after every retry, and how far behind the outbox mailer is.
      [
        graph(
          'Dead-letter queues (messages)',
          [...props.deadLetterQueues].map(([name, queue]) =>
            queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: Stats.MAXIMUM, label: name }),
          ),
          12,
        ),
        graph(
          'Outbox mailer stream lag (iterator age, ms)',
          [props.streamConsumer.metric('IteratorAge', { period: PERIOD, statistic: Stats.MAXIMUM, label: 'max' })],
          12,
        ),
      ],
      // SES (account level in this region: what SES judges the account by).
      [
        graph(
          'SES sends, bounces, complaints',
          [sesMetric('Send', { label: 'sent' }), sesMetric('Delivery', { label: 'delivered' })],
          12,
          [sesMetric('Bounce', { label: 'bounces' }), sesMetric('Complaint', { label: 'complaints' })],
        ),
        graph(
          'SES reputation (fraction)',
          [
            sesMetric('Reputation.BounceRate', { period: Duration.hours(1), statistic: Stats.MAXIMUM, label: 'bounce rate' }),
            sesMetric('Reputation.ComplaintRate', { period: Duration.hours(1), statistic: Stats.MAXIMUM, label: 'complaint rate' }),
          ],
          12,
        ),
      ],
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(24),
      widgets: rows,
    });
  }
}
