// The local issuer's staff accounts: what the Cognito user pool holds in the cloud. Seeded with one
// coordinator, one auditor and one officer per agency of the region config, all with the same
// local password (printed in the banner); the coordinator's invitations add more, each with its
// invitation email as Cognito sends one. Kept in memory: a restart of `npm start` starts again from
// the seed.

import { randomUUID, timingSafeEqual } from 'node:crypto';
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

export class LocalUserStore implements StaffDirectory {
  private readonly users = new Map<string, StaffUser>();

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

  private require(userId: string): StaffUser {
    const user = this.users.get(userId);
    if (!user) throw notFound('Staff user');
    return user;
  }
}
