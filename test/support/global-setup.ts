// Jest globalSetup of the 'integration' project (and, through its own, the 'browser' project's): ONE
// in-memory DynamoDB Local, ONE SES local and ONE S3 local (s3rver, files in a temp folder) for the
// whole run. Test workers are forked after this
// runs, so they inherit the endpoints through process.env; each test file then uses its own table
// prefix and bucket (see dynamodb.ts, local-system.ts).

import { startDynamoDbLocal } from '../../lib/local/dynamodb-local';
import { startS3Local } from '../../lib/local/s3-local';
import { startSesLocal } from '../../lib/local/ses-local';
import { STAND_INS_KEY, type StandIns } from './stand-ins';

export default async function globalSetup(): Promise<void> {
  // A run of both the integration and the browser projects calls this twice, in jest's main process,
  // but their one teardown file runs once (jest runs each global hook file once per run). A second
  // set would overwrite the first one's handle, and nothing would stop the first: its servers and
  // JVM kept such a run from ever exiting. So the second call shares the first set.
  if ((globalThis as Record<string, unknown>)[STAND_INS_KEY]) return;
  const started = Date.now();
  // SES local and s3rver take about a second of this thread to load: they start once the JVM is
  // spawned, so the loading overlaps its boot.
  let jvmSpawned: () => void = () => undefined;
  const jvmSpawning = new Promise<void>((resolve) => (jvmSpawned = resolve));
  const [dynamodb, ses, s3] = await Promise.all([
    startDynamoDbLocal({ port: 0, onSpawn: jvmSpawned }).finally(jvmSpawned),
    jvmSpawning.then(() => startSesLocal({ port: 0 })),
    jvmSpawning.then(() => startS3Local({ port: 0 })),
  ]);
  process.env.DYNAMODB_ENDPOINT = dynamodb.endpoint;
  process.env.SES_ENDPOINT = ses.endpoint;
  process.env.S3_ENDPOINT = s3.endpoint;
  // SDK clients a test builds itself must never reach for a developer's real AWS profile.
  process.env.AWS_REGION ??= 'ap-southeast-3';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  (globalThis as Record<string, unknown>)[STAND_INS_KEY] = { dynamodb, ses, s3 } satisfies StandIns;
  process.stdout.write(
    `\nStand-ins ready in ${Date.now() - started} ms: DynamoDB Local ${dynamodb.endpoint} (JVM start ${dynamodb.startupMs} ms), ` +
      `SES local ${ses.endpoint}, S3 local ${s3.endpoint}\n`,
  );
}
