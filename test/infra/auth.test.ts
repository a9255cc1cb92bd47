// Identity: staff log in through one app client, auditors get machine tokens through another,
// and nobody can sign up or give themselves another agency.

import { AGENCY_ID_ATTRIBUTE, REPORTS_READ_SCOPE, RESOURCE_SERVER_ID } from '../../lib/constructs/auth';
import { ROLES } from '../../functions/core/model';
import { refOf, refsIn, resourcesOfType, synth, type CfnResource, type CfnTemplate } from './synth';

let template: CfnTemplate;
beforeAll(() => {
  // With the optional client-credentials client (tuntas:auditorClient), so its settings are checked too.
  template = synth({ context: { 'tuntas:auditorClient': true } }).json;
});

const only = (type: string): [string, CfnResource] => {
  const found = resourcesOfType(template, type);
  expect(found).toHaveLength(1);
  return found[0];
};
const clients = () => resourcesOfType(template, 'AWS::Cognito::UserPoolClient');
const staffClient = () => clients().find(([, c]) => c.Properties.GenerateSecret === false)!;
const auditorClient = () => clients().find(([, c]) => c.Properties.GenerateSecret === true)!;

describe('the user pool', () => {
  it('admits only accounts created by an administrator', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect(pool.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
  });

  it('has a mutable custom agencyId attribute', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect(pool.Properties.Schema).toContainEqual(expect.objectContaining({ Name: AGENCY_ID_ATTRIBUTE, AttributeDataType: 'String', Mutable: true }));
  });

  it('enforces a strong password policy and offers TOTP MFA', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    const policy = pool.Properties.Policies.PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(policy).toMatchObject({ RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true });
    expect(pool.Properties.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  });

  it('is retained on update and delete (not on a failed create), with no hard-coded name', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect(pool.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(pool.UpdateReplacePolicy).toBe('Retain');
    // Protection from deletion comes with the go-live checklist (tuntas:deletionProtection).
    expect(pool.Properties.DeletionProtection).toBe('INACTIVE');
    expect(pool.Properties.UserPoolName).toBeUndefined();
  });

  it('has one group per role', () => {
    const groups = resourcesOfType(template, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName).sort();
    expect(groups).toEqual([...ROLES].sort());
  });
});

describe('the staff app client', () => {
  it('has no secret, allows SRP and password login, and no OAuth grants', () => {
    const [, client] = staffClient();
    expect(client.Properties.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH']));
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(client.Properties.AllowedOAuthFlows).toBeUndefined();
    expect(client.Properties.CallbackURLs).toBeUndefined();
  });

  it('does not let an officer change their own custom:agencyId', () => {
    const [, client] = staffClient();
    // Absent WriteAttributes would mean "all writable attributes", custom:agencyId included.
    expect(Array.isArray(client.Properties.WriteAttributes)).toBe(true);
    expect(client.Properties.WriteAttributes).not.toContain(`custom:${AGENCY_ID_ATTRIBUTE}`);
  });
});

describe('the auditor app client', () => {
  it('uses the client-credentials grant with a secret and only the tuntas/reports.read scope', () => {
    const [, client] = auditorClient();
    expect(client.Properties.GenerateSecret).toBe(true);
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.Properties.AllowedOAuthFlows).toEqual(['client_credentials']);
    const [scope] = client.Properties.AllowedOAuthScopes as unknown[];
    expect(client.Properties.AllowedOAuthScopes).toHaveLength(1);
    const [serverId] = only('AWS::Cognito::UserPoolResourceServer');
    expect(scope).toEqual({ 'Fn::Join': ['', [{ Ref: serverId }, `/${REPORTS_READ_SCOPE}`]] });
  });

  it('cannot be used for user sign-in', () => {
    const [, client] = auditorClient();
    expect(client.Properties.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it('the resource server is "tuntas" with the reports.read scope', () => {
    const [, server] = only('AWS::Cognito::UserPoolResourceServer');
    expect(server.Properties.Identifier).toBe(RESOURCE_SERVER_ID);
    expect(server.Properties.Scopes).toEqual([expect.objectContaining({ ScopeName: REPORTS_READ_SCOPE })]);
  });
});

describe('the domain and the outputs', () => {
  it('derives the domain prefix from the region and the stack id, not a literal', () => {
    const [, domain] = only('AWS::Cognito::UserPoolDomain');
    expect(refsIn(domain.Properties.Domain)).toContain('AWS::StackId');
    const [literal] = domain.Properties.Domain['Fn::Join'][1] as string[];
    expect(literal).toBe('tuntas-kabupaten-blora-');
  });

  it('exports the pool, both client ids and the token endpoint on the pool domain', () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    const [domainId] = only('AWS::Cognito::UserPoolDomain');
    expect(refOf(template.Outputs.UserPoolId.Value)).toBe(poolId);
    expect(refOf(template.Outputs.StaffClientId.Value)).toBe(staffClient()[0]);
    expect(refOf(template.Outputs.AuditorClientId.Value)).toBe(auditorClient()[0]);
    const token = template.Outputs.TokenEndpoint.Value as { 'Fn::Join': [string, unknown[]] };
    expect(refsIn(token)).toContain(domainId);
    const text = token['Fn::Join'][1].filter((p) => typeof p === 'string').join('');
    expect(text).toMatch(/^https:\/\/\.auth\.ap-southeast-3\.amazoncognito\.com\/oauth2\/token$/);
  });

  it('MFA, when a region requires it (context tuntas:mfa=required), is required for every account', () => {
    const { json } = synth({ context: { 'tuntas:mfa': 'required' } });
    const [, pool] = resourcesOfType(json, 'AWS::Cognito::UserPool')[0];
    expect(pool.Properties.MfaConfiguration).toBe('ON');
    expect(pool.Properties.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(() => synth({ context: { 'tuntas:mfa': 'sms' } })).toThrow(/tuntas:mfa must be one of optional, required/);
  });

  it('threat protection, when asked for, switches the pool to the Plus plan', () => {
    const { json } = synth({ context: { 'tuntas:threatProtection': 'audit' } });
    const [, pool] = resourcesOfType(json, 'AWS::Cognito::UserPool')[0];
    expect(pool.Properties.UserPoolTier).toBe('PLUS');
    expect(pool.Properties.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'AUDIT' });
    const [, defaultPool] = only('AWS::Cognito::UserPool');
    expect(defaultPool.Properties.UserPoolTier).toBe('ESSENTIALS');
  });
});
