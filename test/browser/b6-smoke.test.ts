// B6 (`npm run bench`) in its tiny configuration on this run's stand-ins: the page weights and one
// Lighthouse run come back with the expected shape. No score or size is asserted here beyond
// "measured": the budget test checks sizes, and timing belongs to `npm run bench`.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { B6_SMOKE, runB6 } from '../../bench/b6-web';
import { formatTable, rows } from '../../bench/lib/report';
import { standInsFromEnv } from '../../bench/lib/stand-ins';

jest.setTimeout(240_000);
const workDir = mkdtempSync(join(tmpdir(), 'tuntas-b6-smoke-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

test('B6 measures citizen and console first loads and Lighthouse scores the citizen pages', async () => {
  const result = await runB6({ standIns: standInsFromEnv(), log: () => undefined, workDir, dropTables: true }, B6_SMOKE);
  expect(result.pages.map((p) => p.id)).toEqual(B6_SMOKE.pages);
  for (const page of result.pages) {
    expect(page.weight.totalBytes).toBeGreaterThan(page.weight.scriptBytes);
    expect(page.weight.scriptBytes).toBeGreaterThan(5 * 1024);
    expect(page.weight.types).toEqual(expect.arrayContaining(['document', 'script', 'fetch']));
    expect(typeof page.meetsBudget).toBe('boolean');
  }
  // A console page's first load includes the sign-in round trip: the token exchange with the issuer.
  const consolePage = result.pages.find((p) => p.audience === 'console')!;
  expect(consolePage.weight.origins).toHaveLength(3);
  for (const page of result.pages.filter((p) => p.audience === 'citizen')) {
    for (const score of [page.lighthouse!.performance, page.lighthouse!.accessibility, page.lighthouse!.bestPractices]) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
    }
    expect(page.lighthouse!.largestContentfulPaintMs).toBeGreaterThan(0);
  }
  expect(formatTable(rows({ b6: result }))).toMatch(/B6 +citizen \/lapor: Lighthouse mobile/);
});
