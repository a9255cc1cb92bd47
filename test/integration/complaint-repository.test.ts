// The DynamoDB adapter against DynamoDB Local: transactions, optimistic locking, counters, paging.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { countersPk } from '../../functions/adapters/dynamodb/keys';
import { DomainError } from '../../functions/core/errors';
import { submitComplaint, verifyComplaint, postFollowUp } from '../../functions/core/lifecycle';
import type { Actor, Agency } from '../../functions/core/model';
import { buildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import { createTestTables } from '../support/dynamodb';

const admin: Actor = { role: 'admin', userId: 'admin-1' };
const agencyActor = (agencyId: string): Actor => ({ role: 'agency', agencyId, userId: `${agencyId}-officer` });

let env: Record<string, string>;
let deps: Dependencies;
let now = new Date('2026-03-02T02:00:00Z'); // Monday 09:00 WIB

const AGENCIES: Agency[] = [
  { agencyId: 'dpupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', emails: ['dpupr@example.go.id'], active: true, updatedAt: now.toISOString() },
  { agencyId: 'dinkes', name: 'Dinas Kesehatan', emails: ['dinkes@example.go.id'], active: true, updatedAt: now.toISOString() },
  { agencyId: 'lama', name: 'Dinas Lama', emails: ['lama@example.go.id'], active: false, updatedAt: now.toISOString() },
];

beforeAll(async () => {
  env = await createTestTables();
  deps = buildDependencies(env, { clock: { now: () => now } });
  for (const agency of AGENCIES) await deps.agencies.put(agency);
});

async function submit(title = 'Jalan berlubang di Cepu') {
  const { change } = await deps.service.submit({
    classification: 'PENGADUAN',
    title,
    description: 'Lubang besar di depan pasar membahayakan pengendara motor.',
    reporter: { name: 'Sri', email: 'sri@example.com' },
  });
  return change.complaint.trackingId;
}

async function counters(agencyId: string, period: string) {
  const client = createDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT });
  const { Item } = await client.send(new GetCommand({ TableName: env.AGENCIES_TABLE, Key: { pk: countersPk(agencyId), sk: period } }));
  return Item && { received: Item.received, pending: Item.pending, inProgress: Item.inProgress, completed: Item.completed };
}

test('a submitted complaint reads back whole, with its timeline and a verification deadline', async () => {
  const id = await submit();
  const record = await deps.complaints.get(id);
  expect(record?.complaint).toMatchObject({ trackingId: id, status: 'SUBMITTED', version: 1, anonymous: false });
  // Monday 2 March 2026 + 3 working days = Thursday 5 March, end of day WIB.
  expect(record?.complaint.verificationDeadline).toBe('2026-03-05T16:59:59.999Z');
  expect(record?.timeline.map((e) => e.type)).toEqual(['SUBMITTED']);
  expect(record?.dispositions).toEqual([]);
});

test('a change set built from a stale version is refused, and nothing of it is written', async () => {
  const id = await submit();
  const record = (await deps.complaints.get(id))!;
  const ctx = { now, calendar: deps.calendar, settings: deps.settings };
  const first = verifyComplaint(record, { action: 'HOLD' }, admin, ctx);
  const second = verifyComplaint(record, { action: 'DISPOSITION', agencies: [AGENCIES[0]!] }, admin, ctx);
  await deps.complaints.commit(first);
  await expect(deps.complaints.commit(second)).rejects.toMatchObject({ code: 'CONCURRENT_MODIFICATION' });
  const after = (await deps.complaints.get(id))!;
  expect(after.complaint.status).toBe('ON_HOLD');
  expect(after.dispositions).toEqual([]);
  expect(after.timeline).toHaveLength(2);
});

test('creating the same tracking ID twice fails instead of overwriting', async () => {
  const ctx = { now, calendar: deps.calendar, settings: deps.settings };
  const input = { classification: 'ASPIRASI' as const, title: 'Usulan taman', description: 'Mohon dibangun taman kota.' };
  const change = submitComplaint(input, { trackingId: 'TST-DUPLICATE1', accessTokenHash: 'ab'.repeat(32) }, ctx);
  await deps.complaints.commit(change);
  await expect(deps.complaints.commit(change)).rejects.toBeInstanceOf(DomainError);
});

