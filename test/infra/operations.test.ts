// Operations: the alarms that reach the operators' topic (API 5xx, each function's errors and
// throttles, the jobs and notifications dead-letter queues, SES reputation) and the dashboard.

import {
  API_5XX_THRESHOLD,
  SES_BOUNCE_RATE_THRESHOLD,
  SES_COMPLAINT_RATE_THRESHOLD,
} from '../../lib/constructs/alarms';
import { TABLES } from '../../lib/tables';
import { FUNCTION_NAMES } from '../../lib/stack';
import {
  functionLogicalId,
  functionNames,
  refOf,
  refsIn,
  resourcesOfType,
  synth,
  tableLogicalId,
  type CfnResource,
  type CfnTemplate,
} from './synth';

let template: CfnTemplate;
beforeAll(() => {
  // With the optional dashboard (tuntas:dashboard), so it is checked too.
  template = synth({ context: { 'tuntas:dashboard': true } }).json;
});

const only = (type: string): [string, CfnResource] => {
  const found = resourcesOfType(template, type);
  expect(found).toHaveLength(1);
  return found[0];
};
const alarms = () => resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([id, r]) => [id, r.Properties] as const);
const topic = () => only('AWS::SNS::Topic')[0];
const alarmsOn = (namespace: string, metricName: string) => alarms().filter(([, a]) => a.Namespace === namespace && a.MetricName === metricName);

describe('every alarm', () => {
  it('notifies the operators topic and nothing else, treats missing data as fine, and says what to do', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const [, alarm] of alarms()) {
      expect(alarm.AlarmActions.map(refOf)).toEqual([topic()]);
      expect(alarm.OKActions).toBeUndefined();
      expect(alarm.TreatMissingData).toBe('notBreaching');
      expect(alarm.EvaluationPeriods).toBe(1);
      expect(alarm.AlarmDescription.length).toBeGreaterThan(80);
      expect(alarm.AlarmName).toBeUndefined();
    }
  });

  it('is one of the expected set, no more', () => {
    // API 5xx, per function ×2 (not the deploy-time agency loader), DLQ ×2, SES ×2, undelivered email ×1.
    const expected = 1 + 2 * FUNCTION_NAMES.length + 2 + 2 + 1;
    expect(alarms()).toHaveLength(expected);
  });
});

