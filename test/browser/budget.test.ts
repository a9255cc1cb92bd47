// "Buat laporan" on a first load, by size (never by time): ≤ 150 KB transferred in all, JS ≤ 60 KB,
// and no request to any origin but the portal's and the API's.

import { startHarness, type Harness } from './browser';

jest.setTimeout(120_000);
let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.stop());

export const BUDGET = { totalBytes: 150 * 1024, scriptBytes: 60 * 1024 };

test('Buat laporan first load stays within the page-weight budget, from the portal and the API only', async () => {
  const { page } = await h.newPage();
  const loads: Array<{ url: string; type: string; bytes: Promise<number> }> = [];
  page.on('requestfinished', (request) => {
    loads.push({
      url: request.url(),
      type: request.resourceType(),
      bytes: request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize),
    });
  });
  await page.goto(`${h.web}/lapor`, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { name: 'Buat laporan', level: 1 }).waitFor();

  const origins = new Set(loads.map((l) => new URL(l.url).origin));
  expect([...origins].sort()).toEqual([new URL(h.system.apiUrl).origin, new URL(h.web).origin].sort());
  const sized = await Promise.all(loads.map(async (l) => ({ ...l, bytes: await l.bytes })));
  const total = sized.reduce((sum, l) => sum + l.bytes, 0);
  const scripts = sized.filter((l) => l.type === 'script').reduce((sum, l) => sum + l.bytes, 0);
  // Compressed on the wire: the JS is sent gzip-encoded, as CloudFront does.
  expect(scripts).toBeGreaterThan(5 * 1024);
  expect(scripts).toBeLessThanOrEqual(BUDGET.scriptBytes);
  expect(total).toBeLessThanOrEqual(BUDGET.totalBytes);
  expect(sized.map((l) => l.type)).toEqual(expect.arrayContaining(['document', 'script', 'stylesheet', 'fetch']));
});
