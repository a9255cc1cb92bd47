// The staff directory in the cloud: the Cognito user pool. Roles are the pool's groups; an
// officer's agency is the custom:agencyId attribute, which only this API (never the officer) writes.

import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type AttributeType,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { conflict, notFound, validationError } from '../core/errors';
import { ROLES, type Page, type StaffRole } from '../core/model';
import type { MfaSettings, StaffDirectory, StaffInvitation, StaffUser } from '../ports/staff';
import { type Environment, requiredEnv } from './environment';

const AGENCY_ATTRIBUTE = 'custom:agencyId';
/** ListUsersInGroup's largest page. */
const MAX_COGNITO_PAGE = 60;

interface Cursor {
  /** Index in ROLES of the group being listed. */
  g: number;
  t?: string;
}

function decodeCursor(cursor: string | undefined): Cursor {
  if (cursor === undefined) return { g: 0 };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (Number.isInteger(parsed.g) && parsed.g >= 0 && parsed.g < ROLES.length && (parsed.t === undefined || typeof parsed.t === 'string')) {
      return parsed;
    }
  } catch {
    // fall through
  }
  throw validationError([{ field: 'cursor', message: 'is not a cursor returned by this listing' }]);
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');

const attribute = (attributes: AttributeType[] | undefined, name: string) => attributes?.find((a) => a.Name === name)?.Value;

function toStaffUser(user: { Username?: string; Enabled?: boolean; UserStatus?: string; UserCreateDate?: Date }, attributes: AttributeType[] | undefined, role: StaffRole): StaffUser {
  const name = attribute(attributes, 'name');
  const agencyId = attribute(attributes, AGENCY_ATTRIBUTE);
  return {
    userId: user.Username!,
    email: attribute(attributes, 'email') ?? '',
    ...(name && { name }),
    role,
    ...(role === 'agency' && agencyId && { agencyId }),
    enabled: user.Enabled ?? true,
    status: user.UserStatus === 'FORCE_CHANGE_PASSWORD' ? 'INVITED' : 'ACTIVE',
    createdAt: (user.UserCreateDate ?? new Date(0)).toISOString(),
  };
}

export class CognitoStaffDirectory implements StaffDirectory, MfaSettings {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async list(page: { limit: number; cursor?: string }): Promise<Page<StaffUser>> {
    const cursor = decodeCursor(page.cursor);
    const role = ROLES[cursor.g];
    const result = await this.client.send(
      new ListUsersInGroupCommand({
        UserPoolId: this.userPoolId,
        GroupName: role,
        Limit: Math.min(page.limit, MAX_COGNITO_PAGE),
        ...(cursor.t && { NextToken: cursor.t }),
      }),
    );
    const items = (result.Users ?? []).map((user: UserType) => toStaffUser(user, user.Attributes, role));
    const next: Cursor | undefined = result.NextToken ? { g: cursor.g, t: result.NextToken } : cursor.g + 1 < ROLES.length ? { g: cursor.g + 1 } : undefined;
    return { items, ...(next && { nextCursor: encodeCursor(next) }) };
  }

  async get(userId: string): Promise<StaffUser | undefined> {
    try {
      const [user, groups] = await Promise.all([
        this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: userId })),
        this.client.send(new AdminListGroupsForUserCommand({ UserPoolId: this.userPoolId, Username: userId })),
      ]);
      const role = ROLES.find((r) => groups.Groups?.some((g) => g.GroupName === r));
      // An account outside the role groups is not staff of this system.
      if (!role) return undefined;
      return toStaffUser(user, user.UserAttributes, role);
    } catch (error) {
      if ((error as Error).name === 'UserNotFoundException') return undefined;
      throw error;
    }
  }

  async invite(invitation: StaffInvitation): Promise<StaffUser> {
    let created;
    try {
      created = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          // The pool signs in by email (an alias): Cognito makes the username a UUID.
          Username: invitation.email,
          UserAttributes: [
            { Name: 'email', Value: invitation.email },
            { Name: 'email_verified', Value: 'true' },
            ...(invitation.name ? [{ Name: 'name', Value: invitation.name }] : []),
            ...(invitation.agencyId ? [{ Name: AGENCY_ATTRIBUTE, Value: invitation.agencyId }] : []),
          ],
          // Cognito emails the invitation (the pool's userInvitation message, in Bahasa Indonesia).
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'UsernameExistsException') throw conflict(`An account with the email ${invitation.email} already exists`);
      throw error;
    }
    const userId = created.User!.Username!;
    await this.client.send(new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: userId, GroupName: invitation.role }));
    return toStaffUser(created.User!, created.User!.Attributes, invitation.role);
  }

  async setEnabled(userId: string, enabled: boolean): Promise<StaffUser> {
    const input = { UserPoolId: this.userPoolId, Username: userId };
    if (enabled) {
      await this.client.send(new AdminEnableUserCommand(input));
    } else {
      await this.client.send(new AdminDisableUserCommand(input));
      // Disabling alone leaves refresh tokens usable until they expire: revoke them too.
      await this.client.send(new AdminUserGlobalSignOutCommand(input));
    }
    return this.require(userId);
  }

  async setAgency(userId: string, agencyId: string): Promise<StaffUser> {
    await this.client.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: this.userPoolId, Username: userId, UserAttributes: [{ Name: AGENCY_ATTRIBUTE, Value: agencyId }] }),
    );
    return this.require(userId);
  }

  async resetMfa(userId: string): Promise<StaffUser> {
    await this.client.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: this.userPoolId,
        Username: userId,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
    return this.require(userId);
  }

  /** TOTP counts once the user verified a code and it is enabled: it is then in UserMFASettingList. */
  async totpEnabled(userId: string): Promise<boolean> {
    const user = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: userId }));
    return user.UserMFASettingList?.includes('SOFTWARE_TOKEN_MFA') ?? false;
  }

  private async require(userId: string): Promise<StaffUser> {
    const user = await this.get(userId);
    if (!user) throw notFound('Staff user');
    return user;
  }
}

export const cognitoClient = (env: Environment) => new CognitoIdentityProviderClient({ ...(env.AWS_REGION && { region: env.AWS_REGION }) });

/** USER_POOL_ID: the staff user pool. */
export const cognitoStaffDirectory = (env: Environment): StaffDirectory =>
  new CognitoStaffDirectory(
    cognitoClient(env),
    requiredEnv(env, 'USER_POOL_ID'),
  );
