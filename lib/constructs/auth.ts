// Staff and auditor identity: one Cognito user pool with role groups, a staff app client
// (username/password or SRP login, no secret: used from browsers and CLIs) and an auditor app
// client for machine-to-machine access (OAuth2 client credentials, read-only scope).

import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  ClientAttributes,
  FeaturePlan,
  LambdaVersion,
  ManagedLoginVersion,
  UserPoolClientIdentityProvider,
  UserPoolOperation,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
  UserPoolEmail,
  UserPoolResourceServer,
  VerificationEmailStyle,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../../functions/core/model';
import { cognitoDomainPrefix } from './naming';
import { browserClientUrls } from '../web-auth';
import { staffInvitationEmail } from '../../functions/core/emails';

/** The resource server identifier and scope auditors' tokens carry: "tuntas/reports.read". */
export const RESOURCE_SERVER_ID = 'tuntas';
export const REPORTS_READ_SCOPE = 'reports.read';
export const REPORTS_READ_SCOPE_FULL = `${RESOURCE_SERVER_ID}/${REPORTS_READ_SCOPE}`;
/** Custom attribute name as it appears in tokens ("custom:agencyId"). */
export const AGENCY_ID_ATTRIBUTE = 'agencyId';

/**
 * Threat protection (compromised credentials, adaptive authentication) needs the Cognito Plus
 * feature plan, billed per monthly active user with no free tier. Essentials, the default, is free
 * for the first 10,000 MAU, which a regional government's staff never reaches.
 */
export type ThreatProtection = 'off' | 'audit' | 'enforced';

/**
 * Staff MFA (TOTP). Coordinators (MFA_REQUIRED_ROLES) need it either way: the pre-token trigger
 * marks their tokens once they have set it up, and the API withholds the admin role until then.
 * 'optional' offers it to everyone else; 'required' makes every account set it up at first login.
 * A region's information-security policy decides (e.g. Perpres 95/2018 SPBE audits), not the
 * stack: required MFA needs every officer to have an authenticator app on a phone.
 */
export const MFA_MODES = ['optional', 'required'] as const;
export type MfaMode = (typeof MFA_MODES)[number];

export interface TuntasAuthProps {
  regionName: string;
  /**
   * Where the web app is served (the stack's WebUrl, plus a development URL from context): the
   * browser client's callback and sign-out URLs. Default: the local portal, http://localhost:3002.
   */
  webUrls?: readonly string[];
  threatProtection?: ThreatProtection;
  mfa?: MfaMode;
  /** See TuntasOptions.deletionProtection (lib/stack.ts). */
  deletionProtection?: boolean;
  /**
   * The client-credentials app client for auditors' machines (default true here; the stack makes
   * it a region option): Cognito prices machine-to-machine clients per client and month.
   */
  auditorClient?: boolean;
  /** How invitations and codes are mailed (TuntasOptions.cognitoEmail); Cognito's own sender when unset. */
  email?: UserPoolEmail;
}

export class TuntasAuth extends Construct {
  readonly userPool: UserPool;
  readonly staffClient: UserPoolClient;
  /** The staff consoles' client: managed login, authorization code + PKCE, no secret. */
  readonly browserClient: UserPoolClient;
  /** The client-credentials client for auditors' machines; only when the region asks (a monthly fixed price). */
  readonly auditorClient?: UserPoolClient;
  readonly domain: UserPoolDomain;
  /** https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token */
  readonly tokenEndpoint: string;

