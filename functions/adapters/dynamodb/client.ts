import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The low-level client; `endpoint` is set only for DynamoDB Local. */
export function createDynamoDbClient(options: { endpoint?: string; region?: string } = {}): DynamoDBClient {
  return new DynamoDBClient({
    ...(options.region && { region: options.region }),
    ...(options.endpoint && {
      endpoint: options.endpoint,
      // DynamoDB Local accepts any credentials; fixed ones keep a developer's real profile out of it.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      region: options.region ?? 'ap-southeast-3',
    }),
    maxAttempts: 3,
  });
}

export function toDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** A document client; `endpoint` is set only for DynamoDB Local. */
export function createDocumentClient(options: { endpoint?: string; region?: string } = {}): DynamoDBDocumentClient {
  return toDocumentClient(createDynamoDbClient(options));
}
