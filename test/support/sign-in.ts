// Signs a local account in the way the web app does (authorization code + PKCE against the
// issuer's /oauth2/authorize, /login and /oauth2/token), for tests that need the tokens a browser
// holds rather than minted ones.

import { createHash, randomBytes } from 'node:crypto';
import { LOCAL_BROWSER_CLIENT_ID } from '../../lib/local/cognito';
import { LOCAL_PASSWORD } from '../../lib/local/user-store';
import { browserClientUrls } from '../../lib/web-auth';
import { DEFAULT_WEB_URLS } from '../../lib/local/system';

export interface BrowserTokens {
  access_token: string;
  id_token: string;
  refresh_token: string;
}

export async function browserSignIn(issuerUrl: string, login: string, password = LOCAL_PASSWORD): Promise<BrowserTokens> {
  const redirectUri = browserClientUrls(DEFAULT_WEB_URLS).callbackUrls[0];
  const verifier = randomBytes(32).toString('base64url');
  const form = new URLSearchParams({
    response_type: 'code',
    client_id: LOCAL_BROWSER_CLIENT_ID,
    redirect_uri: redirectUri,
    state: randomBytes(8).toString('hex'),
    scope: 'openid email profile',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    username: login,
    password,
  });
  const signedIn = await fetch(`${issuerUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
  if (signedIn.status !== 302) throw new Error(`sign-in of ${login} failed: ${signedIn.status}`);
  const code = new URL(signedIn.headers.get('location')!).searchParams.get('code');
  if (!code) throw new Error(`sign-in of ${login} returned no code: ${signedIn.headers.get('location')}`);
  const response = await fetch(`${issuerUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: LOCAL_BROWSER_CLIENT_ID, code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  if (response.status !== 200) throw new Error(`token exchange for ${login} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as BrowserTokens;
}
