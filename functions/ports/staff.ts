// Staff accounts (coordinator, agency officers, auditors who sign in) and their sign-ins. The
// directory is Cognito in the cloud and the local token issuer's user store on one machine; the
// sign-in log is a DynamoDB table either way, so keaktifan (officers' sign-ins) is counted alike.

import type { Page, StaffRole } from '../core/model';
import type { PageRequest } from './repositories';

/** INVITED: the temporary password was never changed (Cognito FORCE_CHANGE_PASSWORD). */
export type StaffStatus = 'INVITED' | 'ACTIVE';

export interface StaffUser {
  /** The directory's username (a UUID in Cognito, where the email is an alias). */
  userId: string;
  email: string;
  name?: string;
  role: StaffRole;
  /** Agency officers only. */
  agencyId?: string;
  enabled: boolean;
  status: StaffStatus;
  createdAt: string;
}

export interface StaffInvitation {
  email: string;
  name?: string;
  role: StaffRole;
  agencyId?: string;
}

export interface StaffDirectory {
  list(page: Omit<PageRequest, 'order'>): Promise<Page<StaffUser>>;
  get(userId: string): Promise<StaffUser | undefined>;
  /** Creates the account and emails the invitation; CONFLICT when the email already has one. */
  invite(invitation: StaffInvitation): Promise<StaffUser>;
  /** A disabled user can no longer sign in nor renew tokens. */
  setEnabled(userId: string, enabled: boolean): Promise<StaffUser>;
  setAgency(userId: string, agencyId: string): Promise<StaffUser>;
  /** Turns TOTP off: the next sign-in asks for no code, and a coordinator sets it up again. */
  resetMfa(userId: string): Promise<StaffUser>;
}

/** Whether a staff user has set up TOTP MFA: what the pre-token trigger asks for MFA_REQUIRED_ROLES. */
export interface MfaSettings {
  totpEnabled(userId: string): Promise<boolean>;
}

export interface SignIn {
  userId: string;
  /** Unknown to Cognito's post-authentication event except for officers (who have an agency). */
  role?: StaffRole;
  agencyId?: string;
  at: string;
}

export interface SignInActivity {
  signIns: number;
  /** Distinct users who signed in. */
  users: number;
}

export interface SignInLog {
  record(signIn: SignIn): Promise<void>;
  /** Sign-ins of an agency's officers in [from, to]. */
  activity(agencyId: string, range: { from: string; to: string }): Promise<SignInActivity>;
}
