// Effectively-once email: claim the ledger key, send, mark it sent. A retried or replayed job or
// stream batch never sends the same email twice.
// A failure is never settled in silence: one that is permanent for this message (a malformed
// address) is recorded as failed; any other (SES sending paused, the sandbox, an unverified
// identity, throttling, an outage) keeps the message in the ledger and is retried with backoff by
// the redelivery job, until it goes through or MAX_DELIVERY_ATTEMPTS is reached. Both are listed by
// GET /admin/notifications/undelivered and counted in the EmailDeliveryFailures metric.

import { type EmailLedger, type EmailMessage, type Mailer, PermanentDeliveryError, RetryableDeliveryError } from '../ports/mail';

export type Delivery = 'sent' | 'already-sent' | 'failed' | 'deferred';

/** Attempts before a retryable failure is settled as failed: with the backoff below, about two days. */
export const MAX_DELIVERY_ATTEMPTS = 12;
const FIRST_RETRY_MS = 15 * 60_000;
const LONGEST_RETRY_MS = 6 * 3_600_000;

/** 15 min, 30 min, 1 h, 2 h, 4 h, then every 6 h: an account-level problem takes a person hours to fix. */
export function retryAfterMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

export async function deliverOnce(
  ports: { ledger: EmailLedger; mailer: Mailer },
  key: string,
  message: EmailMessage,
  at: Date,
): Promise<Delivery> {
  if (!(await ports.ledger.claim(key, at))) return 'already-sent';
  let messageId: string;
  try {
    ({ messageId } = await ports.mailer.send(message));
  } catch (error) {
    if (error instanceof PermanentDeliveryError) {
      await ports.ledger.markFailed(key, { reason: failureReason(error), to: message.to }, at);
      return 'failed';
    }
    const attempts = await ports.ledger.defer(key, { reason: failureReason(error), message, retryAfterMs }, at);
    if (attempts >= MAX_DELIVERY_ATTEMPTS) {
      await ports.ledger.markFailed(key, { reason: `Gave up after ${attempts} attempts: ${failureReason(error)}`, to: message.to }, at);
      return 'failed';
    }
    return 'deferred';
  }
  await ports.ledger.markSent(key, messageId, at);
  return 'sent';
}

/**
 * The redelivery job: every deferred email whose next attempt is due is tried again. `settled`
 * hears each outcome, so whoever waits on an email (the Ombudsman forward's state) learns it.
 */
export async function redeliverDue(
  ports: { ledger: EmailLedger; mailer: Mailer },
  at: Date,
  limit = 100,
  settled: (key: string, delivery: Delivery) => Promise<void> = async () => undefined,
): Promise<Delivery[]> {
  const results: Delivery[] = [];
  for (const due of await ports.ledger.listDue(limit)) {
    const delivery = await deliverOnce(ports, due.key, due.message, at);
    await settled(due.key, delivery);
    results.push(delivery);
  }
  return results;
}

/** "<code>: <message>", short enough for a ledger item and the admin list; never a stack trace. */
export function failureReason(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.name === 'string' ? e.name : 'Error';
  const text = typeof e?.message === 'string' ? e.message : String(error);
  return `${code}: ${text}`.slice(0, 500);
}

export { PermanentDeliveryError, RetryableDeliveryError };
