// The portal's security headers, one definition for CloudFront's response-headers policy and the
// local web server: a strict CSP (no inline script or style, no eval), only the portal's own
// origin plus the API, the files bucket (uploads and evidence photos) and the staff sign-in's token
// endpoint (the consoles exchange the authorization code and renew tokens there).

export interface WebOrigins {
  /** The HTTP API's origin, e.g. https://abc.execute-api.ap-southeast-3.amazonaws.com */
  api: string;
  /** Where presigned upload/download URLs point (the files bucket's endpoint). */
  files: string;
  /** The sign-in (managed login or the local issuer) origin: /oauth2/token and /oauth2/revoke. */
  signIn: string;
  /** Cognito's user API (or the local issuer), where a signed-in coordinator sets up TOTP. */
  userApi: string;
}

export function contentSecurityPolicy(origins: WebOrigins): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob: ${origins.files}`,
    `connect-src ${[...new Set(["'self'", origins.api, origins.files, origins.signIn, origins.userApi])].join(' ')}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** What every portal response carries (HSTS is added by CloudFront only: localhost has no TLS). */
export function webSecurityHeaders(origins: WebOrigins): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(origins),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(self)',
  };
}

/** Hashed build assets never change: a year. index.html and config.json: always revalidate. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';
export const WEB_ASSETS_PREFIX = 'assets/';

/** Where the consoles send staff to sign in: /oauth2/authorize, /oauth2/token, /logout live under url. */
export interface WebSignIn {
  url: string;
  clientId: string;
  /**
   * Cognito's user API (https://cognito-idp.<region>.amazonaws.com), or the local issuer, which
   * answers the same calls: AssociateSoftwareToken, VerifySoftwareToken and SetUserMFAPreference
   * with the signed-in user's access token, to set up TOTP.
   */
  userApiUrl: string;
}

/** Cognito's user API in an AWS region: the endpoint the web calls with a user's access token. */
export function cognitoUserApiUrl(region: string): string {
  return `https://cognito-idp.${region}.amazonaws.com`;
}

/** config.json beside index.html: one build serves every region (web/src/config.ts reads it). */
export function webConfig(apiUrl: string, signIn: WebSignIn): { apiUrl: string; signIn: WebSignIn } {
  return { apiUrl, signIn };
}
