// What a first load of a web page costs on the wire: every response of the navigation and of the
// requests the page makes until the network is idle, compressed as sent (bodies + headers), by
// resource type and origin. Shared by the budget test (test/browser/budget.test.ts) and B6.

import type { Page } from 'playwright-core';

/** First-load budgets: issue 11 for the citizen pages (Buat laporan: JS ≤ 60 KB of 150 KB), issue 12 for the consoles. */
export const WEB_BUDGETS = {
  citizenFirstLoadBytes: 150 * 1024,
  citizenScriptBytes: 60 * 1024,
  consoleFirstLoadBytes: 300 * 1024,
};

export interface PageWeight {
  totalBytes: number;
  scriptBytes: number;
  styleBytes: number;
  documentBytes: number;
  /** API calls and the sign-in's token exchange. */
  fetchBytes: number;
  requests: number;
  origins: string[];
  types: string[];
}

/**
 * Loads `url` in `page` with the browser cache off and measures until `ready` resolves and the
 * network has been idle. Redirects on the way (a console's sign-in round trip) count too.
 */
export async function measureFirstLoad(page: Page, url: string, ready: (page: Page) => Promise<unknown>): Promise<PageWeight> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const loads: Array<{ url: string; type: string; bytes: Promise<number> }> = [];
  const onFinished = (request: import('playwright-core').Request) => {
    loads.push({
      url: request.url(),
      type: request.resourceType(),
      bytes: request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize),
    });
  };
  page.on('requestfinished', onFinished);
  try {
    await page.goto(url, { waitUntil: 'networkidle' });
    await ready(page);
    await page.waitForLoadState('networkidle');
  } finally {
    page.off('requestfinished', onFinished);
    await cdp.detach().catch(() => undefined);
  }
  const sized = await Promise.all(loads.map(async (l) => ({ ...l, bytes: await l.bytes })));
  const sum = (types: string[]) => sized.filter((l) => types.includes(l.type)).reduce((total, l) => total + l.bytes, 0);
  return {
    totalBytes: sized.reduce((total, l) => total + l.bytes, 0),
    scriptBytes: sum(['script']),
    styleBytes: sum(['stylesheet']),
    documentBytes: sum(['document']),
    fetchBytes: sum(['fetch', 'xhr']),
    requests: sized.length,
    origins: [...new Set(sized.map((l) => new URL(l.url).origin))].sort(),
    types: [...new Set(sized.map((l) => l.type))].sort(),
  };
}
