// B1's floor: the least any DynamoDB-backed function does on its first request. Bundled exactly as
// the stack bundles a handler, it builds the project's document client (the same options every
// function uses) and reads one item with a strongly consistent GetItem. Each function's cold start
// is reported as a ratio to this one's, measured in the same rounds.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';

let client: ReturnType<typeof createDocumentClient> | undefined;

export const handler = async (event: { table: string; key: Record<string, string> }) => {
  client ??= createDocumentClient({
    ...(process.env.DYNAMODB_ENDPOINT && { endpoint: process.env.DYNAMODB_ENDPOINT }),
    ...(process.env.AWS_REGION && { region: process.env.AWS_REGION }),
  });
  const { Item } = await client.send(new GetCommand({ TableName: event.table, Key: event.key, ConsistentRead: true }));
  return { statusCode: Item ? 200 : 404 };
};
