import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Disposition } from '../../core/model';
import type { ComplianceRepository, ComplianceSnapshot, CounterRecord } from '../../ports/compliance';
import { type HourBuckets, addHours, isBucketKey } from '../../core/follow-up-buckets';
import { BUCKET_ATTRIBUTE_PREFIX, agencyPk, agencyStatusPk, countersPk, snapshotPk, snapshotSk, withoutKeys } from './keys';
import { queryAll } from './query';

export interface ComplianceTables {
  complaints: string;
  agencies: string;
}

/** BatchGetItem takes at most 100 keys per call. */
const BATCH_GET_LIMIT = 100;

export class DynamoComplianceRepository implements ComplianceRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: ComplianceTables,
  ) {}

  async getCounters(agencyIds: readonly string[], periods: readonly string[]): Promise<CounterRecord[]> {
    const keys = agencyIds.flatMap((agencyId) => periods.map((period) => ({ pk: countersPk(agencyId), sk: period })));
    const found: CounterRecord[] = [];
    for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + BATCH_GET_LIMIT);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        const result = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tables.agencies]: { Keys: pending, ConsistentRead: true } } }),
        );
        found.push(...(result.Responses?.[this.tables.agencies] ?? []).map(toCounterRecord));
        pending = result.UnprocessedKeys?.[this.tables.agencies]?.Keys as Record<string, unknown>[] | undefined;
        if (pending?.length) await backoff(attempt);
      }
    }
    return found;
  }

  async listCounters(agencyId: string): Promise<CounterRecord[]> {
    const items = await this.queryAll({
      TableName: this.tables.agencies,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': countersPk(agencyId) },
      ConsistentRead: true,
    });
    return items.map(toCounterRecord);
  }

  async replaceCounters(expected: CounterRecord | undefined, actual: CounterRecord): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.agencies,
          Item: counterItem(actual, (expected?.revision ?? 0) + 1),
          ...(!expected
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : expected.revision
              ? {
                  // Every transaction that touches the item adds 1: any write since the read fails this.
                  ConditionExpression: '#rev = :rev',
                  ExpressionAttributeNames: { '#rev': 'revision' },
                  ExpressionAttributeValues: { ':rev': expected.revision },
                }
              : {
                  // An item from before revisions: unchanged counts, and still no revision (no hours list needed).
                  ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#rev) AND #r = :r AND #p = :p AND #i = :i AND #c = :c',
                  ExpressionAttributeNames: { '#rev': 'revision', '#r': 'received', '#p': 'pending', '#i': 'inProgress', '#c': 'completed' },
                  ExpressionAttributeValues: { ':r': expected.received, ':p': expected.pending, ':i': expected.inProgress, ':c': expected.completed },
                }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async listOpenDispositions(agencyId: string): Promise<Disposition[]> {
    const [pending, inProgress] = await Promise.all(
      (['PENDING', 'IN_PROGRESS'] as const).map((status) =>
        this.queryAll({
          TableName: this.tables.complaints,
          IndexName: 'dispositionsByAgencyStatus',
          KeyConditionExpression: 'agencyStatusPk = :p',
          ExpressionAttributeValues: { ':p': agencyStatusPk(agencyId, status) },
        }),
      ),
    );
    return [...(pending ?? []), ...(inProgress ?? [])].map(withoutKeys) as unknown as Disposition[];
  }

  async listAllDispositions(agencyId: string): Promise<Disposition[]> {
    const items = await this.queryAll({
      TableName: this.tables.complaints,
      IndexName: 'dispositionsByAgency',
      KeyConditionExpression: 'agencyPk = :p',
      ExpressionAttributeValues: { ':p': agencyPk(agencyId) },
    });
    return items.map(withoutKeys) as unknown as Disposition[];
  }

  async putSnapshot(snapshot: ComplianceSnapshot): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tables.agencies,
        Item: { pk: snapshotPk(snapshot.agencyId), sk: snapshotSk(snapshot.period, snapshot.asOf), ...snapshot },
      }),
    );
  }

  async listSnapshots(agencyId: string, period: string, range: { from?: string; to?: string } = {}): Promise<ComplianceSnapshot[]> {
    const items = await this.queryAll({
      TableName: this.tables.agencies,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': snapshotPk(agencyId),
        ':from': snapshotSk(period, range.from ?? '0000-00-00'),
        ':to': snapshotSk(period, range.to ?? '9999-99-99'),
      },
    });
    return items.map(withoutKeys) as unknown as ComplianceSnapshot[];
  }

  async previousSnapshot(agencyId: string, period: string, beforeDate: string): Promise<ComplianceSnapshot | undefined> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tables.agencies,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': snapshotPk(agencyId),
          ':from': snapshotSk(period, '0000-00-00'),
          ':to': snapshotSk(period, beforeDate),
        },
        ScanIndexForward: false,
        Limit: 2,
        ConsistentRead: true,
      }),
    );
    const item = (result.Items ?? []).find((i) => i.asOf !== beforeDate);
    return item ? (withoutKeys(item) as unknown as ComplianceSnapshot) : undefined;
  }

  private queryAll(input: QueryCommandInput) {
    return queryAll(this.client, input);
  }
}

function toCounterRecord(item: Record<string, unknown>): CounterRecord {
  return {
    agencyId: item.agencyId as string,
    period: item.period as string,
    received: Number(item.received ?? 0),
    pending: Number(item.pending ?? 0),
    inProgress: Number(item.inProgress ?? 0),
    completed: Number(item.completed ?? 0),
    withdrawn: Number(item.withdrawn ?? 0),
    revision: Number(item.revision ?? 0),
    firstFollowUpBuckets: bucketsOfItem(item),
  };
}


function bucketsOfItem(item: Record<string, unknown>): HourBuckets {
  const buckets: HourBuckets = {};
  for (const [name, value] of Object.entries(item)) {
    const key = name.slice(BUCKET_ATTRIBUTE_PREFIX.length);
    if (name.startsWith(BUCKET_ATTRIBUTE_PREFIX) && isBucketKey(key)) buckets[key] = Number(value);
  }
  // Items from before the buckets kept every value in a list: counted the same way.
  return addHours(buckets, ((item.firstFollowUpHours as number[] | undefined) ?? []).map(Number));
}

export function counterItem(record: CounterRecord, revision: number): Record<string, unknown> {
  const { firstFollowUpBuckets, ...counts } = record;
  const item: Record<string, unknown> = { pk: countersPk(record.agencyId), sk: record.period, ...counts, revision };
  for (const [key, n] of Object.entries(firstFollowUpBuckets)) if (n) item[`${BUCKET_ATTRIBUTE_PREFIX}${key}`] = n;
  return item;
}

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
}
