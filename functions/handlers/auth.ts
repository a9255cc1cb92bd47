// Cognito user-pool triggers, one function for both:
// - pre token generation (V2_0 event): copies an officer's custom:agencyId attribute into the
//   access token as the claim `agencyId`. The browser sends the access token (Cognito access tokens
//   carry no user attributes of their own), and functions/http/principal.ts reads either claim.
// - post authentication: records the sign-in per user and agency (keaktifan in /reports/compliance).

import type { PostAuthenticationTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { ROLES, type StaffRole } from '../core/model';
import { ACCESS_TOKEN_AGENCY_CLAIM } from '../http/principal';
import type { SignInLog } from '../ports/staff';
import { type Dependencies, lazyHandler } from './composition';

type TriggerEvent = PreTokenGenerationV2TriggerEvent | PostAuthenticationTriggerEvent;

const AGENCY_ATTRIBUTE = 'custom:agencyId';

/** The user's role: the first of the pool's role groups it belongs to (groups come in the V2 event only). */
function roleOf(groups: readonly string[]): StaffRole | undefined {
  return ROLES.find((role) => groups.includes(role));
}

export function preTokenGeneration(event: PreTokenGenerationV2TriggerEvent): PreTokenGenerationV2TriggerEvent {
  const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
  const agencyId = event.request.userAttributes[AGENCY_ATTRIBUTE];
  const claims: Record<string, string> = {};
  if (roleOf(groups) === 'agency' && agencyId) claims[ACCESS_TOKEN_AGENCY_CLAIM] = agencyId;
  event.response = { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: claims } } };
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

export function createHandler(deps: Dependencies) {
  return async (event: TriggerEvent): Promise<TriggerEvent> => {
    if (event.triggerSource.startsWith('TokenGeneration_')) return preTokenGeneration(event as PreTokenGenerationV2TriggerEvent);
    if (event.triggerSource === 'PostAuthentication_Authentication') {
      return postAuthentication(event as PostAuthenticationTriggerEvent, { signIns: deps.signIns, now: () => deps.clock.now() });
    }
    return event;
  };
}

export const handler = lazyHandler(createHandler);
