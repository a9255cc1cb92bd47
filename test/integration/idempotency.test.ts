// Idempotent replies do not leak access codes (issue 14): the stored reply is encrypted under the
// Idempotency-Key, and keys are scoped per client. Against DynamoDB Local.

import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/dynamodb/client';
import { PowertoolsIdempotencyGuard } from '../../functions/adapters/powertools-idempotency';
import { createTestTables } from '../support/dynamodb';

let env: Record<string, string>;
let guard: PowertoolsIdempotencyGuard;

beforeAll(async () => {
  env = await createTestTables('idem');
  const client = createDynamoDbClient({ endpoint: env.DYNAMODB_ENDPOINT, region: env.AWS_REGION });
  guard = new PowertoolsIdempotencyGuard(client, env.REQUEST_GUARDS_TABLE!);
});

const BODY = { title: 'Jalan rusak', description: 'Lubang besar' };

test('the stored reply holds no access token in clear; the same client with the key gets it back', async () => {
  let runs = 0;
  const work = async () => ({ statusCode: 201, body: JSON.stringify({ trackingId: `BLR-${++runs}`, accessToken: `rahasia-token-${runs}` }) });
  const first = await guard.once('submitComplaint', 'kunci-bersama', BODY, work, undefined, '203.0.113.7');
  expect(JSON.parse(first.body).accessToken).toBe('rahasia-token-1');
  const items = (await createDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT, region: env.AWS_REGION }).send(new ScanCommand({ TableName: env.REQUEST_GUARDS_TABLE }))).Items ?? [];
  expect(items.length).toBeGreaterThan(0);
  const stored = JSON.stringify(items);
  expect(stored).not.toContain('rahasia-token');
  expect(stored).not.toContain('BLR-1');

  const replay = await guard.once('submitComplaint', 'kunci-bersama', BODY, work, undefined, '203.0.113.7');
  expect(replay).toEqual(first);
  expect(runs).toBe(1);
});

test('another client replaying the same key and body gets a request of its own, not the first reply', async () => {
  let runs = 0;
  const work = async () => ({ accessToken: `token-${++runs}` });
  expect(await guard.once('submitComplaint', 'kunci-umum', BODY, work, undefined, '198.51.100.1')).toEqual({ accessToken: 'token-1' });
  expect(await guard.once('submitComplaint', 'kunci-umum', BODY, work, undefined, '198.51.100.2')).toEqual({ accessToken: 'token-2' });
  expect(runs).toBe(2);
});
