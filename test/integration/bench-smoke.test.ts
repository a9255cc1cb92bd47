// The benchmarks (bench/, `npm run bench`) in their tiny configurations, on the stand-ins of this
// jest run: proves the scripts run end to end and their results have the expected shape. No
// timing is asserted here — timing on a shared machine belongs to `npm run bench`, which reports
// ratios and medians against baselines measured in the same run.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { B1_SMOKE, runB1 } from '../../bench/b1-cold-start';
import { B2_SMOKE, runB2 } from '../../bench/b2-api-overhead';
import { B3_SMOKE, runB3 } from '../../bench/b3-compliance-scale';
import { B4_SMOKE, runB4 } from '../../bench/b4-csv-export';
import { B5_SMOKE, runB5 } from '../../bench/b5-import';
import { formatTable, rows } from '../../bench/lib/report';
import { type BenchContext, standInsFromEnv } from '../../bench/lib/stand-ins';

jest.setTimeout(120_000);

const workDir = mkdtempSync(join(tmpdir(), 'tuntas-bench-smoke-'));
const ctx: BenchContext = {
  standIns: standInsFromEnv(),
  log: process.env.TUNTAS_TEST_LOG ? (line) => process.stdout.write(`${line}\n`) : () => undefined,
  workDir,
  dropTables: true,
};
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** A number a table can show: present and finite. */
const finite = (value: unknown) => {
  expect(typeof value).toBe('number');
  expect(Number.isFinite(value)).toBe(true);
};
const positive = (value: unknown) => {
  finite(value);
  expect(value as number).toBeGreaterThan(0);
};

describe('bench smoke (shapes only, no timing)', () => {
  it('B1 bundles a handler as the stack does and times a cold start against bare node', async () => {
    const result = await runB1(ctx, B1_SMOKE);
    expect(result.esbuild.options).toMatchObject({ platform: 'node', format: 'cjs', minify: true, sourcemap: true });
    positive(result.medianBareNodeMs);
    // The floor: its own bundle, read the complaint item, timed in the same rounds.
    positive(result.floor.bundleBytes);
    positive(result.floor.medianColdStartMs);
    expect(result.floor.outcome).toBe('200');
    expect(result.floor.coldStartMs).toHaveLength(B1_SMOKE.repetitions);
    expect(result.handlers).toHaveLength(B1_SMOKE.handlers.length);
    for (const handler of result.handlers) {
      positive(handler.bundleBytes);
      positive(handler.medianColdStartMs);
      positive(handler.ratioToBareNode);
      positive(handler.ratioToFloor);
      finite(handler.breakdown.requireMs);
      finite(handler.breakdown.firstInvocationMs);
      expect(handler.composition.byPackage.length).toBeGreaterThan(0);
      expect(handler.outcome).toBe('200');
      expect(typeof handler.meetsBundleTarget).toBe('boolean');
      expect(typeof handler.meetsColdStartTarget).toBe('boolean');
    }
  });

  it('B2 measures the API and the raw store side by side', async () => {
    const result = await runB2(ctx, B2_SMOKE);
    for (const pair of [result.submit, result.read]) {
      for (const side of [pair.api, pair.raw]) {
        positive(side.requests);
        positive(side.throughputPerSecond);
        finite(side.p50Ms);
        finite(side.p99Ms);
      }
      positive(pair.apiToRawThroughput);
    }
    expect(result.submit.raw.operation).toMatch(/^TransactWriteItems/);
    positive(result.submit.rawPut.throughputPerSecond);
    positive(result.submit.apiToRawPutThroughput);
  });

  it('B3 runs the compliance job on two sizes with consistent counters and meters read capacity', async () => {
    const result = await runB3(ctx, B3_SMOKE);
    expect(result.sizes.map((s) => s.dispositions)).toEqual(B3_SMOKE.sizes);
    for (const size of result.sizes) {
      positive(size.medianMs);
      positive(size.medianReadCapacityUnits);
      expect(size.seedDrift).toBe(0);
      for (const run of size.runs) {
        expect(run.capacity.byOperation.QueryCommand?.unreported).toBe(0);
        expect(run.openDispositions).toBe(B3_SMOKE.pending);
        expect(run.warningsSent).toBe(result.failingAgencies);
      }
    }
    positive(result.readCapacityRatio);
    positive(result.timeRatio);
  });

  it('B4 exports every seeded complaint as CSV through the local API in a child process', async () => {
    const result = await runB4(ctx, B4_SMOKE);
    expect(result.rows).toBe(B4_SMOKE.rows);
    expect([200, 303]).toContain(result.status);
    positive(result.rowsPerSecond);
    positive(result.peakRssBytes);
    positive(result.idleRssBytes);
  });

  it('B5 imports a generated file with npm run import and reads its peak RSS', async () => {
    const result = await runB5(ctx, B5_SMOKE);
    expect(result.runs.map((r) => r.mode)).toEqual(['dry-run', 'write']);
    for (const run of result.runs) {
      expect(run.reported.rows).toBe(run.rows);
      expect(run.reported.imported).toBe(run.complaints);
      positive(run.rowsPerSecond);
      positive(run.peakRssBytes);
    }
    positive(result.storeTransactionCeiling?.throughputPerSecond);

    // The table the CLI prints can be made from these results.
    expect(formatTable(rows({ b5: result }))).toContain('B5');
  });
});
