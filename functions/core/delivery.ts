// Effectively-once email: claim the ledger key, send, mark it sent. A retried or replayed job or
// stream batch never sends the same email twice; a failed send gives the claim back for the retry.

import { type EmailLedger, type EmailMessage, type Mailer, PermanentDeliveryError } from '../ports/mail';

export type Delivery = 'sent' | 'already-sent' | 'failed';

export async function deliverOnce(
  ports: { ledger: EmailLedger; mailer: Mailer },
  key: string,
  message: EmailMessage,
  at: Date,
): Promise<Delivery> {
  if (!(await ports.ledger.claim(key, at))) return 'already-sent';
  try {
    const { messageId } = await ports.mailer.send(message);
    await ports.ledger.markSent(key, messageId, at);
    return 'sent';
  } catch (error) {
    if (error instanceof PermanentDeliveryError) {
      // Settled for good: a rejected address or a suppressed one does not get better by retrying.
      await ports.ledger.markFailed(key, error.message, at);
      return 'failed';
    }
    await ports.ledger.release(key);
    throw error;
  }
}
