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

/**
 * A whole handler environment on fresh tables: the region "Kabupaten Uji" and email addresses under
 * `domain` (one of its own per test, so the SES stand-in's captures never mix between tests).
 */
export async function createTestEnvironment(
  domain: string,
): Promise<Record<string, string | undefined> & { EMAIL_SENDER: string; EMAIL_COORDINATOR: string; EMAIL_OMBUDSMAN: string }> {
  return {
    ...(await createTestTables()),
    EMAIL_SENDER: `lapor@${domain}`,
    EMAIL_COORDINATOR: `koordinator@${domain}`,
    EMAIL_OMBUDSMAN: `ombudsman@${domain}`,
    SES_ENDPOINT: process.env.SES_ENDPOINT,
    TUNTAS_SETTINGS: JSON.stringify({ regionName: 'Kabupaten Uji', trackingPrefix: 'UJI', timeZone: 'Asia/Jakarta' }),
  };
}
