// Signs a local account in the way the web app does (authorization code + PKCE against the
// issuer's /oauth2/authorize, /login, /login/mfa and /oauth2/token), step by step as a browser
// posts the forms, for tests that need the tokens a browser holds rather than minted ones.

import { createHash, randomBytes } from 'node:crypto';
import { BROWSER_SCOPES, LOCAL_BROWSER_CLIENT_ID } from '../../lib/local/cognito';
import { LOCAL_PASSWORD } from '../../lib/local/user-store';
import { browserClientUrls } from '../../lib/web-auth';
import { DEFAULT_WEB_URLS } from '../../lib/local/system';
import { totpCode } from './totp';

/** The issuer as these steps need it: where it answers. */
export interface IssuerAddress {
  url: string;
}

export const CALLBACK = browserClientUrls(DEFAULT_WEB_URLS).callbackUrls[0]!;
export const WEB = new URL(CALLBACK).origin;
/** What the console asks for: its own user's Cognito user API besides the OpenID scopes. */
export const CONSOLE_SCOPE = BROWSER_SCOPES.join(' ');

export interface BrowserTokens {
  access_token: string;
  id_token: string;
  refresh_token: string;
}

export function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export const authorizeParams = (challenge: string, scope = CONSOLE_SCOPE) =>
  new URLSearchParams({
    response_type: 'code',
    client_id: LOCAL_BROWSER_CLIENT_ID,
    redirect_uri: CALLBACK,
    state: 'keadaan-456',
    scope,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });

/** The hidden fields of a rendered form (the authorization request, and on the code page the pending sign-in). */
export const hiddenFields = (html: string): [string, string][] =>
  [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(([, name, value]) => [name, value.replace(/&amp;/g, '&')]);

export const postForm = (url: string, fields: [string, string][]) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields), redirect: 'manual' });

/** Opens the sign-in page and posts the password form it renders. */
export async function passwordStep(issuer: IssuerAddress, login: string, challenge: string, options: { scope?: string; password?: string } = {}): Promise<Response> {
  const page = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(challenge, options.scope)}`);
  if (page.status !== 200) throw new Error(`the sign-in page answered ${page.status}`);
  return postForm(`${issuer.url}/login`, [...hiddenFields(await page.text()), ['username', login], ['password', options.password ?? LOCAL_PASSWORD]]);
}

/** Posts the code page's form with a code. */
export const codeStep = (issuer: IssuerAddress, codePage: string, code: string) =>
  postForm(`${issuer.url}/login/mfa`, [...hiddenFields(codePage), ['totp_code', code]]);

export function codeOf(response: Response): string {
  if (response.status !== 302) throw new Error(`expected a redirect with a code, got ${response.status}`);
  const location = new URL(response.headers.get('location')!);
  if (`${location.origin}${location.pathname}` !== CALLBACK) throw new Error(`redirected elsewhere: ${location}`);
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`redirected without a code: ${location}`);
  return code;
}

export async function exchange(issuer: IssuerAddress, form: Record<string, string>): Promise<BrowserTokens> {
  const response = await fetch(`${issuer.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: LOCAL_BROWSER_CLIENT_ID, ...form }),
  });
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as BrowserTokens;
}

/** The whole sign-in; with a TOTP secret, the code step too. Throws "sign-in of <login> failed: <status>" when refused. */
export async function signIn(
  issuer: IssuerAddress,
  login: string,
  options: { scope?: string; password?: string; totpSecret?: string } = {},
): Promise<BrowserTokens> {
  const { verifier, challenge } = pkce();
  let response = await passwordStep(issuer, login, challenge, options);
  if (options.totpSecret !== undefined && response.status === 200) response = await codeStep(issuer, await response.text(), totpCode(options.totpSecret));
  if (response.status !== 302) throw new Error(`sign-in of ${login} failed: ${response.status}`);
  return exchange(issuer, { grant_type: 'authorization_code', code: codeOf(response), redirect_uri: CALLBACK, code_verifier: verifier });
}

export const browserSignIn = (issuerUrl: string, login: string, options: { password?: string; totpSecret?: string } = {}) =>
  signIn({ url: issuerUrl }, login, options);
