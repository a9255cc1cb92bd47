// Issue 13, item 5: no email is lost in silence. Permanent failures are recorded; retryable ones
// keep the message and come back with backoff until they go through or the attempts run out.

import { deliverOnce, MAX_DELIVERY_ATTEMPTS, redeliverDue, retryAfterMs } from '../../../functions/core/delivery';
import { describeNotificationKey } from '../../../functions/core/undelivered';
import { type EmailMessage, type Mailer, PermanentDeliveryError, RetryableDeliveryError } from '../../../functions/ports/mail';
import { InMemoryEmailLedger as MemoryLedger } from '../../support/fakes';

const message: EmailMessage = { to: ['opd@blorakab.go.id'], subject: 'Peringatan', html: '<p>x</p>', text: 'x' };
const at = new Date('2026-12-01T01:00:00Z');

function mailerFailing(...errors: Error[]): Mailer & { calls: number } {
  const mailer = {
    calls: 0,
    async send() {
      const error = errors[mailer.calls++];
      if (error) throw error;
      return { messageId: `m-${mailer.calls}` };
    },
  };
  return mailer;
}

const paused = () => new RetryableDeliveryError('Sending paused for this account', 'AccountSendingPausedException', 'account');

it('settles a permanent failure as failed, with the reason, and never sends it again', async () => {
  const ledger = new MemoryLedger();
  const mailer = mailerFailing(new PermanentDeliveryError("Missing final '@domain'", 'InvalidParameterValue'));
  expect(await deliverOnce({ ledger, mailer }, 'WARNING#dpupr#2026-W49', message, at)).toBe('failed');
  expect(ledger.entries.get('WARNING#dpupr#2026-W49')).toMatchObject({ state: 'FAILED', reason: "InvalidParameterValue: Missing final '@domain'" });
  expect(await deliverOnce({ ledger, mailer }, 'WARNING#dpupr#2026-W49', message, at)).toBe('already-sent');
  expect(mailer.calls).toBe(1);
});

it('defers an account-level failure with the message kept, and the redelivery job sends it once due', async () => {
  const ledger = new MemoryLedger();
  const mailer = mailerFailing(paused());
  expect(await deliverOnce({ ledger, mailer }, 'NOTIFY#BLR-1#3', message, at)).toBe('deferred');
  expect(ledger.entries.get('NOTIFY#BLR-1#3')).toMatchObject({ state: 'RETRY', attempts: 1, message, reason: 'AccountSendingPausedException: Sending paused for this account' });

  // Not due yet: nothing is sent.
  ledger.now = retryAfterMs(1) - 1;
  expect(await redeliverDue({ ledger, mailer }, at)).toEqual([]);
  ledger.now = retryAfterMs(1);
  expect(await redeliverDue({ ledger, mailer }, at)).toEqual(['sent']);
  expect(ledger.entries.get('NOTIFY#BLR-1#3')!.state).toBe('SENT');
  expect(mailer.calls).toBe(2);
});

it('treats an unclassified error as retryable, never as settled', async () => {
  const ledger = new MemoryLedger();
  expect(await deliverOnce({ ledger, mailer: mailerFailing(new Error('socket hang up')) }, 'DIGEST#dpupr#2026-12-01', message, at)).toBe('deferred');
  expect(ledger.entries.get('DIGEST#dpupr#2026-12-01')!.state).toBe('RETRY');
});

it('backs off exponentially from 15 minutes to at most 6 hours', () => {
  expect([1, 2, 3, 4, 5, 6, 12].map((n) => retryAfterMs(n) / 60_000)).toEqual([15, 30, 60, 120, 240, 360, 360]);
});

it(`gives up after ${MAX_DELIVERY_ATTEMPTS} attempts and records it as failed with the last reason`, async () => {
  const ledger = new MemoryLedger();
  const mailer = mailerFailing(...Array.from({ length: MAX_DELIVERY_ATTEMPTS }, paused));
  expect(await deliverOnce({ ledger, mailer }, 'SUMMARY#2026-12-01', message, at)).toBe('deferred');
  const outcomes = [];
  for (let i = 1; i < MAX_DELIVERY_ATTEMPTS; i++) {
    ledger.now += retryAfterMs(i);
    outcomes.push(...(await redeliverDue({ ledger, mailer }, at)));
  }
  expect(outcomes.at(-1)).toBe('failed');
  expect(outcomes.filter((o) => o === 'deferred')).toHaveLength(MAX_DELIVERY_ATTEMPTS - 2);
  expect(ledger.entries.get('SUMMARY#2026-12-01')).toMatchObject({ state: 'FAILED', reason: expect.stringMatching(/^Gave up after 12 attempts: AccountSendingPausedException/) });
  expect(mailer.calls).toBe(MAX_DELIVERY_ATTEMPTS);
});

it('names what an undelivered email was from its ledger key', () => {
  expect(describeNotificationKey('NOTIFY#BLR-7K2M#4')).toEqual({ kind: 'NOTIFICATION', trackingId: 'BLR-7K2M' });
  expect(describeNotificationKey('WARNING#dpupr#2026-W49')).toEqual({ kind: 'COMPLIANCE_WARNING', agencyId: 'dpupr' });
  expect(describeNotificationKey('OMBUDSMAN#BLR-7K2M')).toEqual({ kind: 'OMBUDSMAN_FORWARD', trackingId: 'BLR-7K2M' });
  expect(describeNotificationKey('DIGEST#dinkes#2026-12-01')).toEqual({ kind: 'AGENCY_DIGEST', agencyId: 'dinkes' });
  expect(describeNotificationKey('SUMMARY#2026-12-01')).toEqual({ kind: 'COORDINATOR_SUMMARY' });
  expect(describeNotificationKey('toString#x')).toEqual({ kind: 'OTHER' });
});
