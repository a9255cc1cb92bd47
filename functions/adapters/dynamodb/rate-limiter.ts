import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../core/errors';
import type { RateLimit, RateLimiter } from '../../ports/guards';

/**
 * Fixed windows counted with one conditional update each: a request is admitted only while the
 * window's count is below the limit, so concurrent requests can never overshoot it.
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async consume(scope: string, client: string, limit: RateLimit, now: Date): Promise<void> {
    const windowMs = limit.windowSeconds * 1000;
    const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
    const windowEnd = windowStart + windowMs;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `RATE#${scope}#${client}`, sk: String(windowStart) },
          UpdateExpression: 'ADD #count :one SET #expiration = if_not_exists(#expiration, :expiration)',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#expiration': 'expiration' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit.limit, ':expiration': Math.ceil(windowEnd / 1000) + 3600 },
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000));
      throw new DomainError('RATE_LIMITED', `Too many requests: at most ${limit.limit} per ${limit.windowSeconds} seconds from one client`, {
        retryAfterSeconds,
      });
    }
  }
}
