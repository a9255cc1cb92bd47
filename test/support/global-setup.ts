// Jest globalSetup of the 'integration' project: ONE in-memory DynamoDB Local and ONE SES local for
// the whole run. Test workers are forked after this runs, so they inherit the endpoints through
// process.env; each test file then uses its own table prefix (see dynamodb.ts, local-system.ts).

import { startDynamoDbLocal } from '../../lib/local/dynamodb-local';
import { startSesLocal } from '../../lib/local/ses-local';
import { STAND_INS_KEY, type StandIns } from './stand-ins';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const [dynamodb, ses] = await Promise.all([startDynamoDbLocal({ port: 0 }), startSesLocal({ port: 0 })]);
  process.env.DYNAMODB_ENDPOINT = dynamodb.endpoint;
  process.env.SES_ENDPOINT = ses.endpoint;
  // SDK clients a test builds itself must never reach for a developer's real AWS profile.
  process.env.AWS_REGION ??= 'ap-southeast-3';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  (globalThis as Record<string, unknown>)[STAND_INS_KEY] = { dynamodb, ses } satisfies StandIns;
  process.stdout.write(
    `\nStand-ins ready in ${Date.now() - started} ms: DynamoDB Local ${dynamodb.endpoint} (JVM start ${dynamodb.startupMs} ms), SES local ${ses.endpoint}\n`,
  );
}
