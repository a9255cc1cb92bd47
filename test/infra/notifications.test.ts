// The outbox mailer: the Complaints table's stream feeds the mailer function through one event
// source mapping (new OUTBOX# items only, partial batch responses, bisecting retries, in order per
// shard), and what still fails goes to an encrypted, TLS-only dead-letter queue with an alarm.

import { OUTBOX_PREFIX } from '../../functions/adapters/dynamodb/keys';
import { NOTIFICATION_KINDS } from '../../functions/core/model';
import { outboxRecords } from '../../functions/adapters/dynamodb/outbox-stream';
import { MAILER_STREAM } from '../../lib/constructs/notifications';
import { NOTIFICATIONS_DEAD_LETTER_RUNBOOK } from '../../lib/stack';
import { COMPLAINTS_TABLE } from '../../lib/tables';
import {
  functionLogicalId,
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
  template = synth().json;
});

const mapping = (): CfnResource => {
  const found = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping');
  expect(found).toHaveLength(1);
  return found[0][1];
};
const queue = (): [string, CfnResource] => {
  const found = resourcesOfType(template, 'AWS::SQS::Queue').filter(([, q]) =>
    (q.Metadata?.['aws:cdk:path'] as string).endsWith('/Notifications/DeadLetterQueue/Resource'),
  );
  expect(found).toHaveLength(1);
  return found[0];
};

describe('the event source mapping', () => {
  it('is the only one, and feeds the Complaints table stream to the mailer function', () => {
    const props = mapping().Properties;
    expect(refOf(props.FunctionName)).toBe(functionLogicalId(template, 'mailer'));
    expect(props.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableLogicalId(template, COMPLAINTS_TABLE.id), 'StreamArn'] });
    expect(props.Enabled ?? true).toBe(true);
  });

  it('starts at the oldest record the stream holds, so outbox items written before it existed are sent', () => {
    expect(mapping().Properties.StartingPosition).toBe('TRIM_HORIZON');
  });

  it('reads batches of 10, one batch per shard at a time (notifications of a complaint stay in order)', () => {
    const props = mapping().Properties;
    expect(props.BatchSize).toBe(10);
    expect(props.ParallelizationFactor).toBe(1);
    expect(props.TumblingWindowInSeconds).toBeUndefined();
  });

  it('retries a failed batch from the failed record, splitting it, 5 times within a day', () => {
    const props = mapping().Properties;
    expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(props.BisectBatchOnFunctionError).toBe(true);
    expect(props.MaximumRetryAttempts).toBe(5);
    expect(props.MaximumRecordAgeInSeconds).toBe(86_400);
    expect(MAILER_STREAM).toMatchObject({ batchSize: 10, retryAttempts: 5, parallelizationFactor: 1, reportBatchItemFailures: true });
  });

  it('passes only INSERTs of items whose sort key begins with OUTBOX#', () => {
    const filters = mapping().Properties.FilterCriteria.Filters as Array<{ Pattern: string }>;
    expect(filters).toHaveLength(1);
    expect(JSON.parse(filters[0].Pattern)).toEqual({
      eventName: ['INSERT'],
      dynamodb: { Keys: { sk: { S: [{ prefix: 'OUTBOX#' }] } } },
    });
    expect(OUTBOX_PREFIX).toBe('OUTBOX#');
  });

  it('passes what the mailer reads: the filter and outboxRecords agree on a sample of records', () => {
    // The filter, evaluated the way Lambda does for these two fields, against the handler's own parser.
    const [{ Pattern }] = mapping().Properties.FilterCriteria.Filters as Array<{ Pattern: string }>;
    const pattern = JSON.parse(Pattern) as { eventName: string[]; dynamodb: { Keys: { sk: { S: Array<{ prefix: string }> } } } };
    const passes = (record: { eventName: string; dynamodb: { Keys: { sk: { S: string } } } }) =>
      pattern.eventName.includes(record.eventName) && pattern.dynamodb.Keys.sk.S.some((rule) => record.dynamodb.Keys.sk.S.startsWith(rule.prefix));
    const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', sk: string, seq: number) => {
      const image = {
        pk: { S: 'COMPLAINT#BLA-2025-000001' },
        sk: { S: sk },
        trackingId: { S: 'BLA-2025-000001' },
        seq: { S: String(seq).padStart(4, '0') },
        kind: { S: NOTIFICATION_KINDS[0] },
        recipient: { M: { type: { S: 'reporter' } } },
        createdAt: { S: '2025-01-02T03:04:05.000Z' },
      };
      return {
        eventName,
        dynamodb: { Keys: { pk: image.pk, sk: image.sk }, NewImage: image, SequenceNumber: String(1000 + seq) },
      };
    };
    const records = [
      record('INSERT', `${OUTBOX_PREFIX}0001`, 1),
      record('MODIFY', `${OUTBOX_PREFIX}0002`, 2),
      record('INSERT', 'META', 3),
      record('INSERT', 'TIMELINE#0004', 4),
      record('REMOVE', `${OUTBOX_PREFIX}0005`, 5),
    ];
    const filtered = records.filter(passes);
    expect(filtered.map((r) => r.dynamodb.Keys.sk.S)).toEqual([`${OUTBOX_PREFIX}0001`]);
    // Whatever the filter drops, the handler would have skipped too.
    const read = (rs: typeof records) => outboxRecords(rs as never).map((r) => r.sequenceNumber);
    expect(read(records)).toEqual(['1001']);
    expect(read(filtered)).toEqual(read(records));
  });

  it('sends a batch that failed every retry to the notifications dead-letter queue', () => {
    const destination = mapping().Properties.DestinationConfig.OnFailure.Destination;
    expect(destination).toEqual({ 'Fn::GetAtt': [queue()[0], 'Arn'] });
  });
});

