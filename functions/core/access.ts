// Who may do what: the reporter proves ownership with the access token given at submission;
// staff carry roles (and an agency) in their token's claims.

import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from './errors';
import type { Complaint, StaffRole } from './model';

export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'staff';
      userId: string;
      roles: StaffRole[];
      agencyId?: string;
      /** Roles the token names but that count only with MFA, which this token's user has not set up. */
      rolesAwaitingMfa?: StaffRole[];
    };

/**
 * Roles that act only after a second factor (TOTP): the coordinator dispositions, corrects and
 * closes every complaint and manages the staff accounts, so a stolen password alone must not do it.
 */
export const MFA_REQUIRED_ROLES: readonly StaffRole[] = ['admin'];

export function hashAccessToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function isReporter(complaint: Complaint, token: string | undefined): boolean {
  if (!token) return false;
  const given = Buffer.from(hashAccessToken(token), 'hex');
  const stored = Buffer.from(complaint.accessTokenHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Throws unless the principal holds one of the allowed roles; no roles listed means public. */
export function authorize(principal: Principal, allowed: readonly StaffRole[]): void {
  if (allowed.length === 0) return;
  if (principal.kind !== 'staff') throw new DomainError('UNAUTHORIZED', 'A valid bearer token is required');
  if (!principal.roles.some((role) => allowed.includes(role))) {
    if (principal.rolesAwaitingMfa?.some((role) => allowed.includes(role))) {
      throw new DomainError(
        'MFA_REQUIRED',
        `This operation requires the role ${allowed.join(' or ')} with TOTP MFA set up; sign in to the console, which sets it up, then sign in again`,
      );
    }
    throw new DomainError('FORBIDDEN', `This operation requires the role ${allowed.join(' or ')}`);
  }
}

/** The agency an agency officer acts for; a token without one is refused rather than guessed. */
export function agencyOf(principal: Principal): string {
  if (principal.kind !== 'staff' || !principal.roles.includes('agency')) {
    throw new DomainError('FORBIDDEN', 'This operation requires the role agency');
  }
  if (!principal.agencyId) throw new DomainError('FORBIDDEN', 'The token has no agencyId claim');
  return principal.agencyId;
}
