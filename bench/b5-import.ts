// B5 — the LAPOR! history import. Generated files (test/support/lapor-csv.ts: deterministic and
// realistic — several years, every status, multi-agency complaints, quoted text) go through
// `npm run import -- <file>` as a user runs it: a child process tree (npm → tsx → node
// bin/import.ts) against a running local system, found through the runtime file
// (TUNTAS_RUNTIME_FILE) as after `npm start`. Every Node process of the tree reports its own peak
// RSS at exit (VmHWM, hook loaded through NODE_OPTIONS); the import's is the
// figure. /proc is polled as well, as a cross-check.
//
// Two runs, because the import commits one transaction per complaint, never two at once on the
// same %TL counter item, so writing 100,000 rows takes about 30 minutes on DynamoDB Local:
//   - `--dry-run` over the full 100,000-row file: all three passes over the whole file (checks,
//     replay, existence reads), i.e. everything whose memory grows with the file;
//   - a writing import of a smaller generated file (default 2,000 rows): the commit pipeline,
//     whose memory is bounded (at most 2,000 planned complaints wait for writers);
// and the store's transaction ceiling (raw transactions, 16 in flight) just before the writing run.
// `fullWrite` (npm run bench -- --b5-full-import) writes the 100,000-row file instead.

import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { LOCAL_AWS_REGION, LOCAL_CREDENTIALS } from '../lib/local/dynamodb-local';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { writeLaporCsv } from '../test/support/lapor-csv';
import { closedLoop, type LoadStats } from './lib/load';
import { descendants, peakRssNodeOptions, procMemory, readExitRecords, REPO_ROOT, startLocalApi } from './lib/processes';
import { type BenchContext, benchPrefix, createBenchTables, deleteBenchTables } from './lib/stand-ins';
import { mib, round } from './lib/stats';

export interface B5Options {
  /** Rows of the full-size file (dry run, or the writing import with fullWrite). */
  rows: number;
  /** Rows of the file the writing import writes (ignored with fullWrite). */
  writeRows: number;
  fullWrite: boolean;
  /** Seconds of raw TransactWriteItems to measure the store's transaction ceiling (0: skip). */
  ceilingSeconds: number;
  /** /proc polling interval for the cross-check. */
  sampleEveryMs: number;
}

export const B5_DEFAULTS: B5Options = { rows: 100_000, writeRows: 2_000, fullWrite: false, ceilingSeconds: 5, sampleEveryMs: 200 };
export const B5_SMOKE: B5Options = { rows: 200, writeRows: 40, fullWrite: false, ceilingSeconds: 1, sampleEveryMs: 100 };

export const B5_TARGETS = { maxPeakRssBytes: 300 * 1024 * 1024 };

export interface ImportRun {
  mode: 'dry-run' | 'write';
  rows: number;
  complaints: number;
  fileBytes: number;
  generateMs: number;
  /** What the CLI printed. */
  reported: { rows?: number; imported?: number; alreadyPresent?: number; durationSeconds?: number; rowsPerSecond?: number; retried?: number };
  /** `npm run import` from spawn to exit (npm and tsx start-up included). */
  wallMs: number;
  rowsPerSecond: number;
  /** Peak RSS of the node process running bin/import.ts. */
  peakRssBytes: number;
  /** Highest VmHWM seen by polling the process tree (cross-check; may miss the last moments). */
  polledPeakRssBytes: number;
  /** Peak RSS of every Node process in the tree (npm, the tsx CLI, the import). */
  processes: Array<{ argv: string; maxRssBytes: number }>;
}

export interface B5Result {
  runs: ImportRun[];
  /** The writing run's rows/s. */
  writeRowsPerSecond: number;
  /** The dry run's rows/s over the full file (validation and replay, no writes). */
  dryRunRowsPerSecond: number;
  /** Complaints the writing run committed per second (one transaction each). */
  writeComplaintsPerSecond: number;
  /** Raw TransactWriteItems/s on the same DynamoDB Local at 16 in flight: the store's ceiling. */
  storeTransactionCeiling?: LoadStats;
  /** The full file written at the writing run's pace (when it was not written). */
  extrapolatedFullWriteSeconds?: number;
  peakRssBytes: number;
  meetsTarget: boolean;
  targets: typeof B5_TARGETS;
}

function parseSummary(output: string): ImportRun['reported'] {
  const number = (pattern: RegExp) => {
    const match = pattern.exec(output)?.[1];
    return match === undefined ? undefined : Number(match.replace(/,/g, ''));
  };
  const reported: ImportRun['reported'] = {};
  const put = <K extends keyof ImportRun['reported']>(key: K, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) reported[key] = value;
  };
  put('rows', number(/^\s*rows\s+([\d,]+)/m));
  put('imported', number(/^\s*(?:imported|would be imported)\s+([\d,]+)/m));
  put('alreadyPresent', number(/^\s*already present\s+([\d,]+)/m));
  put('durationSeconds', number(/^\s*duration\s+([\d.]+) s/m));
  put('rowsPerSecond', number(/\(([\d,]+) rows\/s\)/));
  put('retried', number(/^\s*retried commits\s+([\d,]+)/m));
  return reported;
}