  constructor(scope: Construct, id: string, props: TuntasAuthProps) {
    super(scope, id);
    const threatProtection = props.threatProtection ?? 'off';
    const mfa = props.mfa ?? 'optional';
    // Cognito fills in its placeholders; the same words as the local issuer's invitation.
    const invitation = staffInvitationEmail({
      regionName: props.regionName,
      to: '',
      username: '{username}',
      password: '{####}',
      passwordNote: 'sementara, berlaku 3 hari, wajib diganti saat masuk pertama',
    });

    this.userPool = new UserPool(this, 'UserPool', {
      // Accounts are created by the coordinator (AdminCreateUser), never by self sign-up:
      // every staff account stands for an official of the region.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      signInCaseSensitive: false,
      customAttributes: {
        // Set by the coordinator for agency officers; the JWT then carries custom:agencyId.
        [AGENCY_ID_ATTRIBUTE]: new StringAttribute({ mutable: true, minLen: 2, maxLen: 63 }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      // TOTP MFA, optional or required by context (tuntas:mfa); SMS would need an SNS role and
      // per-message costs in Indonesia.
      mfa: mfa === 'required' ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      userInvitation: { emailSubject: invitation.subject, emailBody: invitation.text },
      userVerification: {
        emailSubject: `Kode verifikasi Tuntas ${props.regionName}`,
        emailBody: 'Kode verifikasi Anda: {####}',
        emailStyle: VerificationEmailStyle.CODE,
      },
      featurePlan: threatProtection === 'off' ? FeaturePlan.ESSENTIALS : FeaturePlan.PLUS,
      standardThreatProtectionMode:
        threatProtection === 'enforced'
          ? StandardThreatProtectionMode.FULL_FUNCTION
          : threatProtection === 'audit'
            ? StandardThreatProtectionMode.AUDIT_ONLY
            : undefined,
      deletionProtection: props.deletionProtection ?? false,
      ...(props.email && { email: props.email }),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    if (mfa === 'optional') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'Coordinators need TOTP whatever this setting: the API grants the admin role only to tokens marked by the ' +
          'pre-token trigger after the coordinator set TOTP up. Requiring it of every officer is the region\'s ' +
          'security-policy decision: context tuntas:mfa=required turns it on (and this acknowledgement off), but then ' +
          'every officer needs an authenticator app before the first login. Accounts are created only by the ' +
          'coordinator, and passwords need 12+ characters of all classes with a history of 5.',
      });
    }
    if (threatProtection === 'off') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection (compromised credentials, adaptive authentication) needs the Cognito Plus plan, billed per ' +
          'monthly active user with no free tier; the staff of one region fit the free Essentials plan. A region that ' +
          'wants it sets context tuntas:threatProtection=audit or enforced, which switches the pool to Plus.',
      });
    }

    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, {
        // The group name is what handlers read from cognito:groups: it is a role, not a resource name.
        groupName: role,
        description: `Tuntas role ${role}`,
      });
    }

    const reportsRead = new ResourceServerScope({
      scopeName: REPORTS_READ_SCOPE,
      scopeDescription: 'Read compliance (%TL) and complaint exports',
    });
    const resourceServer = new UserPoolResourceServer(this, 'ResourceServer', {
      userPool: this.userPool,
      identifier: RESOURCE_SERVER_ID,
      scopes: [reportsRead],
    });

    this.staffClient = this.userPool.addClient('StaffClient', {
      generateSecret: false,
      authFlows: { userSrp: true, userPassword: true },
      // No hosted-UI OAuth until there is a web front-end with real callback URLs; left on,
      // CDK would register implicit/code grants with https://example.com as the callback.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      // Staff must not change their own custom:agencyId (that would let an officer read another
      // agency's dispositions): only the coordinator can, through the admin API.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });

    if (props.auditorClient ?? true) {
      this.auditorClient = this.userPool.addClient('AuditorClient', {
        generateSecret: true,
        oAuth: {
          flows: { clientCredentials: true },
          scopes: [OAuthScope.resourceServer(resourceServer, reportsRead)],
        },
        // No user sign-in through this client: with every flow false CDK sends only
        // ALLOW_REFRESH_TOKEN_AUTH (harmless: client credentials issue no refresh tokens). An empty
        // object would instead leave Cognito's defaults, which include SRP and custom auth.
        authFlows: { userSrp: false, userPassword: false, custom: false },
        accessTokenValidity: Duration.hours(1),
        enableTokenRevocation: true,
      });
      this.auditorClient.node.addDependency(resourceServer);
    }

    // The consoles sign staff in through managed login with the authorization code grant; a
    // public client (no secret) in a browser, so the web sends a PKCE S256 challenge, which
    // Cognito checks at /oauth2/token. Tokens stay in the page's memory; the refresh token renews
    // them and /oauth2/revoke (token revocation on) ends them at sign-out.
    const urls = browserClientUrls(props.webUrls?.length ? props.webUrls : ['http://localhost:3002']);
    this.browserClient = this.userPool.addClient('BrowserClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        // aws.cognito.signin.user.admin lets the console call Cognito's user API with the access
        // token: a coordinator sets up TOTP there (AssociateSoftwareToken, VerifySoftwareToken,
        // SetUserMFAPreference). Attributes stay limited by writeAttributes below.
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE, OAuthScope.COGNITO_ADMIN],
        callbackUrls: urls.callbackUrls,
        logoutUrls: urls.logoutUrls,
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
    });

    // The token endpoint for client credentials and managed login live on the user pool domain.
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: cognitoDomainPrefix(props.regionName) },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login (v2) renders for a client only with a branding style; Cognito's own defaults.
    new CfnManagedLoginBranding(this, 'BrowserLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.browserClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    this.tokenEndpoint = `${this.domain.baseUrl()}/oauth2/token`;
  }

  /**
   * The user-pool triggers (functions/handlers/auth.ts): pre token generation V2_0 puts an
   * officer's custom:agencyId into the access token as `agencyId`, and `mfa: "totp"` into a
   * coordinator's tokens once TOTP is set up (access-token customization needs the Essentials
   * plan, the default); post authentication records each sign-in.
   */
  addTriggers(fn: IFunction): void {
    this.userPool.addTrigger(UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, LambdaVersion.V2_0);
    this.userPool.addTrigger(UserPoolOperation.POST_AUTHENTICATION, fn);
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only synchronously, by Cognito during sign-in and token renewal: a failure fails that sign-in (and ' +
        'raises the function Errors alarm); a dead-letter queue only ever receives asynchronous events.',
    });
  }

  /** The managed-login base URL: /oauth2/authorize, /oauth2/token, /logout. */
  get loginUrl(): string {
    return this.domain.baseUrl();
  }

  /** The issuer the HTTP API's JWT authorizer trusts: https://cognito-idp.<region>.amazonaws.com/<poolId>. */
  get issuerUrl(): string {
    return this.userPool.userPoolProviderUrl;
  }
}