test('disposition, follow-up, completion and return keep the %TL counters in step, in the same transaction', async () => {
  now = new Date('2026-04-30T20:00:00Z'); // already 1 May 2026 in Asia/Jakarta
  const id = await submit();
  await deps.service.verify(id, { action: 'DISPOSITION', agencyIds: ['dpupr', 'dinkes'] }, admin);
  expect(await counters('dpupr', '2026-05')).toEqual({ received: 1, pending: 1, inProgress: 0, completed: 0 });
  expect(await counters('dpupr', '2026-04')).toBeUndefined();

  await deps.service.followUp(id, 'dpupr', { message: 'Tim survei dikirim' }, agencyActor('dpupr'));
  expect(await counters('dpupr', '2026')).toEqual({ received: 1, pending: 0, inProgress: 1, completed: 0 });
  await deps.service.followUp(id, 'dpupr', { message: 'Jalan sudah ditambal', final: true }, agencyActor('dpupr'));
  expect(await counters('dpupr', '2026-05')).toEqual({ received: 1, pending: 0, inProgress: 0, completed: 1 });

  await deps.service.returnDisposition(id, 'dinkes', { reason: 'Bukan kewenangan Dinas Kesehatan' }, agencyActor('dinkes'));
  expect(await counters('dinkes', '2026-05')).toEqual({ received: 0, pending: 0, inProgress: 0, completed: 0 });
  const record = (await deps.complaints.get(id))!;
  expect(record.complaint.status).toBe('COMPLETED');
  expect(record.dispositions.find((d) => d.agencyId === 'dinkes')?.status).toBe('RETURNED');
  now = new Date('2026-03-02T02:00:00Z');
});

test('two concurrent follow-ups on one disposition both land: none is lost', async () => {
  const id = await submit();
  await deps.service.verify(id, { action: 'DISPOSITION', agencyIds: ['dpupr'] }, admin);
  const results = await Promise.allSettled([
    deps.service.followUp(id, 'dpupr', { message: 'Tindak lanjut pertama' }, agencyActor('dpupr')),
    deps.service.followUp(id, 'dpupr', { message: 'Tindak lanjut kedua' }, agencyActor('dpupr')),
  ]);
  const record = (await deps.complaints.get(id))!;
  const followUps = record.timeline.filter((e) => e.type === 'FOLLOWED_UP').map((e) => e.message);
  const landed = results.filter((r) => r.status === 'fulfilled').length;
  // Each request either landed (and is in the timeline) or was refused with 409; never silently lost.
  expect(followUps).toHaveLength(landed);
  for (const result of results) {
    if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'CONCURRENT_MODIFICATION' });
  }
  expect(landed).toBeGreaterThanOrEqual(1);
  expect(record.complaint.version).toBe(2 + landed);
  expect(record.dispositions[0]?.status).toBe('IN_PROGRESS');
});

test('verification names unknown and inactive agencies', async () => {
  const id = await submit();
  await expect(
    deps.service.verify(id, { action: 'DISPOSITION', agencyIds: ['dpupr', 'tidak-ada', 'lama'] }, admin),
  ).rejects.toMatchObject({
    code: 'VALIDATION_FAILED',
    details: [
      { field: 'agencyIds', message: 'unknown agency "tidak-ada"' },
      { field: 'agencyIds', message: 'agency "lama" is inactive' },
    ],
  });
  expect((await deps.complaints.get(id))!.complaint.status).toBe('SUBMITTED');
});

describe('paging', () => {
  let local: Dependencies;
  const ids: string[] = [];

  beforeAll(async () => {
    local = buildDependencies(await createTestTables(), { clock: { now: () => now } });
    for (let i = 0; i < 7; i++) {
      now = new Date(Date.parse('2026-03-02T02:00:00Z') + i * 60_000);
      const { change } = await local.service.submit({ classification: 'ASPIRASI', title: `Usulan nomor ${i}`, description: 'Usulan warga untuk desa.' });
      ids.push(change.complaint.trackingId);
    }
    await local.service.verify(ids[0]!, { action: 'HOLD' }, admin);
  });

  test('a cursor walks through every complaint exactly once, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await local.complaints.list({}, { limit: 3, ...(cursor && { cursor }) });
      seen.push(...page.items.map((c) => c.trackingId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  test('the status filter lists only that status', async () => {
    const page = await local.complaints.list({ status: 'ON_HOLD' }, { limit: 10 });
    expect(page.items.map((c) => c.trackingId)).toEqual([ids[0]]);
  });

  test('a forged cursor or one from another listing is a validation error, not a 500', async () => {
    const first = await local.complaints.list({ status: 'SUBMITTED' }, { limit: 1 });
    expect(first.nextCursor).toBeDefined();
    await expect(local.complaints.list({ status: 'ON_HOLD' }, { limit: 1, cursor: first.nextCursor! })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(local.complaints.list({}, { limit: 1, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
