// The email ledger on DynamoDB Local: deferred emails keep their message and attempts, are claimed
// again by the redelivery job once due, and leave the undelivered index when sent; failed ones stay
// listed for the coordinator (GET /admin/notifications/undelivered).

import { randomUUID } from 'node:crypto';
import { createDynamoDbClient, toDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoEmailLedger } from '../../functions/adapters/dynamodb/email-ledger';
import { deliverOnce, redeliverDue } from '../../functions/core/delivery';
import { type EmailMessage, PermanentDeliveryError, RetryableDeliveryError } from '../../functions/ports/mail';
import { createTestTables } from '../support/dynamodb';

let ledger: DynamoEmailLedger;
const at = new Date('2026-12-01T01:00:00Z');
const message = (to: string): EmailMessage => ({ to: [to], subject: 'Peringatan %TL', html: '<p>Yth.</p>', text: 'Yth.' });

beforeAll(async () => {
  const env = await createTestTables();
  const client = toDocumentClient(createDynamoDbClient({ endpoint: env.DYNAMODB_ENDPOINT! }));
  ledger = new DynamoEmailLedger(client, env.EMAIL_LEDGER_TABLE!);
});

it('keeps a deferred email with its message, lists it as RETRYING, and forgets it once sent', async () => {
  const key = `NOTIFY#BLR-${randomUUID().slice(0, 6)}#1`;
  const failing = { send: () => Promise.reject(new RetryableDeliveryError('Email address is not verified.', 'MessageRejected', 'account')) };
  expect(await deliverOnce({ ledger, mailer: failing }, key, message('pelapor@example.com'), at)).toBe('deferred');

  const listed = (await ledger.listUndelivered({ limit: 100 })).items.find((i) => i.notificationId === key);
  expect(listed).toMatchObject({ state: 'RETRYING', recipient: 'pelapor@example.com', attempts: 1, reason: 'MessageRejected: Email address is not verified.' });
  expect(Date.parse(listed!.nextAttemptAt!)).toBeGreaterThan(Date.now() + 14 * 60_000);
  // Not due for 15 minutes: the redelivery job leaves it.
  expect((await ledger.listDue(100)).map((d) => d.key)).not.toContain(key);

  // A second failure counts a second attempt; with no delay it is due at once.
  expect(await ledger.claim(key, at)).toBe(true);
  expect(await ledger.defer(key, { reason: 'Throttling: Maximum sending rate exceeded.', message: message('pelapor@example.com'), retryAfterMs: () => 0 }, at)).toBe(2);
  const due = (await ledger.listDue(100)).find((d) => d.key === key);
  expect(due).toEqual({ key, message: message('pelapor@example.com'), attempts: 2 });

  const sent: EmailMessage[] = [];
  const results = await redeliverDue({ ledger, mailer: { send: async (m) => (sent.push(m), { messageId: 'ses-1' }) } }, at);
  expect(results).toContain('sent');
  expect(sent).toContainEqual(message('pelapor@example.com'));
  expect((await ledger.listUndelivered({ limit: 100 })).items.map((i) => i.notificationId)).not.toContain(key);
  // Sent is settled: nobody claims it again.
  expect(await ledger.claim(key, at)).toBe(false);
});

it('lists a permanent failure as FAILED, newest first, with cursor paging', async () => {
  const keys = [`WARNING#opd-${randomUUID().slice(0, 6)}#2026-W49`, `DIGEST#opd-${randomUUID().slice(0, 6)}#2026-12-02`];
  const rejecting = { send: () => Promise.reject(new PermanentDeliveryError("Missing final '@domain'", 'InvalidParameterValue')) };
  expect(await deliverOnce({ ledger, mailer: rejecting }, keys[0], message('salah-alamat'), new Date('2026-12-01T02:00:00Z'))).toBe('failed');
  expect(await deliverOnce({ ledger, mailer: rejecting }, keys[1], message('salah-alamat'), new Date('2026-12-02T02:00:00Z'))).toBe('failed');

  const all = (await ledger.listUndelivered({ limit: 100 })).items;
  const mine = all.filter((i) => keys.includes(i.notificationId));
  expect(mine.map((i) => i.notificationId)).toEqual([keys[1], keys[0]]);
  expect(mine[0]).toMatchObject({ state: 'FAILED', attempts: 1, reason: "InvalidParameterValue: Missing final '@domain'", failedAt: '2026-12-02T02:00:00.000Z' });
  expect(mine[0].nextAttemptAt).toBeUndefined();
  // Failed ones are never due for redelivery.
  expect((await ledger.listDue(100)).map((d) => d.key)).not.toEqual(expect.arrayContaining(keys));

  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.listUndelivered({ limit: 1, ...(cursor && { cursor }) });
    seen.push(...page.items.map((i) => i.notificationId));
    cursor = page.nextCursor;
  } while (cursor);
  expect(seen).toEqual(all.map((i) => i.notificationId));
  await expect(ledger.listUndelivered({ limit: 1, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ name: expect.stringMatching(/Validation|Domain/) });
});
