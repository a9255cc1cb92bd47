// The user-pool triggers: the access token a browser holds carries an officer's agency and a
// coordinator's TOTP set-up, and every sign-in is recorded, with the event shapes Cognito sends.

import type { PostAuthenticationTriggerEvent, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { postAuthentication, preTokenGeneration } from '../../../functions/handlers/auth';
import { authorize } from '../../../functions/core/access';
import { principalOf } from '../../../functions/http/principal';
import type { HttpEvent } from '../../../functions/http/types';
import type { MfaSettings, SignIn, SignInLog } from '../../../functions/ports/staff';

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
const idClaims = (event: PreTokenGenerationV2TriggerEvent) =>
  event.response.claimsAndScopeOverrideDetails?.idTokenGeneration?.claimsToAddOrOverride ?? {};

/** The directory's answer, and whom it was asked about (a read per sign-in costs latency). */
function mfaSettings(withTotp: readonly string[]): MfaSettings & { asked: string[] } {
  const asked: string[] = [];
  return { asked, totpEnabled: async (userId) => (asked.push(userId), withTotp.includes(userId)) };
}
const noTotp = mfaSettings([]);

/** The principal the API builds from an access token with these groups and the trigger's claims. */
const principalFrom = (groups: string, added: Record<string, unknown>) =>
  principalOf({
    requestContext: {
      authorizer: {
        jwt: {
          claims: { sub: common.userName, username: common.userName, 'cognito:groups': groups, client_id: 'browser-client', token_use: 'access', ...added },
          scopes: null,
        },
      },
    },
  } as unknown as HttpEvent);

describe('pre token generation (V2_0)', () => {
  it("adds an officer's custom:agencyId to the access token as agencyId, which the API reads", async () => {
    const mfa = mfaSettings([]);
    const event = await preTokenGeneration(preToken(['agency'], { 'custom:agencyId': 'dpupr' }), mfa);
    expect(accessClaims(event)).toEqual({ agencyId: 'dpupr' });
    // What API Gateway hands the function: Cognito's access-token claims plus the added one, flattened.
    expect(principalFrom('[agency]', accessClaims(event))).toEqual({ kind: 'staff', userId: common.userName, roles: ['agency'], agencyId: 'dpupr' });
    // Officers need no second factor: their sign-ins never wait for a directory read.
    expect(mfa.asked).toEqual([]);
  });

  it('adds no agency for coordinators and auditors, even with a stale agency attribute', async () => {
    expect(accessClaims(await preTokenGeneration(preToken(['admin'], { 'custom:agencyId': 'dpupr' }), noTotp))).toEqual({});
    expect(accessClaims(await preTokenGeneration(preToken(['auditor'], {}), noTotp))).toEqual({});
  });

  it('adds nothing for an officer without an agency: the API then refuses its agency routes', async () => {
    expect(accessClaims(await preTokenGeneration(preToken(['agency'], {}), noTotp))).toEqual({});
  });

  it('marks both tokens of a coordinator with TOTP set up, and the API then grants the admin role', async () => {
    const mfa = mfaSettings([common.userName]);
    const event = await preTokenGeneration(preToken(['admin'], {}), mfa);
    expect(mfa.asked).toEqual([common.userName]);
    expect(accessClaims(event)).toEqual({ mfa: 'totp' });
    expect(idClaims(event)).toEqual({ mfa: 'totp' });
    const principal = principalFrom('[admin]', accessClaims(event));
    expect(principal).toEqual({ kind: 'staff', userId: common.userName, roles: ['admin'] });
    expect(() => authorize(principal, ['admin'])).not.toThrow();
  });

  it('leaves a coordinator without TOTP unmarked: admin routes answer MFA_REQUIRED, others stay as they were', async () => {
    const event = await preTokenGeneration(preToken(['admin'], {}), mfaSettings(['someone-else']));
    expect(accessClaims(event)).toEqual({});
    expect(idClaims(event)).toEqual({});
    const principal = principalFrom('[admin]', accessClaims(event));
    expect(principal).toEqual({ kind: 'staff', userId: common.userName, roles: [], rolesAwaitingMfa: ['admin'] });
    expect(() => authorize(principal, ['admin'])).toThrow(expect.objectContaining({ code: 'MFA_REQUIRED' }));
    expect(() => authorize(principal, ['agency'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    // A claim the user could name themselves would not do: only the exact value counts.
    expect(principalFrom('[admin]', { mfa: 'sms' })).toMatchObject({ roles: [], rolesAwaitingMfa: ['admin'] });
  });

  it('fails the sign-in when the directory cannot answer, rather than issue a token without the check', async () => {
    const broken: MfaSettings = { totpEnabled: async () => Promise.reject(new Error('ThrottlingException')) };
    await expect(preTokenGeneration(preToken(['admin'], {}), broken)).rejects.toThrow('ThrottlingException');
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
