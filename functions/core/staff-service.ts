// The coordinator's account management: the rules that hold whichever directory stores the
// accounts (an officer belongs to one active agency; other roles to none).

import { conflict, DomainError, notFound, validationError } from './errors';
import type { AgencyRepository } from '../ports/repositories';
import type { StaffDirectory, StaffInvitation, StaffUser } from '../ports/staff';

export class StaffService {
  constructor(private readonly ports: { directory: StaffDirectory; agencies: AgencyRepository }) {}

  list(page: { limit: number; cursor?: string }) {
    return this.ports.directory.list(page);
  }

  async invite(invitation: StaffInvitation): Promise<StaffUser> {
    if (invitation.role === 'agency') {
      if (!invitation.agencyId) throw validationError([{ field: 'agencyId', message: 'is required for an agency officer' }]);
      await this.requireActiveAgency(invitation.agencyId);
    } else if (invitation.agencyId !== undefined) {
      throw validationError([{ field: 'agencyId', message: `is only for agency officers, not for the role ${invitation.role}` }]);
    }
    return this.ports.directory.invite({ ...invitation, email: invitation.email.toLowerCase() });
  }

  async setEnabled(userId: string, enabled: boolean, actingUserId: string): Promise<StaffUser> {
    await this.require(userId);
    // A coordinator who disables their own account locks the region out of its console.
    if (!enabled && userId === actingUserId) throw conflict('You cannot disable your own account');
    return this.ports.directory.setEnabled(userId, enabled);
  }

  /** For a lost phone: another coordinator turns the account's TOTP off, to be set up again. */
  async resetMfa(userId: string, actingUserId: string): Promise<StaffUser> {
    await this.require(userId);
    // Done to oneself, it would withdraw one's own admin role at the next renewal, mid-work.
    if (userId === actingUserId) throw conflict('You cannot reset your own two-step verification; another coordinator can');
    return this.ports.directory.resetMfa(userId);
  }

  async setAgency(userId: string, agencyId: string): Promise<StaffUser> {
    const user = await this.require(userId);
    if (user.role !== 'agency') throw new DomainError('CONFLICT', `Only agency officers belong to an agency; this user has the role ${user.role}`);
    await this.requireActiveAgency(agencyId);
    return this.ports.directory.setAgency(userId, agencyId);
  }

  private async require(userId: string): Promise<StaffUser> {
    const user = await this.ports.directory.get(userId);
    if (!user) throw notFound('Staff user');
    return user;
  }

  private async requireActiveAgency(agencyId: string): Promise<void> {
    const agency = await this.ports.agencies.get(agencyId);
    if (!agency) throw validationError([{ field: 'agencyId', message: `unknown agency "${agencyId}"` }]);
    if (!agency.active) throw validationError([{ field: 'agencyId', message: `agency "${agencyId}" is inactive` }]);
  }
}
