// The browser's side of the local sign-in, step by step, for tests of the issuer over HTTP: the
// authorize page, the password form, the TOTP code form and the token exchange, as a browser posts them.

import { createHash, randomBytes } from 'node:crypto';
import { LOCAL_BROWSER_CLIENT_ID, type LocalIssuer } from '../../../lib/local/jwt-issuer';
import { LOCAL_PASSWORD } from '../../../lib/local/user-store';
import { totpCode } from '../../support/totp';

export const WEB = 'http://localhost:3002';
export const CALLBACK = `${WEB}/auth/callback`;
/** What the console asks for: its own user's Cognito user API besides the OpenID scopes. */
export const CONSOLE_SCOPE = 'openid email profile aws.cognito.signin.user.admin';

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
export async function passwordStep(issuer: LocalIssuer, login: string, challenge: string, scope = CONSOLE_SCOPE): Promise<Response> {
  const page = await fetch(`${issuer.url}/oauth2/authorize?${authorizeParams(challenge, scope)}`);
  if (page.status !== 200) throw new Error(`the sign-in page answered ${page.status}`);
  return postForm(`${issuer.url}/login`, [...hiddenFields(await page.text()), ['username', login], ['password', LOCAL_PASSWORD]]);
}

/** Posts the code page's form with a code. */
export const codeStep = (issuer: LocalIssuer, codePage: string, code: string) =>
  postForm(`${issuer.url}/login/mfa`, [...hiddenFields(codePage), ['totp_code', code]]);

export function codeOf(response: Response): string {
  if (response.status !== 302) throw new Error(`expected a redirect with a code, got ${response.status}`);
  const location = new URL(response.headers.get('location')!);
  if (`${location.origin}${location.pathname}` !== CALLBACK) throw new Error(`redirected elsewhere: ${location}`);
  return location.searchParams.get('code')!;
}

export async function exchange(issuer: LocalIssuer, form: Record<string, string>): Promise<BrowserTokens> {
  const response = await fetch(issuer.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: LOCAL_BROWSER_CLIENT_ID, ...form }),
  });
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as BrowserTokens;
}

/** The whole sign-in; with a TOTP secret, the code step too. */
export async function signIn(issuer: LocalIssuer, login: string, options: { scope?: string; totpSecret?: string } = {}): Promise<BrowserTokens> {
  const { verifier, challenge } = pkce();
  let response = await passwordStep(issuer, login, challenge, options.scope);
  if (options.totpSecret !== undefined) response = await codeStep(issuer, await response.text(), totpCode(options.totpSecret));
  return exchange(issuer, { grant_type: 'authorization_code', code: codeOf(response), redirect_uri: CALLBACK, code_verifier: verifier });
}
