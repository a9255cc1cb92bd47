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

/**
 * The provider refused this message for good (a malformed address, a rejected content): retrying
 * the same message cannot succeed. Anything else a mailer throws is retried later.
 */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
  constructor(
    message: string,
    /** The provider's error name, e.g. SES's InvalidParameterValue. */
    readonly code = 'Permanent',
  ) {
    super(message);
  }
}

/**
 * The provider could not send now, for a reason of the account or the service (sending paused,
 * sandbox, unverified identity, throttling, an outage): the same message is retried later.
 */
export class RetryableDeliveryError extends Error {
  override name = 'RetryableDeliveryError';
  constructor(
    message: string,
    readonly code: string,
    /** 'account': the region's AWS account or SES setup must change; 'transient': it passes by itself. */
    readonly scope: 'account' | 'transient',
  ) {
    super(message);
  }
}

/** An email that was not delivered (yet): what GET /admin/notifications/undelivered lists. */
export interface UndeliveredEmail {
  /** The ledger key, e.g. NOTIFY#BLR-X#3, WARNING#dpupr#2026-W49. */
  notificationId: string;
  /** 'RETRYING': sent again with backoff; 'FAILED': settled, will not be sent. */
  state: 'RETRYING' | 'FAILED';
  recipient: string;
  failedAt: string;
  reason: string;
  attempts: number;
  /** When the next attempt is due (RETRYING only). */
  nextAttemptAt?: string;
}

/** An email waiting for its next attempt, with the message to send. */
export interface DeferredEmail {
  key: string;
  message: EmailMessage;
  attempts: number;
}

/**
 * Effectively-once delivery: a key is claimed with a conditional write before sending and marked
 * sent after. A claim that was never marked (the sender crashed) can be taken over once it is
 * stale; a deferred one (retryable failure) can be claimed again at any time.
 */
export interface EmailLedger {
  /** True when this caller now owns the key; false when it was already sent, failed, or is being sent. */
  claim(key: string, now: Date): Promise<boolean>;
  markSent(key: string, messageId: string, now: Date): Promise<void>;
  /** Gives a claim back without a failure (nothing was attempted), so a retry can send it. */
  release(key: string): Promise<void>;
  /** Records a permanent failure: the key is settled and never retried. */
  markFailed(key: string, failure: { reason: string; to: string[] }, now: Date): Promise<void>;
  /**
   * Records a retryable failure and keeps the message for the next attempt (after `retryAfterMs`
   * of wall-clock time); resolves with the number of attempts so far.
   */
  defer(key: string, failure: { reason: string; message: EmailMessage; retryAfterMs: (attempts: number) => number }, now: Date): Promise<number>;
  /** Deferred emails whose next attempt is due (wall clock), oldest first, at most `limit`. */
  listDue(limit: number): Promise<DeferredEmail[]>;
  /** Undelivered emails (retrying and failed), newest first, cursor-paged. */
  listUndelivered(options: { limit: number; cursor?: string }): Promise<{ items: UndeliveredEmail[]; nextCursor?: string }>;
}
