// The local user store's authenticators, set up in Cognito's order: associate a secret, verify a first
// code, enable; then sign-in checks codes against the enabled secret.

import { TotpSetupError, LocalUserStore, seedAccounts } from '../../../lib/local/user-store';
import { totpCode } from '../../support/totp';

describe('TOTP in the local user store', () => {
  let clock: Date;
  let users: LocalUserStore;

  beforeEach(() => {
    clock = new Date('2026-12-03T08:00:10Z');
    users = new LocalUserStore(seedAccounts([]), () => clock);
  });

  /** A code that is not the right one: the right one with its last digit changed. */
  const wrong = (code: string) => `${code.slice(0, 5)}${(Number(code[5]) + 1) % 10}`;

  it('starts the seeded accounts without TOTP', () => {
    expect(users.totpEnabled('koordinator')).toBe(false);
    expect(users.checkTotp('koordinator', '123456')).toBe(false);
  });

  it('associates, refuses a wrong code, verifies a right one, enables, then checks sign-in codes', () => {
    const secret = users.associateTotp('koordinator');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const code = totpCode(secret, clock);
    expect(users.verifyTotp('koordinator', wrong(code))).toBe(false);
    // Verified is not yet enabled: sign-in does not ask for codes until the preference is set.
    expect(users.verifyTotp('koordinator', code)).toBe(true);
    expect(users.totpEnabled('koordinator')).toBe(false);
    expect(users.checkTotp('koordinator', code)).toBe(false);

    users.setTotpEnabled('koordinator', true);
    expect(users.totpEnabled('koordinator')).toBe(true);
    expect(users.checkTotp('koordinator', code)).toBe(true);
    expect(users.checkTotp('koordinator', wrong(code))).toBe(false);
    expect(users.checkTotp('koordinator', ` ${code}`)).toBe(false);
    // One period either side counts; two do not.
    expect(users.checkTotp('koordinator', totpCode(secret, new Date(clock.getTime() - 30_000)))).toBe(true);
    expect(users.checkTotp('koordinator', totpCode(secret, new Date(clock.getTime() + 30_000)))).toBe(true);
    expect(users.checkTotp('koordinator', totpCode(secret, new Date(clock.getTime() + 60_000)))).toBe(false);
    // Locally a code may be used twice (Cognito refuses a reused code).
    expect(users.checkTotp('koordinator', code)).toBe(true);

    users.setTotpEnabled('koordinator', false);
    expect(users.checkTotp('koordinator', code)).toBe(false);
  });

  it('refuses to enable a secret that was never verified, or to verify without one', () => {
    expect(() => users.setTotpEnabled('auditor', true)).toThrow(TotpSetupError);
    expect(() => users.verifyTotp('auditor', '123456')).toThrow(TotpSetupError);
    users.associateTotp('auditor');
    expect(() => users.setTotpEnabled('auditor', true)).toThrow(/not verified/);
    expect(users.totpEnabled('auditor')).toBe(false);
    expect(() => users.associateTotp('nobody')).toThrow(/not found/i);
  });

  it('replaces a pending secret with a new association, keeping an enabled one until the new is verified', () => {
    const first = users.associateTotp('koordinator');
    users.verifyTotp('koordinator', totpCode(first, clock));
    users.setTotpEnabled('koordinator', true);

    const second = users.associateTotp('koordinator');
    const third = users.associateTotp('koordinator');
    expect(new Set([first, second, third]).size).toBe(3);
    expect(users.checkTotp('koordinator', totpCode(first, clock))).toBe(true);
    expect(users.verifyTotp('koordinator', totpCode(second, clock))).toBe(false);
    expect(users.verifyTotp('koordinator', totpCode(third, clock))).toBe(true);
    expect(users.checkTotp('koordinator', totpCode(third, clock))).toBe(true);
    expect(users.checkTotp('koordinator', totpCode(first, clock))).toBe(false);
  });

  it('enrols a known secret at once for test harnesses', () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    users.enrollTotp('koordinator', secret);
    expect(users.totpEnabled('koordinator')).toBe(true);
    expect(users.checkTotp('koordinator', totpCode(secret, clock))).toBe(true);
    expect(() => users.enrollTotp('koordinator', 'not base32!')).toThrow(TotpSetupError);
  });
});
