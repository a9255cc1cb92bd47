// The three calls of Cognito's user API (cognito-idp, JSON 1.1 protocol) the console makes to set up
// TOTP, answered by the local issuer as Cognito answers them: the same targets, bodies and error
// types, so the web's code is the same against both. The caller is the user an access token names.

import type { JWTPayload } from 'jose';
import { COGNITO_ADMIN_SCOPE } from './cognito';
import { TotpSetupError, type LocalUserStore } from './user-store';

export const USER_API_CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const USER_CODE = /^[0-9]{6}$/;

export interface UserApiAnswer {
  status: number;
  body: Record<string, unknown>;
  /** The error type, also sent as x-amzn-errortype. */
  errorType?: string;
}

export interface UserApiContext {
  users: LocalUserStore;
  /** Signature, iss, exp and client of a token this issuer signed for the browser client; throws otherwise. */
  verify(token: string): Promise<JWTPayload>;
}

class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (type: string, message: string) => new CognitoError(type, message);

export async function userApiCall(target: string | undefined, contentType: string, body: Buffer, context: UserApiContext): Promise<UserApiAnswer> {
  try {
    return { status: 200, body: await dispatch(target, contentType, body, context) };
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    return { status: 400, body: { __type: error.type, message: error.message }, errorType: error.type };
  }
}

async function dispatch(target: string | undefined, contentType: string, raw: Buffer, context: UserApiContext): Promise<Record<string, unknown>> {
  const operation = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  if (operation !== 'AssociateSoftwareToken' && operation !== 'VerifySoftwareToken' && operation !== 'SetUserMFAPreference') {
    // Cognito's answer to a target it does not serve carries no message.
    throw fail('UnknownOperationException', '');
  }
  if (contentType !== USER_API_CONTENT_TYPE) throw fail('InvalidParameterException', `content-type must be ${USER_API_CONTENT_TYPE}`);
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    body = parsed as Record<string, unknown>;
  } catch {
    throw fail('InvalidParameterException', 'the body must be a JSON object');
  }
  // Cognito checks the request's shape before the token, so a malformed call never says NotAuthorized.
  const token = requiredString(body, 'AccessToken');
  const act = operations[operation](body);
  const userId = await caller(token, context);
  try {
    return act(context.users, userId);
  } catch (error) {
    if (error instanceof TotpSetupError) throw fail('InvalidParameterException', error.message);
    throw error;
  }
}

type Operation = (body: Record<string, unknown>) => (users: LocalUserStore, userId: string) => Record<string, unknown>;

/** Each operation checks its parameters, then returns what it does for the token's user. */
const operations: Record<'AssociateSoftwareToken' | 'VerifySoftwareToken' | 'SetUserMFAPreference', Operation> = {
  AssociateSoftwareToken: () => (users, userId) => ({ SecretCode: users.associateTotp(userId) }),
  VerifySoftwareToken: (body) => {
    const code = requiredString(body, 'UserCode');
    if (!USER_CODE.test(code)) throw fail('InvalidParameterException', 'UserCode must be 6 digits');
    if (body.FriendlyDeviceName !== undefined && typeof body.FriendlyDeviceName !== 'string') {
      throw fail('InvalidParameterException', 'FriendlyDeviceName must be a string');
    }
    return (users, userId) => {
      if (!users.verifyTotp(userId, code)) throw fail('EnableSoftwareTokenMFAException', 'Code mismatch');
      return { Status: 'SUCCESS' };
    };
  },
  SetUserMFAPreference: (body) => {
    const settings = body.SoftwareTokenMfaSettings;
    if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
      throw fail('InvalidParameterException', 'SoftwareTokenMfaSettings is required: {"Enabled": true, "PreferredMfa": true}');
    }
    const { Enabled: enabled, PreferredMfa: preferred } = settings as Record<string, unknown>;
    if (typeof enabled !== 'boolean') throw fail('InvalidParameterException', 'SoftwareTokenMfaSettings.Enabled must be true or false');
    if (preferred !== undefined && typeof preferred !== 'boolean') {
      throw fail('InvalidParameterException', 'SoftwareTokenMfaSettings.PreferredMfa must be true or false');
    }
    // TOTP is the only second factor here, so PreferredMfa changes nothing: when on, it is the one asked.
    return (users, userId) => {
      users.setTotpEnabled(userId, enabled);
      return {};
    };
  },
};

/** The user the access token names, refused as Cognito refuses it when the token cannot act for them. */
async function caller(token: string, context: UserApiContext): Promise<string> {
  let claims: JWTPayload;
  try {
    claims = await context.verify(token);
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw fail('NotAuthorizedException', expired ? 'Access Token has expired' : 'Invalid Access Token');
  }
  if (claims.token_use !== 'access' || typeof claims.sub !== 'string') throw fail('NotAuthorizedException', 'Invalid Access Token');
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.includes(COGNITO_ADMIN_SCOPE)) throw fail('NotAuthorizedException', 'Access Token does not have required scopes');
  const user = await context.users.get(claims.sub);
  if (!user) throw fail('NotAuthorizedException', 'Invalid Access Token');
  if (!user.enabled) throw fail('NotAuthorizedException', 'User is disabled.');
  return user.userId;
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) throw fail('InvalidParameterException', `${field} is required`);
  return value;
}
