// Cognito user-pool triggers, one function for both:
// - pre token generation (V2_0 event): copies an officer's custom:agencyId attribute into the
//   access token as the claim `agencyId` (the browser sends the access token, and Cognito access
//   tokens carry no user attributes of their own); and marks the tokens of a coordinator who has
//   TOTP set up with `mfa: "totp"`, without which functions/http/principal.ts withholds the role.
// - post authentication: records the sign-in per user and agency (keaktifan in /reports/compliance).

import type { PostAuthenticationTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { CognitoStaffDirectory, cognitoClient } from '../adapters/cognito-directory';
import { MFA_REQUIRED_ROLES } from '../core/access';
import { ROLES, type StaffRole } from '../core/model';
import { ACCESS_TOKEN_AGENCY_CLAIM, MFA_CLAIM, MFA_TOTP } from '../http/principal';
import type { MfaSettings, SignInLog } from '../ports/staff';
import { type Dependencies, lazyHandler } from './composition';

type TriggerEvent = PreTokenGenerationV2TriggerEvent | PostAuthenticationTriggerEvent;

const AGENCY_ATTRIBUTE = 'custom:agencyId';

/** The user's role: the first of the pool's role groups it belongs to (groups come in the V2 event only). */
function roleOf(groups: readonly string[]): StaffRole | undefined {
  return ROLES.find((role) => groups.includes(role));
}

/**
 * Runs at sign-in and at every renewal, so a coordinator who sets up TOTP gets the claim with the
 * next refresh. Only users of a role that needs MFA cost a directory read.
 */
export async function preTokenGeneration(
  event: PreTokenGenerationV2TriggerEvent,
  mfa: MfaSettings,
): Promise<PreTokenGenerationV2TriggerEvent> {
  const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
  const agencyId = event.request.userAttributes[AGENCY_ATTRIBUTE];
  const accessClaims: Record<string, string> = {};
  const idClaims: Record<string, string> = {};
  if (roleOf(groups) === 'agency' && agencyId) accessClaims[ACCESS_TOKEN_AGENCY_CLAIM] = agencyId;
  if (groups.some((group) => (MFA_REQUIRED_ROLES as readonly string[]).includes(group)) && (await mfa.totpEnabled(event.userName))) {
    accessClaims[MFA_CLAIM] = MFA_TOTP;
    idClaims[MFA_CLAIM] = MFA_TOTP;
  }
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: { claimsToAddOrOverride: accessClaims },
      idTokenGeneration: { claimsToAddOrOverride: idClaims },
    },
  };
  return event;
}

export async function postAuthentication(
  event: PostAuthenticationTriggerEvent,
  ports: { signIns: SignInLog; now: () => Date },
): Promise<PostAuthenticationTriggerEvent> {
  const agencyId = event.request.userAttributes[AGENCY_ATTRIBUTE];
  // The post-authentication event carries no groups: the agency attribute marks an officer; the
  // others (coordinators, auditors) are recorded without a role. Only officers count for keaktifan.
  await ports.signIns.record({
    userId: event.userName,
    ...(agencyId && { role: 'agency' as const, agencyId }),
    at: ports.now().toISOString(),
  });
  return event;
}

export function createHandler(deps: Dependencies, cognito = cognitoClient(process.env)) {
  return async (event: TriggerEvent): Promise<TriggerEvent> => {
    if (event.triggerSource.startsWith('TokenGeneration_')) {
      // The pool's id comes with the event: an environment variable naming it would make the pool
      // (whose trigger this is) and this function depend on each other.
      return preTokenGeneration(event as PreTokenGenerationV2TriggerEvent, new CognitoStaffDirectory(cognito, event.userPoolId));
    }
    if (event.triggerSource === 'PostAuthentication_Authentication') {
      return postAuthentication(event as PostAuthenticationTriggerEvent, { signIns: deps.signIns, now: () => deps.clock.now() });
    }
    return event;
  };
}

export const handler = lazyHandler((deps) => createHandler(deps));
