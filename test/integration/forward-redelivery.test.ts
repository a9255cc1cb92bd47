// A forward to the Ombudsman that SES could not send at first (sending paused: a fault the SES
// stand-in cannot produce, so the mailer wrapper injects it) is retried by the redelivery job; when
// the retry goes through, the reporter and the coordinator see SENT, not QUEUED forever. Against
// DynamoDB Local, the SES stand-in, the outbox stream and the jobs handler.

import { randomUUID } from 'node:crypto';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import type { Actor } from '../../functions/core/model';
import { buildDependencies } from '../../functions/handlers/dependencies';
import { createHandler as createJobsHandler } from '../../functions/handlers/jobs';
import { createHandler as createMailerHandler } from '../../functions/handlers/mailer';
import { SesMailer, createSesClient } from '../../functions/adapters/ses-mailer';
import { type Mailer, RetryableDeliveryError } from '../../functions/ports/mail';
import { createStreamPoller } from '../../lib/local/stream-poller';
import { createTestEnvironment } from '../support/dynamodb';
import { emailsTo } from '../support/ses-store';

const admin: Actor = { role: 'admin', userId: 'koordinator' };
const DAY = 86_400_000;

test('a deferred Ombudsman forward is SENT once the redelivery job gets it through', async () => {
  const domain = `t${randomUUID().slice(0, 8)}.example.go.id`;
  const env: Record<string, string | undefined> = await createTestEnvironment(domain);
  const real = new SesMailer(createSesClient({ endpoint: process.env.SES_ENDPOINT }), { sender: env.EMAIL_SENDER! });
  let paused = true;
  const mailer: Mailer = {
    send: (message) =>
      paused ? Promise.reject(new RetryableDeliveryError('Sending is paused for this account', 'AccountSendingPausedException', 'account')) : real.send(message),
  };
  const filedAt = new Date('2026-05-04T02:00:00Z');
  const clock = { at: filedAt };
  const deps = buildDependencies(env, { clock: { now: () => clock.at }, mailer });
  await deps.agencies.put({ agencyId: 'dpu', name: 'Dinas PU', emails: [`dpu@${domain}`], active: true, updatedAt: filedAt.toISOString() });

  const { change, accessToken } = await deps.service.submit({ classification: 'PENGADUAN', title: 'Jembatan putus', description: 'Belum ada tindak lanjut.' });
  const id = change.complaint.trackingId;
  await deps.service.verify(id, { action: 'DISPOSITION', agencyIds: ['dpu'] }, admin);
  const escalatedAt = new Date(filedAt.getTime() + 61 * DAY);
  clock.at = escalatedAt;
  await deps.service.escalate(id, accessToken);

  const poller = createStreamPoller({ endpoint: process.env.DYNAMODB_ENDPOINT!, tableName: env.COMPLAINTS_TABLE!, handler: createMailerHandler(deps) });
  try {
    await poller.drain();
  } finally {
    await poller.stop();
  }
  // SES refused for now: deferred, and the forward honestly still QUEUED.
  expect(await emailsTo(env.EMAIL_OMBUDSMAN!)).toHaveLength(0);
  expect((await deps.service.get(id)).complaint.escalation).toMatchObject({ status: 'QUEUED' });

  const jobs = createJobsHandler(deps);
  // Too early for the next attempt (15 minutes): nothing happens.
  expect(await jobs({ job: 'redelivery', time: new Date(escalatedAt.getTime() + 60_000).toISOString() })).toMatchObject({ attempted: 0 });

  // The ledger schedules attempts on the wall clock: let its 15 minutes pass.
  const ledger = createDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  const { Items = [] } = await ledger.send(new ScanCommand({ TableName: env.EMAIL_LEDGER_TABLE }));
  const deferred = Items.filter((item) => item.state === 'RETRY');
  // The agency's new-disposition notice and the forward.
  expect(deferred).toHaveLength(2);
  for (const item of deferred) {
    await ledger.send(new UpdateCommand({ TableName: env.EMAIL_LEDGER_TABLE, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'SET nextAttemptAtMs = :past', ExpressionAttributeValues: { ':past': 0 } }));
  }

  paused = false;
  const retryAt = new Date(escalatedAt.getTime() + 20 * 60_000);
  clock.at = retryAt;
  expect(await jobs({ job: 'redelivery', time: retryAt.toISOString() })).toMatchObject({ attempted: 2, sent: 2 });
  expect(await emailsTo(env.EMAIL_OMBUDSMAN!)).toHaveLength(1);
  const record = await deps.service.get(id);
  expect(record.complaint.escalation).toMatchObject({ status: 'SENT', sentAt: retryAt.toISOString() });
  expect(record.timeline.filter((e) => e.type === 'ESCALATION_SENT')).toHaveLength(1);

  // A replayed run sends nothing more and records nothing more.
  expect(await jobs({ job: 'redelivery', time: retryAt.toISOString() })).toMatchObject({ attempted: 0 });
  expect(await emailsTo(env.EMAIL_OMBUDSMAN!)).toHaveLength(1);
  expect((await deps.service.get(id)).timeline.filter((e) => e.type === 'ESCALATION_SENT')).toHaveLength(1);
}, 90_000);
