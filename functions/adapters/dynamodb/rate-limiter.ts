import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { type RateLimitClaim, rateLimitWindow } from '../../core/rate-limit';

type Update = NonNullable<NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Update']>;

/**
 * The claim's window counter as one conditional update of the request-guards table, made an item
 * of the transaction it guards: the request is admitted only while the window's count is below
 * the limit, so concurrent requests never overshoot it, and a refused request writes nothing.
 */
export function rateLimitUpdate(table: string, claim: RateLimitClaim): Update {
  const { start, end } = rateLimitWindow(claim);
  return {
    TableName: table,
    Key: { pk: `RATE#${claim.scope}#${claim.client}`, sk: String(start) },
    UpdateExpression: 'ADD #count :one SET #expiration = if_not_exists(#expiration, :expiration)',
    ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
    ExpressionAttributeNames: { '#count': 'count', '#expiration': 'expiration' },
    // TTL an hour after the window closes.
    ExpressionAttributeValues: { ':one': 1, ':limit': claim.limit.limit, ':expiration': Math.ceil(end / 1000) + 3600 },
  };
}
