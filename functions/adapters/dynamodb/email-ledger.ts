import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EmailLedger } from '../../ports/mail';
import { LEDGER_SK } from './keys';

/** A claim not marked sent within this time belongs to a sender that died; another may take it. */
const STALE_CLAIM_MS = 15 * 60_000;
/** Ledger entries are kept a little over a year: longer than any cadence period or replay. */
const RETENTION_SECONDS = 400 * 86_400;

export class DynamoEmailLedger implements EmailLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(key: string, now: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: key,
            sk: LEDGER_SK,
            state: 'CLAIMED',
            claimedAt: now.toISOString(),
            // Staleness is judged on the wall clock: `now` is the job's (possibly replayed) time.
            claimedAtMs: Date.now(),
            expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND claimedAtMs < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'CLAIMED', ':stale': Date.now() - STALE_CLAIM_MS },
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
        UpdateExpression: 'SET #state = :sent, messageId = :id, sentAt = :at',
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
          ConditionExpression: '#state = :claimed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'CLAIMED' },
        }),
      )
      .catch((error: Error) => {
        if (error.name !== 'ConditionalCheckFailedException') throw error;
      });
  }

  async markFailed(key: string, reason: string, now: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: key, sk: LEDGER_SK },
        UpdateExpression: 'SET #state = :failed, failure = :reason, failedAt = :at',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':failed': 'FAILED', ':reason': reason.slice(0, 500), ':at': now.toISOString() },
      }),
    );
  }
}
