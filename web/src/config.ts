// One build serves every region: the API's address and the staff sign-in come from config.json
// beside index.html, written by the local runtime or at deploy time from the stack's values
// (lib/web-headers.ts, webConfig).

export interface PortalConfig {
  apiUrl: string;
  /**
   * Managed login (Cognito) or the local issuer: /oauth2/authorize, /oauth2/token, /logout; and
   * Cognito's user API (or the issuer again) at userApiUrl, where a coordinator sets up TOTP.
   */
  signIn: { url: string; clientId: string; userApiUrl: string };
}

let loaded: Promise<PortalConfig> | undefined;

/** Read once per page load; the portal and the consoles share it. */
export function loadConfig(): Promise<PortalConfig> {
  loaded ??= fetchConfig().catch((error) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function fetchConfig(): Promise<PortalConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = (await response.json()) as Partial<PortalConfig>;
  if (typeof config.apiUrl !== 'string') throw new Error('config.json has no apiUrl');
  const signIn = config.signIn;
  if (typeof signIn?.url !== 'string' || typeof signIn.clientId !== 'string' || typeof signIn.userApiUrl !== 'string') {
    throw new Error('config.json has no signIn');
  }
  const trim = (url: string) => url.replace(/\/+$/, '');
  return { apiUrl: trim(config.apiUrl), signIn: { url: trim(signIn.url), clientId: signIn.clientId, userApiUrl: trim(signIn.userApiUrl) } };
}
