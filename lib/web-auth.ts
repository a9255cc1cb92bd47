// Where the browser app client may send staff back to, shared by the Cognito app client (the
// stack) and the local issuer, so the web has no local-only branch. No CDK imports.

/** The page of the web app that receives ?code=…&state=… after sign-in. */
export const WEB_CALLBACK_PATH = '/auth/callback';
/** Where the browser lands after /logout. */
export const WEB_SIGNED_OUT_PATH = '/';

export interface BrowserClientUrls {
  callbackUrls: string[];
  logoutUrls: string[];
}

/** Callback and sign-out URLs for each origin the web is served from (its URL, plus a development URL). */
export function browserClientUrls(webUrls: readonly string[]): BrowserClientUrls {
  const origins = [...new Set(webUrls.map((url) => url.replace(/\/+$/, '')))];
  return {
    callbackUrls: origins.map((origin) => `${origin}${WEB_CALLBACK_PATH}`),
    logoutUrls: origins.map((origin) => `${origin}${WEB_SIGNED_OUT_PATH}`),
  };
}
