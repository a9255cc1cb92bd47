// The local issuer's staff accounts: what the Cognito user pool holds in the cloud. Seeded with one
// coordinator, one auditor and one officer per agency of the region config, all with the same
// local password (printed in the banner); the coordinator's invitations add more, each with its
// invitation email as Cognito sends one. Kept in memory: a restart of `npm start` starts again from
// the seed. Each account may also hold a TOTP authenticator, set up as Cognito's user API does it.

import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { conflict, notFound, validationError } from '../../functions/core/errors';
import type { Page, StaffRole } from '../../functions/core/model';
import type { StaffDirectory, StaffInvitation, StaffUser } from '../../functions/ports/staff';

/** Every local account's password. Local use only, like the auditor client's secret. */
export const LOCAL_PASSWORD = 'tuntas-lokal';

export interface SeedAccount {
  userId: string;
  email: string;
  name: string;
  role: StaffRole;
  agencyId?: string;
}

/** The accounts `npm start` begins with: the coordinator, an auditor and an officer per agency. */
export function seedAccounts(agencies: readonly { agencyId: string; name: string; active: boolean }[]): SeedAccount[] {
  return [
    { userId: 'koordinator', email: 'koordinator@tuntas.local', name: 'Koordinator Pengaduan', role: 'admin' },
    { userId: 'auditor', email: 'auditor@tuntas.local', name: 'Auditor Inspektorat', role: 'auditor' },
    ...agencies
      .filter((agency) => agency.active)
      .map((agency) => ({
        userId: `opd-${agency.agencyId}`,
        email: `${agency.agencyId}@tuntas.local`,
        name: `Admin Penghubung ${agency.name}`,
        role: 'agency' as const,
        agencyId: agency.agencyId,
      })),
  ];
}

/** The listing's cursor: the last email of the previous page. Anything else is the client's mistake. */
function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed?.after === 'string' && parsed.after.length > 0) return parsed.after;
  } catch {
    // fall through
  }
  throw validationError([{ field: 'cursor', message: 'is not a cursor returned by this listing' }]);
}

/** A TOTP set-up step Cognito refuses with InvalidParameterException (e.g. enabling an unverified secret). */
export class TotpSetupError extends Error {
  override name = 'TotpSetupError';
}

/**
 * An account's authenticator, as Cognito keeps it: a secret waiting for its first code (pending),
 * the verified one, and whether sign-in asks for its codes (enabled).
 */
interface TotpState {
  pending?: string;
  verified?: string;
  enabled: boolean;
}

/** What authenticator apps assume when an otpauth URI names nothing else, and what Cognito uses. */
const TOTP_PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** One period either side of now: a code just typed as it rolled over still counts, as in Cognito. */
const TOTP_WINDOW = 1;
const TOTP_CODE = /^[0-9]{6}$/;
const BASE32_SECRET = /^[A-Z2-7]{16,}$/;

export class LocalUserStore implements StaffDirectory {
  private readonly users = new Map<string, StaffUser>();
  private readonly totp = new Map<string, TotpState>();

  constructor(
    seed: readonly SeedAccount[] = [],
    private readonly now: () => Date = () => new Date(),
    /** Sends the invitation email (Cognito's AdminCreateUser does in the cloud). */
    private readonly onInvite: (user: StaffUser) => Promise<void> = async () => undefined,
  ) {
    for (const account of seed) {
      this.users.set(account.userId, { ...account, enabled: true, status: 'ACTIVE', createdAt: now().toISOString() });
    }
  }

  /** The user a username or email and the local password sign in as; undefined when they do not match. */
  authenticate(login: string, password: string): StaffUser | undefined {
    const wanted = login.trim().toLowerCase();
    const user = [...this.users.values()].find((u) => u.userId.toLowerCase() === wanted || u.email === wanted);
    const given = Buffer.from(password);
    const expected = Buffer.from(LOCAL_PASSWORD);
    const matches = given.length === expected.length && timingSafeEqual(given, expected);
    return user && matches ? { ...user } : undefined;
  }

  /** Marks an invited user active on their first sign-in (Cognito: after the new password). */
  signedIn(userId: string): void {
    const user = this.users.get(userId);
    if (user) user.status = 'ACTIVE';
  }

