import { DeleteCommand, type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeferredEmail, EmailLedger, EmailMessage, UndeliveredEmail } from '../../ports/mail';
import { EMAIL_LEDGER_TABLE } from '../../../lib/tables';
import { decodeCursor, encodeCursor } from './cursor';
import { LEDGER_SK } from './keys';

/** A claim not marked sent within this time belongs to a sender that died; another may take it. */
const STALE_CLAIM_MS = 15 * 60_000;
/** Ledger entries are kept a little over a year: longer than any cadence period or replay. */
const RETENTION_SECONDS = 400 * 86_400;

/**
 * The sparse index of undelivered emails: only items in RETRY or FAILED state carry its keys
 * (removed again once an email is sent), so the admin list and the redelivery job read only those.
 */
const UNDELIVERED_INDEX = EMAIL_LEDGER_TABLE.indexes.find((index) => index.name === 'undelivered')!;
const UNDELIVERED_PK = 'UNDELIVERED';

export class DynamoEmailLedger implements EmailLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(key: string, now: Date): Promise<boolean> {
    try {
      // An update, not a put: a deferred item keeps its attempts, failure and message.
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: key, sk: LEDGER_SK },
          UpdateExpression: 'SET #state = :claimed, claimedAt = :at, claimedAtMs = :nowMs, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :retry OR (#state = :claimed AND claimedAtMs < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':claimed': 'CLAIMED',
            ':retry': 'RETRY',
            ':at': now.toISOString(),
            // Staleness is judged on the wall clock: `now` is the job's (possibly replayed) time.
            ':nowMs': Date.now(),
            ':stale': Date.now() - STALE_CLAIM_MS,
            ':expires': Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async markSent(key: string, messageId: string, now: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: key, sk: LEDGER_SK },
        // Out of the undelivered index, and the kept message (personal data) goes.
        UpdateExpression: 'SET #state = :sent, messageId = :id, sentAt = :at REMOVE undeliveredPk, undeliveredSk, message',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'SENT', ':id': messageId, ':at': now.toISOString() },
      }),
    );
  }

  async release(key: string): Promise<void> {
    await this.client
      .send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: key, sk: LEDGER_SK },
          ConditionExpression: '#state = :claimed AND attribute_not_exists(attempts)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'CLAIMED' },
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async markFailed(key: string, failure: { reason: string; to: string[] }, now: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: key, sk: LEDGER_SK },
        UpdateExpression:
          'SET #state = :failed, failure = :reason, failedAt = :at, recipient = :to, attempts = if_not_exists(attempts, :one), ' +
          'undeliveredPk = :upk, undeliveredSk = :usk REMOVE nextAttemptAtMs, message',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':failed': 'FAILED',
          ':reason': failure.reason.slice(0, 500),
          ':at': now.toISOString(),
          ':to': failure.to.join(', '),
          ':one': 1,
          ':upk': UNDELIVERED_PK,
          ':usk': `${now.toISOString()}#${key}`,
        },
      }),
    );
  }

  async defer(
    key: string,
    failure: { reason: string; message: EmailMessage; retryAfterMs: (attempts: number) => number },
    now: Date,
  ): Promise<number> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: key, sk: LEDGER_SK },
        UpdateExpression:
          'SET #state = :retry, failure = :reason, failedAt = :at, recipient = :to, message = :message, ' +
          'undeliveredPk = :upk, undeliveredSk = :usk ADD attempts :one',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':retry': 'RETRY',
          ':reason': failure.reason.slice(0, 500),
          ':at': now.toISOString(),
          ':to': failure.message.to.join(', '),
          ':message': failure.message,
          ':one': 1,
          ':upk': UNDELIVERED_PK,
          ':usk': `${now.toISOString()}#${key}`,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const attempts = Number(result.Attributes?.attempts ?? 1);
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: key, sk: LEDGER_SK },
        UpdateExpression: 'SET nextAttemptAtMs = :next',
        ExpressionAttributeValues: { ':next': Date.now() + failure.retryAfterMs(attempts) },
      }),
    );
    return attempts;
  }

  async listDue(limit: number): Promise<DeferredEmail[]> {
    const due: DeferredEmail[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: UNDELIVERED_INDEX.name,
          KeyConditionExpression: '#pk = :pk',
          FilterExpression: '#state = :retry AND nextAttemptAtMs <= :now',
          ExpressionAttributeNames: { '#pk': UNDELIVERED_INDEX.partitionKey, '#state': 'state' },
          ExpressionAttributeValues: { ':pk': UNDELIVERED_PK, ':retry': 'RETRY', ':now': Date.now() },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (due.length < limit) due.push({ key: item.pk as string, message: item.message as EmailMessage, attempts: Number(item.attempts ?? 0) });
      }
      start = page.LastEvaluatedKey;
    } while (start && due.length < limit);
    return due;
  }

  async listUndelivered(options: { limit: number; cursor?: string }): Promise<{ items: UndeliveredEmail[]; nextCursor?: string }> {
    const startKey = decodeCursor(options.cursor, {
      attributes: ['pk', 'sk', UNDELIVERED_INDEX.partitionKey, UNDELIVERED_INDEX.sortKey],
      partition: { name: UNDELIVERED_INDEX.partitionKey, value: UNDELIVERED_PK },
    });
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: UNDELIVERED_INDEX.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': UNDELIVERED_INDEX.partitionKey },
        ExpressionAttributeValues: { ':pk': UNDELIVERED_PK },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(startKey && { ExclusiveStartKey: startKey }),
      }),
    );
    return {
      items: (page.Items ?? []).map(toUndelivered),
      ...(page.LastEvaluatedKey && { nextCursor: encodeCursor(page.LastEvaluatedKey) }),
    };
  }
}

function toUndelivered(item: Record<string, unknown>): UndeliveredEmail {
  const state = item.state === 'FAILED' ? 'FAILED' : 'RETRYING';
  return {
    notificationId: item.pk as string,
    state,
    recipient: (item.recipient as string) ?? '',
    failedAt: item.failedAt as string,
    reason: (item.failure as string) ?? '',
    attempts: Number(item.attempts ?? 1),
    ...(state === 'RETRYING' && typeof item.nextAttemptAtMs === 'number' && { nextAttemptAt: new Date(item.nextAttemptAtMs).toISOString() }),
  };
}