it(`the API 5xx alarm fires at ${API_5XX_THRESHOLD} or more 5xx answers of the $default stage in 5 minutes`, () => {
  const found = alarmsOn('AWS/ApiGateway', '5xx');
  expect(found).toHaveLength(1);
  const [, alarm] = found[0];
  const [apiId] = only('AWS::ApiGatewayV2::Api');
  expect(alarm.Dimensions).toEqual([
    { Name: 'ApiId', Value: { Ref: apiId } },
    { Name: 'Stage', Value: '$default' },
  ]);
  expect(alarm).toMatchObject({ Statistic: 'Sum', Period: 300, Threshold: 5, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
});

describe.each(['Errors', 'Throttles'])('the %s alarms', (metricName) => {
  it('one per function, firing on the first one in 5 minutes', () => {
    const found = alarmsOn('AWS/Lambda', metricName);
    const byFunction = found.map(([, a]) => {
      expect(a.Dimensions).toHaveLength(1);
      expect(a.Dimensions[0].Name).toBe('FunctionName');
      return refOf(a.Dimensions[0].Value);
    });
    expect(byFunction.sort()).toEqual(FUNCTION_NAMES.map((name) => functionLogicalId(template, name)).sort());
    for (const [, alarm] of found) {
      expect(alarm).toMatchObject({ Statistic: 'Sum', Period: 300, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });
});

it('the dead-letter alarms fire on the first message in either queue (jobs, notifications), one alarm each', () => {
  const found = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
  const queues = resourcesOfType(template, 'AWS::SQS::Queue').map(([id]) => id);
  expect(queues).toHaveLength(2);
  expect(found.map(([, a]) => refsIn(a.Dimensions)).flat().sort()).toEqual([...queues].sort());
  for (const [, alarm] of found) {
    expect(alarm).toMatchObject({ Statistic: 'Maximum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
  }
});

describe('SES reputation alarms (account level, what SES enforces on)', () => {
  it.each([
    ['Reputation.BounceRate', SES_BOUNCE_RATE_THRESHOLD, 0.02],
    ['Reputation.ComplaintRate', SES_COMPLAINT_RATE_THRESHOLD, 0.0005],
  ])('%s at or above %s', (metricName, threshold, literal) => {
    expect(threshold).toBe(literal);
    const found = alarmsOn('AWS/SES', metricName);
    expect(found).toHaveLength(1);
    const [, alarm] = found[0];
    expect(alarm.Dimensions).toBeUndefined();
    expect(alarm).toMatchObject({ Statistic: 'Maximum', Period: 3600, Threshold: threshold, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });
});

describe('the dashboard', () => {
  const body = () => {
    const [, dashboard] = only('AWS::CloudWatch::Dashboard');
    // The body is a Fn::Join of JSON text and references; references become "<logical id>".
    const parts = dashboard.Properties.DashboardBody['Fn::Join'][1] as unknown[];
    const text = parts.map((part) => (typeof part === 'string' ? part : `<${refsIn(part)[0]}>`)).join('');
    return JSON.parse(text) as { widgets: Array<{ type: string; properties: Record<string, any> }> };
  };
  const graphs = () => body().widgets.filter((w) => w.type === 'metric');
  const metricsOf = (title: string) => {
    const widget = graphs().find((w) => w.properties.title === title);
    expect(widget).toBeDefined();
    return widget!.properties.metrics as unknown[][];
  };
  /** [namespace, metricName, ...dimension pairs] of a widget's metric rows. */
  const names = (rows: unknown[][]) => rows.map((row) => `${row[0]} ${row[1]}`);

  it('is off by default (a fixed monthly price past the free tier)', () => {
    expect(resourcesOfType(synth().json, 'AWS::CloudWatch::Dashboard')).toEqual([]);
  });

  it('exists, has no hard-coded name, and its name is output', () => {
    const [id, dashboard] = only('AWS::CloudWatch::Dashboard');
    expect(dashboard.Properties.DashboardName).toBeUndefined();
    expect(refOf(template.Outputs.DashboardName.Value)).toBe(id);
  });

  it('shows the API requests, 4xx, 5xx and latency', () => {
    expect(names(metricsOf('API requests'))).toEqual(['AWS/ApiGateway Count']);
    expect(names(metricsOf('API 4xx'))).toEqual(['AWS/ApiGateway 4xx']);
    expect(names(metricsOf('API 5xx'))).toEqual(['AWS/ApiGateway 5xx']);
    expect(names(metricsOf('API latency (ms)'))).toEqual(expect.arrayContaining(['AWS/ApiGateway Latency']));
  });

  it.each([
    ['Invocations', 'Invocations'],
    ['Errors', 'Errors'],
    ['Duration p99 (ms)', 'Duration'],
    ['Throttles', 'Throttles'],
  ])('shows %s for every function', (title, metricName) => {
    const rows = metricsOf(title);
    expect(names(rows).every((n) => n === `AWS/Lambda ${metricName}`)).toBe(true);
    const fns = rows.map((row) => String(row[3]));
    expect(fns.sort()).toEqual(FUNCTION_NAMES.map((name) => `<${functionLogicalId(template, name)}>`).sort());
  });

  it('shows consumed capacity and throttled requests for every table', () => {
    const tables = TABLES.map((t) => `<${tableLogicalId(template, t.id)}>`).sort();
    for (const [title, metrics] of [
      ['DynamoDB consumed read units', ['ConsumedReadCapacityUnits']],
      ['DynamoDB consumed write units', ['ConsumedWriteCapacityUnits']],
      ['DynamoDB throttled requests', ['ReadThrottleEvents', 'WriteThrottleEvents']],
    ] as const) {
      const rows = metricsOf(title);
      for (const metric of metrics) {
        const forMetric = rows.filter((row) => row[1] === metric);
        expect(forMetric.map((row) => String(row[3])).sort()).toEqual(tables);
      }
    }
  });

  it('shows both dead-letter queues\' depth, the mailer\'s stream lag and SES sends, bounces, complaints and reputation', () => {
    const queues = metricsOf('Dead-letter queues (messages)');
    expect(names(queues)).toEqual(['AWS/SQS ApproximateNumberOfMessagesVisible', 'AWS/SQS ApproximateNumberOfMessagesVisible']);
    expect(queues.map((row) => String(row[3])).sort()).toEqual(resourcesOfType(template, 'AWS::SQS::Queue').map(([id]) => `<${id}>`).sort());
    const lag = metricsOf('Outbox mailer stream lag (iterator age, ms)');
    expect(names(lag)).toEqual(['AWS/Lambda IteratorAge']);
    expect(String(lag[0][3])).toBe(`<${functionLogicalId(template, 'mailer')}>`);
    expect(names(metricsOf('SES sends, bounces, complaints'))).toEqual(
      expect.arrayContaining(['AWS/SES Send', 'AWS/SES Bounce', 'AWS/SES Complaint']),
    );
    expect(names(metricsOf('SES reputation (fraction)'))).toEqual(['AWS/SES Reputation.BounceRate', 'AWS/SES Reputation.ComplaintRate']);
  });

  it('shows the state of every alarm', () => {
    const status = body().widgets.find((w) => w.type === 'alarm');
    expect(status).toBeDefined();
    const shown = (status!.properties.alarms as string[]).map((arn) => /<(.+)>/.exec(arn)?.[1]).sort();
    expect(shown).toEqual(alarms().map(([id]) => id).sort());
  });
});
