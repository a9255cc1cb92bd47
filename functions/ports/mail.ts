export interface EmailMessage {
  to: string[];
  subject: string;
  html: string;
  text: string;
}

export interface Mailer {
  /** Sends one message; resolves with the provider's message id. */
  send(message: EmailMessage): Promise<{ messageId: string }>;
}

/** The provider refused the message for good (bad address, suppression list): retrying will not help. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/**
 * Effectively-once delivery: a key is claimed with a conditional write before sending and marked
 * sent after. A claim that was never marked (the sender crashed) can be taken over once it is stale.
 */
export interface EmailLedger {
  /** True when this caller now owns the key; false when it was already sent or is being sent. */
  claim(key: string, now: Date): Promise<boolean>;
  markSent(key: string, messageId: string, now: Date): Promise<void>;
  /** Gives a claim back after a failed send, so a retry can send it. */
  release(key: string): Promise<void>;
  /** Records a permanent failure: the key is settled and never retried. */
  markFailed(key: string, reason: string, now: Date): Promise<void>;
}
