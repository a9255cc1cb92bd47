// Cognito's user API, called with the signed-in user's own access token (scope
// aws.cognito.signin.user.admin), as Cognito's own browser SDKs do: the console sets up a
// coordinator's TOTP here. The local issuer answers the same three calls at the same kind of URL.
import { loadConfig } from '../config';
import { accessToken } from './session';

export class UserApiError extends Error {
  override name = 'UserApiError';
  /** Cognito's error type, e.g. EnableSoftwareTokenMFAException (a wrong code). */
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

async function call<T>(operation: string, input: Record<string, unknown>): Promise<T> {
  const [{ signIn }, token] = await Promise.all([loadConfig(), accessToken()]);
  if (!token) throw new UserApiError('NotAuthorizedException', 'signed out');
  const response = await fetch(`${signIn.userApiUrl}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify({ AccessToken: token, ...input }),
  });
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    // Cognito names the type in __type or x-amzn-errortype, sometimes as "namespace#Type:extra".
    const raw = String(answer.__type ?? response.headers.get('x-amzn-errortype') ?? 'UnknownError');
    throw new UserApiError(raw.split('#').pop()!.split(':')[0]!, String(answer.message ?? ''));
  }
  return answer as T;
}

/** A new TOTP secret (base32) for the user; it counts only once a code from it is verified. */
export async function associateSoftwareToken(): Promise<string> {
  return (await call<{ SecretCode: string }>('AssociateSoftwareToken', {})).SecretCode;
}

/** Proves the authenticator app holds the secret; false when the code does not match. */
export async function verifySoftwareToken(code: string, deviceName: string): Promise<boolean> {
  try {
    const { Status } = await call<{ Status?: string }>('VerifySoftwareToken', { UserCode: code, FriendlyDeviceName: deviceName });
    return Status === 'SUCCESS';
  } catch (error) {
    if (error instanceof UserApiError && (error.type === 'EnableSoftwareTokenMFAException' || error.type === 'CodeMismatchException')) return false;
    throw error;
  }
}

/** Turns TOTP on (and preferred) for every later sign-in. */
export async function enableSoftwareTokenMfa(): Promise<void> {
  await call('SetUserMFAPreference', { SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
}
