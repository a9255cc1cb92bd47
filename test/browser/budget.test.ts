// "Buat laporan" on a first load, by size (never by time): ≤ 150 KB transferred in all, JS ≤ 60 KB,
// and no request to any origin but the portal's and the API's. `npm run bench` (B6) reports the
// same measure for every page, with Lighthouse's scores.

import { measureFirstLoad, WEB_BUDGETS } from '../../bench/lib/page-weight';
import { startHarness, type Harness } from './browser';

jest.setTimeout(120_000);
let h: Harness;
beforeAll(async () => (h = await startHarness()));
afterAll(() => h?.stop());

test('Buat laporan first load stays within the page-weight budget, from the portal and the API only', async () => {
  const { page } = await h.newPage();
  const weight = await measureFirstLoad(page, `${h.web}/lapor`, (p) => p.getByRole('heading', { name: 'Buat laporan', level: 1 }).waitFor());
  process.stdout.write(`Buat laporan, first load: ${weight.totalBytes} B in ${weight.requests} requests (JS ${weight.scriptBytes} B, CSS ${weight.styleBytes} B)\n`);

  expect(weight.origins).toEqual([new URL(h.system.apiUrl).origin, new URL(h.web).origin].sort());
  // Compressed on the wire: the JS is sent gzip-encoded, as CloudFront does.
  expect(weight.scriptBytes).toBeGreaterThan(5 * 1024);
  expect(weight.scriptBytes).toBeLessThanOrEqual(WEB_BUDGETS.citizenScriptBytes);
  expect(weight.totalBytes).toBeLessThanOrEqual(WEB_BUDGETS.citizenFirstLoadBytes);
  expect(weight.types).toEqual(expect.arrayContaining(['document', 'script', 'stylesheet', 'fetch']));
});
