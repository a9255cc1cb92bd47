// The user-pool triggers: the access token a browser holds carries an officer's agency, and every
// sign-in is recorded, with the event shapes Cognito sends.

import type { PostAuthenticationTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { postAuthentication, preTokenGeneration } from '../../../functions/handlers/auth';
import { principalOf } from '../../../functions/http/principal';
import type { HttpEvent } from '../../../functions/http/types';
import type { SignIn, SignInLog } from '../../../functions/ports/staff';

const common = {
  version: '2',
  region: 'ap-southeast-3',
  userPoolId: 'ap-southeast-3_abc',
  userName: '6b1c0f4e-1111-2222-3333-444455556666',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'browser-client' },
};

function preToken(groups: string[], attributes: Record<string, string>): PreTokenGenerationV2TriggerEvent {
  return {
    ...common,
    triggerSource: 'TokenGeneration_HostedAuth',
    request: {
      userAttributes: { sub: common.userName, email: 'opd@blorakab.go.id', ...attributes },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: undefined },
      scopes: ['openid', 'email', 'profile'],
    },
    response: { claimsAndScopeOverrideDetails: null },
  } as unknown as PreTokenGenerationV2TriggerEvent;
}

const accessClaims = (event: PreTokenGenerationV2TriggerEvent) =>
  event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride ?? {};

describe('pre token generation (V2_0)', () => {
  it("adds an officer's custom:agencyId to the access token as agencyId, which the API reads", () => {
    const event = preTokenGeneration(preToken(['agency'], { 'custom:agencyId': 'dpupr' }));
    expect(accessClaims(event)).toEqual({ agencyId: 'dpupr' });
    // What API Gateway hands the function: Cognito's access-token claims plus the added one, flattened.
    const claims = { sub: common.userName, username: common.userName, 'cognito:groups': '[agency]', client_id: 'browser-client', token_use: 'access', ...accessClaims(event) };
    const principal = principalOf({ requestContext: { authorizer: { jwt: { claims, scopes: null } } } } as unknown as HttpEvent);
    expect(principal).toEqual({ kind: 'staff', userId: common.userName, roles: ['agency'], agencyId: 'dpupr' });
  });

  it('adds nothing for coordinators and auditors, even with a stale agency attribute', () => {
    expect(accessClaims(preTokenGeneration(preToken(['admin'], { 'custom:agencyId': 'dpupr' })))).toEqual({});
    expect(accessClaims(preTokenGeneration(preToken(['auditor'], {})))).toEqual({});
  });

  it('adds nothing for an officer without an agency: the API then refuses its agency routes', () => {
    expect(accessClaims(preTokenGeneration(preToken(['agency'], {})))).toEqual({});
  });
});

describe('post authentication', () => {
  const recorded: SignIn[] = [];
  const signIns: SignInLog = { record: async (s) => void recorded.push(s), activity: async () => ({ signIns: 0, users: 0 }) };
  const at = new Date('2026-12-03T02:00:00.000Z');

  it("records an officer's sign-in under its agency, and others without one", async () => {
    const event = (attributes: Record<string, string>) =>
      ({ ...common, triggerSource: 'PostAuthentication_Authentication', request: { userAttributes: attributes, newDeviceUsed: false }, response: {} }) as unknown as PostAuthenticationTriggerEvent;
    const returned = await postAuthentication(event({ 'custom:agencyId': 'dinkes' }), { signIns, now: () => at });
    expect(returned.userName).toBe(common.userName);
    await postAuthentication(event({}), { signIns, now: () => at });
    expect(recorded).toEqual([
      { userId: common.userName, role: 'agency', agencyId: 'dinkes', at: at.toISOString() },
      { userId: common.userName, at: at.toISOString() },
    ]);
  });
});
