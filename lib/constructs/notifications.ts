// The outbox mailer's wiring: the Complaints table's stream feeds the mailer function
// (functions/handlers/mailer.ts) through an event source mapping that only passes new outbox items,
// and a batch that still fails after every retry leaves its position in a dead-letter queue.
//
// How a failure travels:
// - A notification the mailer cannot send right now (SES throttled, a DynamoDB error) is reported
//   as a partial batch failure: Lambda retries the batch from that record (already-sent ones are
//   skipped by the email ledger), up to RETRY_ATTEMPTS times, splitting the batch in two on each
//   error so one bad record does not hold back the others, and for at most MAX_RECORD_AGE.
// - After that the mapping sends the failed range to the dead-letter queue: the shard and the
//   sequence numbers of the records (the email itself is not in it). The alarm on the queue tells
//   the operators.
// - A notification SES refuses for good (a suppressed address) is not retried at all: the mailer
//   records it on the complaint's timeline and moves on.
//
// One shard is read by one invocation at a time (parallelization factor 1), so the notifications
// of one complaint are sent in the order they were written.

import { Duration, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
// A pure key module (no AWS SDK): the filter matches the sort keys the repository writes.
import { OUTBOX_PREFIX } from '../../functions/adapters/dynamodb/keys';

/**
 * The event source mapping's settings.
 * - TRIM_HORIZON: a new mapping (first deploy, or one recreated) starts with the oldest record the
 *   stream still holds (24 hours), so outbox items written meanwhile are sent, not skipped; the
 *   ledger makes a repeat harmless.
 * - 10 records a batch: a batch is a handful of emails, well inside the 60-second timeout.
 * - 5 retries, for at most a day (the stream keeps records 24 hours anyway).
 */
export const MAILER_STREAM = {
  startingPosition: StartingPosition.TRIM_HORIZON,
  batchSize: 10,
  bisectBatchOnError: true,
  retryAttempts: 5,
  maxRecordAge: Duration.days(1),
  reportBatchItemFailures: true,
  parallelizationFactor: 1,
} as const;

/** The mapping's filter: new items whose sort key starts with OUTBOX# (what outboxRecords reads). */
export const OUTBOX_FILTER = {
  eventName: FilterRule.isEqual('INSERT'),
  dynamodb: { Keys: { sk: { S: FilterRule.beginsWith(OUTBOX_PREFIX) } } },
};

export interface TuntasNotificationsProps {
  /** The mailer function. */
  target: IFunction;
  /** The table whose stream carries the outbox items (Complaints). */
  table: ITableV2;
}

export class TuntasNotifications extends Construct {
  /** Where the position of a batch that failed after every retry goes. */
  readonly deadLetterQueue: Queue;
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: TuntasNotificationsProps) {
    super(scope, id);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // SQS's maximum: two weeks to notice the alarm and look into it.
      retentionPeriod: Duration.days(14),
    });
    const isTheDeadLetterQueue =
      'This queue IS the dead-letter queue: the mailer\'s stream event source mapping sends failed batches to it as ' +
      'its on-failure destination (DestinationConfig), which the rule does not recognise (it looks only for queue ' +
      'RedrivePolicy and Lambda DeadLetterConfig). Nothing consumes it, so it needs no redrive of its own; the ' +
      'NotificationsDeadLetterAlarm fires on its first message.';
    Validations.of(this.deadLetterQueue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason: isTheDeadLetterQueue },
      { id: 'Serverless-SQSRedrivePolicy', reason: isTheDeadLetterQueue },
    );

    // Binding grants the function read access to the stream (DescribeStream, GetRecords,
    // GetShardIterator, ListStreams on the stream ARN) and sqs:SendMessage on the queue.
    this.eventSource = new DynamoEventSource(props.table, {
      ...MAILER_STREAM,
      filters: [FilterCriteria.filter(OUTBOX_FILTER)],
      onFailure: new SqsDlq(this.deadLetterQueue),
    });
    props.target.addEventSource(this.eventSource);

    Validations.of(props.target).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only by the Complaints stream event source mapping, synchronously: a function DeadLetterConfig ' +
        'applies to asynchronous invocations only. A batch that still fails after the retries goes to the ' +
        'mapping\'s on-failure destination, the notifications dead-letter queue.',
    });
  }
}
