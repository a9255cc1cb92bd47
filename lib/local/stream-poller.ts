// DynamoDB Streams → Lambda, locally: reads the Complaints table's stream from DynamoDB Local and
// calls the same mailer handler the cloud's event source mapping calls, with the same event
// shape and the same partial-batch-failure contract. Like the cloud mapping it retries a failed
// batch from the failed record, and after a few attempts gives the record up (logged), as the
// cloud sends it to the on-failure queue.

import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  /** Records per handler call, as the event source mapping's batch size. */
  batchSize?: number;
  /** Attempts for a failing record before it is given up. */
  maxAttempts?: number;
  log?: (line: string) => void;
}

export interface StreamPoller {
  /** Processes everything written so far; resolves with the number of records handed over. */
  drain(): Promise<number>;
  /** Polls every `intervalMs` until stopped. */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

const LOCAL = { region: 'ap-southeast-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export function createStreamPoller(options: StreamPollerOptions): StreamPoller {
  const streams = new DynamoDBStreamsClient({ ...LOCAL, endpoint: options.endpoint });
  const tables = new DynamoDBClient({ ...LOCAL, endpoint: options.endpoint });
  const batchSize = options.batchSize ?? 25;
  const maxAttempts = options.maxAttempts ?? 3;
  const log = options.log ?? (() => undefined);
  /** shardId → the sequence number to resume after (exclusive), or undefined: from the start. */
  const positions = new Map<string, string | undefined>();
  const finished = new Set<string>();
  const attempts = new Map<string, number>();
  let streamArn: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function arn(): Promise<string> {
    if (streamArn) return streamArn;
    const { Table } = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
    if (!Table?.LatestStreamArn) throw new Error(`Table ${options.tableName} has no stream`);
    streamArn = Table.LatestStreamArn;
    return streamArn;
  }

  async function shardIds(): Promise<string[]> {
    const ids: string[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: await arn(), ...(start && { ExclusiveStartShardId: start }) }),
      );
      ids.push(...(StreamDescription?.Shards ?? []).flatMap((s) => (s.ShardId ? [s.ShardId] : [])));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return ids;
  }

  async function drainShard(shardId: string): Promise<number> {
    const after = positions.get(shardId);
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: await arn(),
        ShardId: shardId,
        ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
        ...(after && { SequenceNumber: after }),
      }),
    );
    let iterator = ShardIterator;
    let handed = 0;
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: batchSize }));
      const records = page.Records ?? [];
      if (records.length === 0) {
        if (!page.NextShardIterator) finished.add(shardId);
        break;
      }
      const response = await options.handler({ Records: records.map((r) => toLambdaRecord(r, streamArn as string)) });
      const failed = response?.batchItemFailures?.[0]?.itemIdentifier;
      if (failed) {
        const tries = (attempts.get(failed) ?? 0) + 1;
        attempts.set(failed, tries);
        const index = records.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
        if (tries < maxAttempts) {
          // Resume just before the failed record: it and the ones after it come again next time.
          positions.set(shardId, index > 0 ? records[index - 1]?.dynamodb?.SequenceNumber : after);
          handed += Math.max(0, index);
          return handed;
        }
        log(`stream record ${failed} given up after ${tries} attempts`);
        attempts.delete(failed);
        positions.set(shardId, failed);
        handed += index + 1;
        return handed;
      }
      positions.set(shardId, records.at(-1)?.dynamodb?.SequenceNumber);
      handed += records.length;
      iterator = page.NextShardIterator;
    }
    return handed;
  }

  async function drainAll(): Promise<number> {
    let total = 0;
    for (const shardId of await shardIds()) {
      if (finished.has(shardId)) continue;
      total += await drainShard(shardId);
    }
    return total;
  }

  return {
    drain() {
      // One pass at a time: concurrent passes would hand the same records over twice.
      running = (running ?? Promise.resolve(0)).catch(() => 0).then(drainAll);
      return running;
    },
    start(intervalMs = 500) {
      const tick = async () => {
        try {
          await this.drain();
        } catch (error) {
          log(`stream poll failed: ${(error as Error).message}`);
        }
        if (timer) timer = setTimeout(tick, intervalMs);
      };
      timer = setTimeout(tick, intervalMs);
    },
    async stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
      streams.destroy();
      tables.destroy();
    },
  };
}

function toLambdaRecord(record: StreamRecord, eventSourceARN: string): DynamoDBRecord {
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? 'ap-southeast-3',
    eventSourceARN,
    dynamodb: {
      ...(record.dynamodb?.Keys && { Keys: record.dynamodb.Keys as never }),
      ...(record.dynamodb?.NewImage && { NewImage: record.dynamodb.NewImage as never }),
      ...(record.dynamodb?.OldImage && { OldImage: record.dynamodb.OldImage as never }),
      ...(record.dynamodb?.SequenceNumber && { SequenceNumber: record.dynamodb.SequenceNumber }),
      ...(record.dynamodb?.SizeBytes !== undefined && { SizeBytes: record.dynamodb.SizeBytes }),
      ...(record.dynamodb?.StreamViewType && { StreamViewType: record.dynamodb.StreamViewType }),
      ...(record.dynamodb?.ApproximateCreationDateTime && {
        ApproximateCreationDateTime: record.dynamodb.ApproximateCreationDateTime.getTime() / 1000,
      }),
    },
  };
}