async function importOnce(ctx: BenchContext, options: B5Options, mode: ImportRun['mode'], rows: number, runtimeFile: string): Promise<ImportRun> {
  const file = join(ctx.workDir, `lapor-${rows}.csv`);
  const generated = performance.now();
  const data = await writeLaporCsv(file, { rows, seed: 5 });
  const generateMs = performance.now() - generated;
  const fileBytes = statSync(file).size;
  ctx.log(`B5 generated ${data.rows} rows (${data.complaints} complaints, ${mib(fileBytes)} MiB) in ${(generateMs / 1000).toFixed(1)} s; npm run import${mode === 'dry-run' ? ' --dry-run' : ''}`);
  const exitFile = join(ctx.workDir, `b5-peak-rss-${mode}-${rows}.jsonl`);
  const started = performance.now();
  const child = spawn('npm', ['run', '-s', 'import', '--', file, ...(mode === 'dry-run' ? ['--dry-run'] : [])], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      TUNTAS_RUNTIME_FILE: runtimeFile,
      NODE_OPTIONS: peakRssNodeOptions(process.env.NODE_OPTIONS),
      BENCH_PEAK_RSS_FILE: exitFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-200_000)));
  let polledPeak = 0;
  const poll = setInterval(() => {
    for (const pid of descendants(child.pid!)) polledPeak = Math.max(polledPeak, procMemory(pid)?.peakRssBytes ?? 0);
  }, options.sampleEveryMs);
  const exitCode = await new Promise<number>((resolveExit, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolveExit(code ?? 1));
  });
  clearInterval(poll);
  const wallMs = performance.now() - started;
  if (exitCode !== 0) throw new Error(`npm run import exited with ${exitCode}:\n${output.slice(-4000)}`);
  const records = readExitRecords(exitFile);
  // The import itself: argv[1] is bin/import.ts (the tsx CLI's argv[1] is tsx's own script).
  const importProcess = records.find((r) => r.argv[0]?.endsWith('bin/import.ts'));
  const reported = parseSummary(output);
  const peakRssBytes = importProcess?.maxRssBytes ?? Number.NaN;
  ctx.log(`B5 ${mode}: ${reported.imported ?? '?'} complaints in ${(wallMs / 1000).toFixed(1)} s, peak RSS ${mib(peakRssBytes)} MiB`);
  return {
    mode,
    rows: reported.rows ?? data.rows,
    complaints: data.complaints,
    fileBytes,
    generateMs: round(generateMs, 0),
    reported,
    wallMs: round(wallMs, 0),
    rowsPerSecond: round(((reported.rows ?? data.rows) / wallMs) * 1000, 1),
    peakRssBytes,
    polledPeakRssBytes: polledPeak,
    processes: records.map((r) => ({ argv: r.argv.join(' ').replaceAll(REPO_ROOT, '.'), maxRssBytes: r.maxRssBytes })),
  };
}

/** Raw TransactWriteItems of six new items each (a complaint's state and history), 16 in flight. */
async function transactionCeiling(ctx: BenchContext, seconds: number): Promise<LoadStats> {
  const { tables } = await createBenchTables(ctx.standIns.dynamodbEndpoint, 'b5-ceiling');
  const client = new DynamoDBClient({ endpoint: ctx.standIns.dynamodbEndpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  let n = 0;
  try {
    return await closedLoop(16, seconds, async () => {
      const id = `CEIL-${process.pid}-${n++}`;
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: ['META', 'DISPOSITION#a', 'TIMELINE#1', 'TIMELINE#2', 'TIMELINE#3', 'TIMELINE#4'].map((sk) => ({
            Put: {
              TableName: tables.COMPLAINTS_TABLE,
              Item: marshall({ pk: `COMPLAINT#${id}`, sk, text: 'x'.repeat(200) }),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          })),
        }),
      );
    });
  } finally {
    client.destroy();
    await deleteBenchTables(ctx, tables);
  }
}

export async function runB5(ctx: BenchContext, options: B5Options = B5_DEFAULTS): Promise<B5Result> {
  const runtimeFile = join(ctx.workDir, 'b5-runtime.json');
  const system = await startLocalApi({
    dynamodbEndpoint: ctx.standIns.dynamodbEndpoint,
    sesEndpoint: ctx.standIns.sesEndpoint,
    s3Endpoint: ctx.standIns.s3Endpoint,
    tablePrefix: benchPrefix('b5'),
    filesBucket: benchPrefix('b5-files').slice(0, 60),
    runtimeFile,
  });
  try {
    const runs: ImportRun[] = [];
    if (!options.fullWrite) runs.push(await importOnce(ctx, options, 'dry-run', options.rows, runtimeFile));
    // The ceiling before the writing run: on a store not yet slowed by that run's stream records.
    let ceiling: LoadStats | undefined;
    if (options.ceilingSeconds > 0) {
      ctx.log(`B5 store ceiling: raw TransactWriteItems, ${options.ceilingSeconds} s x 16`);
      ceiling = await transactionCeiling(ctx, options.ceilingSeconds);
    }
    runs.push(await importOnce(ctx, options, 'write', options.fullWrite ? options.rows : options.writeRows, runtimeFile));
    const write = runs.find((r) => r.mode === 'write')!;
    const dry = runs.find((r) => r.mode === 'dry-run');
    const peakRssBytes = Math.max(...runs.map((r) => r.peakRssBytes));
    return {
      runs,
      writeRowsPerSecond: write.rowsPerSecond,
      dryRunRowsPerSecond: dry?.rowsPerSecond ?? Number.NaN,
      writeComplaintsPerSecond: round(((write.reported.imported ?? write.complaints) / write.wallMs) * 1000, 1),
      ...(ceiling && { storeTransactionCeiling: ceiling }),
      ...(!options.fullWrite && { extrapolatedFullWriteSeconds: round(options.rows / write.rowsPerSecond, 0) }),
      peakRssBytes,
      meetsTarget: peakRssBytes <= B5_TARGETS.maxPeakRssBytes,
      targets: B5_TARGETS,
    };
  } finally {
    await system.stop();
    const tables = Object.fromEntries(Object.entries(system.ready.env).filter(([name]) => name.endsWith('_TABLE')));
    await deleteBenchTables(ctx, tables);
  }
}
