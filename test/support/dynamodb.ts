// Tables for one integration test file on the shared DynamoDB Local, under a prefix of its own.

import { createTables, LOCAL_AWS_REGION, localDynamoDbClient } from '../../lib/local/dynamodb-local';
import { standInEndpoints, uniquePrefix } from './stand-ins';

/**
 * Creates every table of lib/tables.ts under a fresh prefix and returns the environment a handler
 * or repository needs: each table's envVar → physical name, plus DYNAMODB_ENDPOINT and AWS_REGION.
 */
export async function createTestTables(label = 'it'): Promise<Record<string, string>> {
  const { dynamodbEndpoint } = standInEndpoints();
  const client = localDynamoDbClient(dynamodbEndpoint);
  try {
    const tables = await createTables(client, uniquePrefix(label));
    return { ...tables, DYNAMODB_ENDPOINT: dynamodbEndpoint, AWS_REGION: LOCAL_AWS_REGION };
  } finally {
    client.destroy();
  }
}
