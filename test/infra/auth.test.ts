// Identity: staff log in through one app client, auditors get machine tokens through another,
// and nobody can sign up or give themselves another agency.

import { AGENCY_ID_ATTRIBUTE, REPORTS_READ_SCOPE, RESOURCE_SERVER_ID } from '../../lib/constructs/auth';
import { ROLES } from '../../functions/core/model';
import { functionStatements, refOf, refsIn, resourcesOfType, synth, type CfnResource, type CfnTemplate } from './synth';
import { FUNCTION_NAMES } from '../../lib/stack';

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
const staffClient = () => clients().find(([id, c]) => c.Properties.GenerateSecret === false && id.includes('StaffClient'))!;
const browserClient = () => clients().find(([id]) => id.includes('BrowserClient'))!;
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

describe("the consoles' browser app client", () => {
  it('is public (no secret) with only the authorization code grant, for the web URL and a development URL', () => {
    const { json } = synth({ context: { 'tuntas:webUrl': 'https://lapor.blorakab.go.id', 'tuntas:devWebUrl': 'http://localhost:5173' } });
    const [, client] = resourcesOfType(json, 'AWS::Cognito::UserPoolClient').find(([id]) => id.includes('BrowserClient'))!;
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    // aws.cognito.signin.user.admin: the console sets up a coordinator's TOTP with the access token.
    expect(client.Properties.AllowedOAuthScopes.sort()).toEqual(['aws.cognito.signin.user.admin', 'email', 'openid', 'profile']);
    expect(client.Properties.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.Properties.CallbackURLs).toEqual(['https://lapor.blorakab.go.id/auth/callback', 'http://localhost:5173/auth/callback']);
    expect(client.Properties.LogoutURLs).toEqual(['https://lapor.blorakab.go.id/', 'http://localhost:5173/']);
    expect(client.Properties.EnableTokenRevocation).toBe(true);
    expect(client.Properties.WriteAttributes).not.toContain(`custom:${AGENCY_ID_ATTRIBUTE}`);
  });

  it('refuses a web URL Cognito would refuse (http other than localhost)', () => {
    expect(() => synth({ context: { 'tuntas:webUrl': 'http://lapor.blorakab.go.id' } })).toThrow(/tuntas:webUrl/);
  });

  it('signs in through managed login (v2) with a branding style for the client', () => {
    const [, domain] = only('AWS::Cognito::UserPoolDomain');
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    const [, branding] = only('AWS::Cognito::ManagedLoginBranding');
    expect(refOf(branding.Properties.ClientId)).toBe(browserClient()[0]);
    expect(branding.Properties.UseCognitoProvidedValues).toBe(true);
    expect(refOf(template.Outputs.BrowserClientId.Value)).toBe(browserClient()[0]);
  });

  it("puts an officer's agency into the access token (pre token generation V2_0) and records sign-ins (post authentication)", () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    const config = pool.Properties.LambdaConfig;
    expect(config.PreTokenGenerationConfig.LambdaVersion).toBe('V2_0');
    const auth = resourcesOfType(template, 'AWS::Lambda::Function').find(([, fn]) => fn.Metadata?.['tuntas:entry'] === 'functions/handlers/auth.ts')!;
    expect(refsIn(config.PreTokenGenerationConfig.LambdaArn)).toContain(auth[0]);
    expect(refsIn(config.PostAuthentication)).toContain(auth[0]);
  });
});

describe('staff accounts', () => {
  it('only the admin function may manage users, on this pool only, and gets its id', () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    for (const name of FUNCTION_NAMES) {
      const cognito = functionStatements(template, name).filter((st) => [st.Action].flat().some((a) => String(a).startsWith('cognito-idp:')));
      if (name === 'auth') {
        // The pre-token trigger reads whether a coordinator has TOTP set up: one read, this pool.
        expect(cognito.map((st) => [[st.Action].flat(), refsIn(st.Resource)])).toEqual([[['cognito-idp:AdminGetUser'], [poolId]]]);
        continue;
      }
      if (name !== 'admin') {
        expect({ name, cognito }).toEqual({ name, cognito: [] });
        continue;
      }
      expect(cognito).toHaveLength(1);
      expect([cognito[0].Action].flat().sort()).toEqual(
        [
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminEnableUser',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminListGroupsForUser',
          'cognito-idp:AdminSetUserMFAPreference',
          'cognito-idp:AdminUpdateUserAttributes',
          'cognito-idp:AdminUserGlobalSignOut',
          'cognito-idp:ListUsersInGroup',
        ].sort(),
      );
      expect(refsIn(cognito[0].Resource)).toEqual([poolId]);
    }
    const admin = resourcesOfType(template, 'AWS::Lambda::Function').find(([, fn]) => fn.Metadata?.['tuntas:entry'] === 'functions/handlers/admin.ts')!;
    expect(refOf(admin[1].Properties.Environment.Variables.USER_POOL_ID)).toBe(poolId);
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
