// One build serves every region: the API's address comes from config.json beside index.html,
// written by the local runtime or at deploy time from the stack's values.

export interface PortalConfig {
  apiUrl: string;
}

export async function loadConfig(): Promise<PortalConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = (await response.json()) as Partial<PortalConfig>;
  if (typeof config.apiUrl !== 'string') throw new Error('config.json has no apiUrl');
  return { apiUrl: config.apiUrl.replace(/\/+$/, '') };
}
