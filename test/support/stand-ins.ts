// Shared between global setup and teardown (which run in the same process); not for test files.

import type { DynamoDbLocal } from '../../lib/local/dynamodb-local';
import type { S3Local } from '../../lib/local/s3-local';
import type { SesLocal } from '../../lib/local/ses-local';

export const STAND_INS_KEY = '__tuntasStandIns';

export interface StandIns {
  dynamodb: DynamoDbLocal;
  ses: SesLocal;
  s3: S3Local;
}

/** The endpoints global-setup.ts put in process.env, with a clear error when a test runs without them. */
export function standInEndpoints(): { dynamodbEndpoint: string; sesEndpoint: string; s3Endpoint: string } {
  const dynamodbEndpoint = process.env.DYNAMODB_ENDPOINT;
  const sesEndpoint = process.env.SES_ENDPOINT;
  const s3Endpoint = process.env.S3_ENDPOINT;
  if (!dynamodbEndpoint || !sesEndpoint || !s3Endpoint) {
    throw new Error(
      'DYNAMODB_ENDPOINT / SES_ENDPOINT / S3_ENDPOINT are not set: this helper needs the integration project\'s global setup. ' +
        'Put the test under test/integration or test/api and run it with `npx jest --selectProjects integration`.',
    );
  }
  return { dynamodbEndpoint, sesEndpoint, s3Endpoint };
}

/** A table prefix no other test file (or run) shares: tests run in parallel on one DynamoDB Local. */
export function uniquePrefix(label = 't'): string {
  const worker = process.env.JEST_WORKER_ID ?? '0';
  const random = Math.random().toString(36).slice(2, 8);
  return `${label}-${Date.now().toString(36)}-${worker}-${random}`;
}
