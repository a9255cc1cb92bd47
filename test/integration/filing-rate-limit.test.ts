// The per-client rate limit of POST /complaints as an item of the complaint's own transaction,
// against DynamoDB Local: one call to the store per filing, a refused filing writes nothing, and
// concurrent filings never overshoot the limit.

import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbClient, toDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoAgencyRepository } from '../../functions/adapters/dynamodb/agency-repository';
import { DynamoComplaintRepository } from '../../functions/adapters/dynamodb/complaint-repository';
import { randomIds } from '../../functions/adapters/system';
import { calendarFor } from '../../functions/core/calendar';
import { ComplaintService } from '../../functions/core/complaint-service';
import { DomainError } from '../../functions/core/errors';
import { type RateLimitClaim, rateLimitWindow } from '../../functions/core/rate-limit';
import { DEFAULT_SETTINGS } from '../../functions/core/settings';
import type { IdGenerator } from '../../functions/ports/system';
import { createTestTables } from '../support/dynamodb';

// Ahead of the real clock (within the shipped holiday data): DynamoDB Local's TTL sweeper deletes
// rate-limit windows whose expiry has passed, which made this test fail once 2026-03 was past.
const NOW = new Date('2027-11-02T02:10:00Z');
const INPUT = {
  classification: 'PENGADUAN' as const,
  title: 'Lampu jalan mati di Cepu',
  description: 'Lampu penerangan jalan di depan pasar mati sejak seminggu, jalan gelap pada malam hari.',
  reporter: { name: 'Sri', email: 'sri@example.com' },
};

let env: Record<string, string>;
/** Every command the repository's client sent, by name. */
const sent: string[] = [];
let client: ReturnType<typeof toDocumentClient>;

beforeAll(async () => {
  env = await createTestTables('ratelimit');
  const lowLevel = createDynamoDbClient({ endpoint: env.DYNAMODB_ENDPOINT });
  lowLevel.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
  client = toDocumentClient(lowLevel);
});
afterAll(() => client?.destroy());

function service(ids: IdGenerator = randomIds) {
  const tables = { complaints: env.COMPLAINTS_TABLE!, agencies: env.AGENCIES_TABLE!, guards: env.REQUEST_GUARDS_TABLE! };
  return new ComplaintService(
    { complaints: new DynamoComplaintRepository(client, tables), agencies: new DynamoAgencyRepository(client, tables.agencies), clock: { now: () => NOW }, ids },
    DEFAULT_SETTINGS,
    calendarFor(DEFAULT_SETTINGS),
  );
}

const claim = (clientIp: string, limit: number, now = NOW): RateLimitClaim => ({ scope: 'submitComplaint', client: clientIp, limit: { limit, windowSeconds: 3600 }, now });

/** The window's count as the guards table holds it (undefined: never counted). */
async function counted(c: RateLimitClaim): Promise<number | undefined> {
  const { Item } = await client.send(
    new GetCommand({ TableName: env.REQUEST_GUARDS_TABLE, Key: { pk: `RATE#${c.scope}#${c.client}`, sk: String(rateLimitWindow(c).start) }, ConsistentRead: true }),
  );
  return Item?.count as number | undefined;
}

/** Complaint items (META) in the table whose title starts with `tag`. */
async function complaintsTagged(tag: string): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: env.COMPLAINTS_TABLE,
        ConsistentRead: true,
        FilterExpression: 'sk = :meta AND begins_with(title, :tag)',
        ExpressionAttributeValues: { ':meta': 'META', ':tag': tag },
        ...(start && { ExclusiveStartKey: start }),
      }),
    );
    count += page.Items?.length ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

async function refusal(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

test('a filing is one call to the store: the complaint, its timeline and the count in one TransactWriteItems', async () => {
  const c = claim('198.51.100.1', 5);
  sent.length = 0;
  const { change } = await service().submit({ ...INPUT, title: 'one-call Lampu jalan mati' }, { rateLimit: c });
  expect(sent).toEqual(['TransactWriteItemsCommand']);
  expect(await counted(c)).toBe(1);
  expect(change.complaint.status).toBe('SUBMITTED');
});

test('once the window is full a filing is refused with RATE_LIMITED and writes nothing, neither complaint nor count', async () => {
  const c = claim('198.51.100.2', 3);
  for (let i = 0; i < 3; i++) await service().submit({ ...INPUT, title: `full-window Laporan ${i}` }, { rateLimit: c });
  sent.length = 0;
  const refused = await refusal(service().submit({ ...INPUT, title: 'full-window Laporan ditolak' }, { rateLimit: c }));
  expect(refused.code).toBe('RATE_LIMITED');
  // 02:10 UTC in the 02:00-03:00 window: 50 minutes left.
  expect(refused.details).toEqual({ retryAfterSeconds: 3000 });
  expect(sent).toEqual(['TransactWriteItemsCommand']);
  expect(await complaintsTagged('full-window')).toBe(3);
  expect(await counted(c)).toBe(3);
  // Another client, and the next window, are counted apart.
  await service().submit({ ...INPUT, title: 'full-window other client' }, { rateLimit: claim('198.51.100.3', 3) });
  await service().submit({ ...INPUT, title: 'full-window next hour' }, { rateLimit: claim('198.51.100.2', 3, new Date(NOW.getTime() + 3_600_000)) });
  expect(await complaintsTagged('full-window')).toBe(5);
});

test('concurrent filings from one client never overshoot the limit', async () => {
  const c = claim('198.51.100.4', 4);
  const outcomes = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => service().submit({ ...INPUT, title: `concurrent Laporan ${i}` }, { rateLimit: c })));
  const admitted = outcomes.filter((o) => o.status === 'fulfilled').length;
  for (const o of outcomes) {
    if (o.status === 'rejected') expect(['RATE_LIMITED', 'CONCURRENT_MODIFICATION']).toContain((o.reason as DomainError).code);
  }
  expect(admitted).toBe(4);
  expect(await complaintsTagged('concurrent')).toBe(4);
  expect(await counted(c)).toBe(4);
});

test('a filing that fails for another reason does not count against the client', async () => {
  const taken = await service().submit({ ...INPUT, title: 'taken-id first' });
  // Every tracking ID drawn is the one that exists: each attempt's transaction is cancelled.
  const ids: IdGenerator = { trackingId: () => taken.change.complaint.trackingId, accessToken: () => randomIds.accessToken() };
  const c = claim('198.51.100.5', 2);
  const error = await refusal(service(ids).submit({ ...INPUT, title: 'taken-id second' }, { rateLimit: c }));
  expect(error.code).toBe('CONCURRENT_MODIFICATION');
  expect(await counted(c)).toBeUndefined();
  expect(await complaintsTagged('taken-id')).toBe(1);
});
