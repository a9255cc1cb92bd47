// The upgrade backfill against DynamoDB Local: complaints written before the due index existed
// (no escalationDueAt, no index keys, no autoCloseAt) are invisible to the daily job until
// `npm run job -- backfill` gives them their dates; a second run changes nothing.

import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { META_SK, complaintPk, dispositionSk } from '../../functions/adapters/dynamodb/keys';
import type { Actor } from '../../functions/core/model';
import { buildDependencies } from '../../functions/handlers/dependencies';
import { createHandler as createJobsHandler } from '../../functions/handlers/jobs';
import { createTestTables } from '../support/dynamodb';

const admin: Actor = { role: 'admin', userId: 'koordinator' };
const officer: Actor = { role: 'agency', agencyId: 'dpu', userId: 'dpu-admin' };
const DAY = 86_400_000;

test('backfill gives legacy complaints their due dates once; the daily job then finds them', async () => {
  const env: Record<string, string | undefined> = {
    ...(await createTestTables()),
    EMAIL_SENDER: 'lapor@uji.example',
    EMAIL_COORDINATOR: 'koordinator@uji.example',
    EMAIL_OMBUDSMAN: 'ombudsman@uji.example',
    SES_ENDPOINT: process.env.SES_ENDPOINT,
    TUNTAS_SETTINGS: JSON.stringify({ regionName: 'Kabupaten Uji', trackingPrefix: 'UJI', timeZone: 'Asia/Jakarta' }),
  };
  const filedAt = new Date('2026-06-01T02:00:00Z');
  const clock = { at: filedAt };
  const deps = buildDependencies(env, { clock: { now: () => clock.at } });
  await deps.agencies.put({ agencyId: 'dpu', name: 'Dinas PU', emails: [`dpu@${randomUUID().slice(0, 8)}.example`], active: true, updatedAt: filedAt.toISOString() });
  const file = async (title: string) =>
    (await deps.service.submit({ classification: 'PENGADUAN', title, description: 'Warga melapor.', reporter: { email: 'warga@uji.example' } })).change.complaint.trackingId;

  const waiting = await file('Belum diverifikasi');
  const dispositioned = await file('Sudah didisposisikan');
  await deps.service.verify(dispositioned, { action: 'DISPOSITION', agencyIds: ['dpu'] }, admin);
  const completed = await file('Sudah selesai');
  await deps.service.verify(completed, { action: 'DISPOSITION', agencyIds: ['dpu'] }, admin);
  await deps.service.followUp(completed, 'dpu', { message: 'Selesai', final: true }, officer);
  const archived = await file('Diarsipkan');
  await deps.service.verify(archived, { action: 'ARCHIVE', reason: 'Duplikat' }, admin);

  // Make them as the code before the due index wrote them.
  const client = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  const meta = (id: string) => ({ TableName: env.COMPLAINTS_TABLE, Key: { pk: complaintPk(id), sk: META_SK } });
  for (const id of [waiting, dispositioned, completed, archived]) {
    await client.send(new UpdateCommand({ ...meta(id), UpdateExpression: 'REMOVE escalationDueAt, escalationDuePk, escalationDueSk, autoCloseAt' }));
  }
  await client.send(new UpdateCommand({ TableName: env.COMPLAINTS_TABLE, Key: { pk: complaintPk(dispositioned), sk: dispositionSk('dpu') }, UpdateExpression: 'REMOVE escalationDueAt' }));
  const archivedBefore = (await client.send(new GetCommand(meta(archived)))).Item!;

  // Invisible to the daily job, however late it runs.
  const jobs = createJobsHandler(deps);
  const late = new Date(filedAt.getTime() + 90 * DAY).toISOString();
  expect(await jobs({ job: 'escalation', time: late })).toMatchObject({ checked: 0, autoCloseChecked: 0 });

  const backfillAt = new Date(filedAt.getTime() + 3 * DAY);
  clock.at = backfillAt;
  const first = await jobs({ job: 'backfill', time: backfillAt.toISOString() });
  expect(first).toMatchObject({ job: 'backfill', read: 4, updated: 3 });
  expect(await jobs({ job: 'backfill', time: backfillAt.toISOString() })).toMatchObject({ read: 4, updated: 0 });

  const item = async (id: string) => (await client.send(new GetCommand(meta(id)))).Item!;
  expect(await item(waiting)).toMatchObject({ escalationDueAt: new Date(filedAt.getTime() + 60 * DAY).toISOString(), escalationDuePk: 'ESCALATION_DUE' });
  expect(await item(dispositioned)).toMatchObject({ escalationDuePk: 'ESCALATION_DUE' });
  const disposition = (await client.send(new GetCommand({ TableName: env.COMPLAINTS_TABLE, Key: { pk: complaintPk(dispositioned), sk: dispositionSk('dpu') } }))).Item!;
  expect(disposition.escalationDueAt).toBe((await item(dispositioned)).escalationDueAt);
  // A completed one gets a full reply window from the backfill (its reporter was never told of one).
  expect(await item(completed)).toMatchObject({ autoCloseAt: deps.calendar.deadlineAfterWorkingDays(backfillAt, 10).toISOString(), escalationDuePk: 'AUTO_CLOSE_DUE' });
  // Nothing to do for an archived one: not even its version moved.
  expect(await item(archived)).toEqual(archivedBefore);
  // The backfill itself leaves no trace on the timelines and announces nothing.
  expect((await deps.service.get(waiting)).timeline.map((e) => e.type)).toEqual(['SUBMITTED']);

  // Now the daily job finds them when they are due.
  const run = await jobs({ job: 'escalation', time: late });
  expect(run).toMatchObject({ newlyEligible: 2, closed: 1 });
}, 90_000);