  async list(page: { limit: number; cursor?: string }): Promise<Page<StaffUser>> {
    const all = [...this.users.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
    let from = 0;
    if (page.cursor !== undefined) {
      const after = decodeCursor(page.cursor);
      from = all.findIndex((u) => u.email > after);
      if (from < 0) from = all.length;
    }
    const items = all.slice(from, from + page.limit).map((u) => ({ ...u }));
    const more = from + page.limit < all.length;
    return { items, ...(more && { nextCursor: Buffer.from(JSON.stringify({ after: items[items.length - 1].email })).toString('base64url') }) };
  }

  async get(userId: string): Promise<StaffUser | undefined> {
    const user = this.users.get(userId);
    return user && { ...user };
  }

  async invite(invitation: StaffInvitation): Promise<StaffUser> {
    const email = invitation.email.toLowerCase();
    if ([...this.users.values()].some((u) => u.email === email)) throw conflict(`An account with the email ${email} already exists`);
    const user: StaffUser = {
      userId: randomUUID(),
      email,
      ...(invitation.name && { name: invitation.name }),
      role: invitation.role,
      ...(invitation.agencyId && { agencyId: invitation.agencyId }),
      enabled: true,
      status: 'INVITED',
      createdAt: this.now().toISOString(),
    };
    this.users.set(user.userId, user);
    await this.onInvite({ ...user });
    return { ...user };
  }

  async setEnabled(userId: string, enabled: boolean): Promise<StaffUser> {
    const user = this.require(userId);
    user.enabled = enabled;
    return { ...user };
  }

  async setAgency(userId: string, agencyId: string): Promise<StaffUser> {
    const user = this.require(userId);
    user.agencyId = agencyId;
    return { ...user };
  }

  /** AssociateSoftwareToken: a new secret (20 random bytes, base32) that waits for its first code; an earlier pending one is dropped. */
  associateTotp(userId: string): string {
    this.require(userId);
    const secret = new Secret({ size: 20 }).base32;
    this.totpOf(userId).pending = secret;
    return secret;
  }

  /** VerifySoftwareToken: a right code makes the pending secret the verified one; false on a wrong code. */
  verifyTotp(userId: string, code: string): boolean {
    this.require(userId);
    const state = this.totpOf(userId);
    if (state.pending === undefined) throw new TotpSetupError('the user has no software token waiting for verification: call AssociateSoftwareToken first');
    if (!this.codeMatches(state.pending, code)) return false;
    state.verified = state.pending;
    delete state.pending;
    return true;
  }

  /** SetUserMFAPreference: only a verified secret can be turned on; turning off keeps it, as Cognito does. */
  setTotpEnabled(userId: string, enabled: boolean): void {
    this.require(userId);
    const state = this.totpOf(userId);
    if (enabled && state.verified === undefined) throw new TotpSetupError('the user has not verified a software token');
    state.enabled = enabled;
  }

  totpEnabled(userId: string): boolean {
    return this.totp.get(userId)?.enabled === true;
  }

  /**
   * The second step of sign-in: the code against the enabled secret. Unlike Cognito, a code may be
   * used again within its window: tests sign the same account in several times within 30 seconds.
   */
  checkTotp(userId: string, code: string): boolean {
    const state = this.totp.get(userId);
    return state?.enabled === true && state.verified !== undefined && this.codeMatches(state.verified, code);
  }

  /**
   * Sets an enabled, verified secret at once, skipping the user-API steps: for test harnesses that
   * need an account (the seeded koordinator) which already signs in with codes of a known secret.
   */
  enrollTotp(userId: string, secret: string): void {
    this.require(userId);
    if (!BASE32_SECRET.test(secret)) throw new TotpSetupError('the secret must be base32 (A-Z, 2-7), at least 16 characters');
    this.totp.set(userId, { verified: secret, enabled: true });
  }

  async resetMfa(userId: string): Promise<StaffUser> {
    const user = this.require(userId);
    this.totp.delete(userId);
    return { ...user };
  }

  private totpOf(userId: string): TotpState {
    let state = this.totp.get(userId);
    if (!state) this.totp.set(userId, (state = { enabled: false }));
    return state;
  }

  private codeMatches(secret: string, code: string): boolean {
    if (!TOTP_CODE.test(code)) return false;
    const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secret), ...TOTP_PARAMETERS, timestamp: this.now().getTime(), window: TOTP_WINDOW });
    return delta !== null;
  }

  private require(userId: string): StaffUser {
    const user = this.users.get(userId);
    if (!user) throw notFound('Staff user');
    return user;
  }
}