describe('the notifications dead-letter queue', () => {
  it('is encrypted (SQS managed), keeps messages 14 days, has no hard-coded name', () => {
    const [, q] = queue();
    expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    expect(q.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
    expect(q.Properties.QueueName).toBeUndefined();
  });

  it('refuses plain HTTP', () => {
    const [queueId] = queue();
    const policies = resourcesOfType(template, 'AWS::SQS::QueuePolicy').filter(([, p]) => refsIn(p.Properties.Queues).includes(queueId));
    expect(policies).toHaveLength(1);
    expect(policies[0][1].Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('is output by URL', () => {
    expect(refOf(template.Outputs.NotificationsDeadLetterQueueUrl.Value)).toBe(queue()[0]);
  });

  it('has an alarm on its first message that tells the operators topic what to do', () => {
    const [queueId] = queue();
    const [topicId] = resourcesOfType(template, 'AWS::SNS::Topic')[0];
    const found = resourcesOfType(template, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .filter((a) => a.Namespace === 'AWS/SQS' && refsIn(a.Dimensions).includes(queueId));
    expect(found).toHaveLength(1);
    const [alarm] = found;
    expect(alarm).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.AlarmActions.map(refOf)).toEqual([topicId]);
    expect(alarm.AlarmDescription).toBe(NOTIFICATIONS_DEAD_LETTER_RUNBOOK);
    expect(alarm.AlarmDescription).toMatch(/position/);
    expect(alarm.AlarmDescription).toMatch(/ledger prevents duplicates/);
  });
});

describe('the mailer function', () => {
  it('is invoked by nothing else: no API integration, no resource-based permission, no schedule', () => {
    const fnId = functionLogicalId(template, 'mailer');
    for (const [, integration] of resourcesOfType(template, 'AWS::ApiGatewayV2::Integration')) {
      expect(refsIn(integration.Properties.IntegrationUri)).not.toContain(fnId);
    }
    for (const [, permission] of resourcesOfType(template, 'AWS::Lambda::Permission')) {
      expect(refsIn(permission.Properties.FunctionName)).not.toContain(fnId);
    }
    for (const [, schedule] of resourcesOfType(template, 'AWS::Scheduler::Schedule')) {
      expect(refsIn(schedule.Properties.Target)).not.toContain(fnId);
    }
  });

  it('has Errors and Throttles alarms whose descriptions say what to do', () => {
    const fnId = functionLogicalId(template, 'mailer');
    const found = resourcesOfType(template, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties)
      .filter((a) => a.Namespace === 'AWS/Lambda' && refsIn(a.Dimensions).includes(fnId));
    expect(found.map((a) => a.MetricName).sort()).toEqual(['Errors', 'Throttles']);
    for (const alarm of found) expect(alarm.AlarmDescription).toMatch(/mailer/);
  });
});
