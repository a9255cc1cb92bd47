// LAPOR!'s auto-close against DynamoDB Local and the SES stand-in: the daily job (its escalation
// step's second half) closes a completed report whose reporter stayed silent for 10 working days,
// reads it from the due index, and the outbox mailer tells the reporter once, however often the
// job is replayed.

import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { META_SK, complaintPk } from '../../functions/adapters/dynamodb/keys';
import type { Actor } from '../../functions/core/model';
import { buildDependencies } from '../../functions/handlers/dependencies';
import { createHandler as createJobsHandler } from '../../functions/handlers/jobs';
import { createHandler as createMailerHandler } from '../../functions/handlers/mailer';
import { createStreamPoller } from '../../lib/local/stream-poller';
import { createTestEnvironment } from '../support/dynamodb';
import { emailsTo } from '../support/ses-store';

const admin: Actor = { role: 'admin', userId: 'koordinator' };
const officer: Actor = { role: 'agency', agencyId: 'pju', userId: 'pju-admin' };
// Monday 2 November 2026, 09:00 WIB.
const COMPLETED_AT = new Date('2026-11-02T02:00:00Z');

test('silent reporters see their completed report closed once; a reply keeps another open; replays change nothing', async () => {
  const domain = `t${randomUUID().slice(0, 8)}.example.go.id`;
  const env: Record<string, string | undefined> = await createTestEnvironment(domain);
  const clock = { at: COMPLETED_AT };
  const deps = buildDependencies(env, { clock: { now: () => clock.at } });
  await deps.agencies.put({ agencyId: 'pju', name: 'Dinas PJU', emails: [`pju@${domain}`], active: true, updatedAt: COMPLETED_AT.toISOString() });
  const jobs = createJobsHandler(deps);

  const completed = async (reporter: { name: string; email?: string }) => {
    const { change, accessToken } = await deps.service.submit({ classification: 'PENGADUAN', title: 'Lampu jalan mati', description: 'Gelap sejak bulan lalu.', reporter });
    const id = change.complaint.trackingId;
    await deps.service.verify(id, { action: 'DISPOSITION', agencyIds: ['pju'] }, admin);
    await deps.service.followUp(id, 'pju', { message: 'Lampu sudah diganti.', final: true }, officer);
    return { id, accessToken };
  };
  const silent = `sri+${randomUUID().slice(0, 6)}@${domain}`;
  const talking = `budi+${randomUUID().slice(0, 6)}@${domain}`;
  const quiet = await completed({ name: 'Sri', email: silent });
  const replying = await completed({ name: 'Budi', email: talking });
  const noEmail = await completed({ name: 'Anonim tanpa email' });

  const windowEnds = deps.calendar.deadlineAfterWorkingDays(COMPLETED_AT, 10);
  expect((await deps.service.get(quiet.id)).complaint.autoCloseAt).toBe(windowEnds.toISOString());

  // Budi replies on the 8th working day: his window starts again.
  clock.at = new Date(deps.calendar.deadlineAfterWorkingDays(COMPLETED_AT, 7).getTime() + 3_600_000);
  await deps.service.respond(replying.id, replying.accessToken, { message: 'Lampu di ujung gang belum.' });

  // The last day of the window: nothing closes yet.
  const lastDay = new Date(windowEnds.getTime() - 3_600_000);
  expect(await jobs({ job: 'escalation', time: lastDay.toISOString() })).toMatchObject({ autoCloseChecked: 0, closed: 0 });

  const dayAfter = new Date(windowEnds.getTime() + 8 * 3_600_000);
  expect(await jobs({ job: 'escalation', time: dayAfter.toISOString() })).toMatchObject({ autoCloseChecked: 2, closed: 2 });
  for (const id of [quiet.id, noEmail.id]) {
    const record = await deps.service.get(id);
    expect(record.complaint).toMatchObject({ status: 'COMPLETED', closedAt: dayAfter.toISOString() });
    expect(record.timeline.filter((e) => e.type === 'CLOSED')).toHaveLength(1);
  }
  const budi = await deps.service.get(replying.id);
  expect(budi.complaint.closedAt).toBeUndefined();
  expect(Date.parse(budi.complaint.autoCloseAt!)).toBeGreaterThan(dayAfter.getTime());

  // The closed complaint left the due index: its item carries no due key any more.
  const client = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  const { Item } = await client.send(new GetCommand({ TableName: env.COMPLAINTS_TABLE, Key: { pk: complaintPk(quiet.id), sk: META_SK } }));
  expect(Item).not.toHaveProperty('escalationDuePk');
  const { Item: open } = await client.send(new GetCommand({ TableName: env.COMPLAINTS_TABLE, Key: { pk: complaintPk(replying.id), sk: META_SK } }));
  expect(open).toMatchObject({ escalationDuePk: 'AUTO_CLOSE_DUE' });

  // The outbox mailer tells Sri; a replayed job run closes nothing and mails nothing more.
  const poller = createStreamPoller({ endpoint: process.env.DYNAMODB_ENDPOINT!, tableName: env.COMPLAINTS_TABLE!, handler: createMailerHandler(deps) });
  try {
    await poller.drain();
    const closedMail = async () => (await emailsTo(silent)).filter((m) => m.subject.includes('ditutup'));
    expect(await closedMail()).toHaveLength(1);
    expect((await closedMail())[0]!.body.text).toContain('tidak ada tanggapan dari Anda dalam 10 hari kerja');
    expect(await jobs({ job: 'escalation', time: dayAfter.toISOString() })).toMatchObject({ autoCloseChecked: 0, closed: 0 });
    await poller.drain();
    expect(await closedMail()).toHaveLength(1);
    expect((await emailsTo(talking)).filter((m) => m.subject.includes('ditutup'))).toHaveLength(0);
    expect((await deps.service.get(quiet.id)).timeline.filter((e) => e.type === 'CLOSED')).toHaveLength(1);
  } finally {
    await poller.stop();
  }

  // Sri can no longer reopen it.
  clock.at = dayAfter;
  await expect(deps.service.respond(quiet.id, quiet.accessToken, { message: 'Buka lagi', reopen: true })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
}, 90_000);
