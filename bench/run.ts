// `npm run bench`: every benchmark against the local runtime's stand-ins, side by side in one run,
// a table on stdout and everything measured in bench/results.json (git-ignored). See bench/README.md.
//
//   npm run bench                          all of B1-B6 (about 10-15 minutes on a 2-core machine)
//   npm run bench -- --only b1,b3          some of them
//   npm run bench -- --smoke               the tiny configurations the test suite runs
//   npm run bench -- --b5-full-import      B5 writes the full 100,000-row file (about 30 minutes more)
//   npm run bench -- --b3-million          B3 at 10,000 and 1,000,000 dispositions (seeding 2M items takes long)
//   npm run bench -- --out path.json       results elsewhere
//
// Targets that are missed are reported (MISS), not failed: the exit code is 1 only when a
// benchmark could not run.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { B1_DEFAULTS, B1_SMOKE, runB1 } from './b1-cold-start';
import { B2_DEFAULTS, B2_SMOKE, runB2 } from './b2-api-overhead';
import { B3_DEFAULTS, B3_MILLION, B3_SMOKE, runB3 } from './b3-compliance-scale';
import { B4_DEFAULTS, B4_SMOKE, runB4 } from './b4-csv-export';
import { B5_DEFAULTS, B5_SMOKE, runB5 } from './b5-import';
import { B6_DEFAULTS, B6_SMOKE, runB6 } from './b6-web';
import { formatTable, rows, type Results } from './lib/report';
import { REPO_ROOT } from './lib/processes';
import { type BenchContext, deleteBenchTables, startStandIns } from './lib/stand-ins';

const ALL = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'] as const;
type BenchId = (typeof ALL)[number];

interface Args {
  only: BenchId[];
  smoke: boolean;
  fullImport: boolean;
  million: boolean;
  out: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { only: [...ALL], smoke: false, fullImport: false, million: false, out: resolve(REPO_ROOT, 'bench', 'results.json') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--smoke') args.smoke = true;
    else if (arg === '--b5-full-import') args.fullImport = true;
    else if (arg === '--b3-million') args.million = true;
    else if (arg.startsWith('--only')) {
      const ids = value().toLowerCase().split(',').map((s) => s.trim());
      const unknown = ids.filter((id) => !(ALL as readonly string[]).includes(id));
      if (unknown.length > 0) throw new Error(`--only: unknown benchmark(s) ${unknown.join(', ')}; expected ${ALL.join(', ')}`);
      args.only = ids as BenchId[];
    } else if (arg.startsWith('--out')) args.out = resolve(value());
    else throw new Error(`Unknown option ${arg}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', totalMemoryBytes: totalmem(), freeMemoryBytes: freemem(), loadAverageAtStart: loadavg(), node: process.version, platform: `${process.platform} ${process.arch}` };
  log(`Tuntas benchmarks: ${args.only.join(', ')}${args.smoke ? ' (smoke)' : ''}${args.million ? ' (B3 to a million)' : ''}; ${machine.cpus} CPUs, load ${machine.loadAverageAtStart.map((l) => l.toFixed(1)).join(' ')}`);

  const standIns = await startStandIns(log);
  const workDir = mkdtempSync(join(tmpdir(), 'tuntas-bench-'));
  const ctx: BenchContext = { standIns, log, workDir, dropTables: false };
  const results: Results = {};
  const errors: Record<string, string> = {};
  const durations: Record<string, number> = {};
  const want = (id: BenchId) => args.only.includes(id);
  const timed = async <T>(id: BenchId, work: () => Promise<T>): Promise<T | undefined> => {
    const t = Date.now();
    log(`── ${id.toUpperCase()} ──`);
    try {
      return await work();
    } catch (error) {
      errors[id] = (error as Error).stack ?? String(error);
      log(`${id.toUpperCase()} failed: ${errors[id]}`);
      return undefined;
    } finally {
      durations[id] = Math.round((Date.now() - t) / 1000);
    }
  };

  try {
    if (want('b1')) results.b1 = await timed('b1', () => runB1(ctx, args.smoke ? B1_SMOKE : B1_DEFAULTS));
    if (want('b2')) results.b2 = await timed('b2', () => runB2(ctx, args.smoke ? B2_SMOKE : B2_DEFAULTS));
    // B4 exports the largest B3 data set (100,000 complaints) instead of seeding its own.
    const reuse = want('b3') && want('b4') && !args.smoke && !args.million;
    const b3Options = args.smoke ? B3_SMOKE : args.million ? B3_MILLION : B3_DEFAULTS;
    if (want('b3')) results.b3 = await timed('b3', () => runB3(ctx, { ...b3Options, keepLargest: reuse }));
    if (want('b4')) {
      const dataset = reuse ? results.b3?.dataset : undefined;
      const options = args.smoke ? B4_SMOKE : B4_DEFAULTS;
      results.b4 = await timed('b4', () => runB4(ctx, options, dataset?.complaints === options.rows ? dataset : undefined));
      if (dataset) await deleteBenchTables(ctx, dataset.tables);
    } else if (results.b3?.dataset) {
      await deleteBenchTables(ctx, results.b3.dataset.tables);
    }
    if (want('b5')) {
      // The import on the store a fresh `npm start` has, not on one slowed by B2-B4's data.
      if (want('b3') || want('b4') || want('b2')) {
        log('B5: a fresh DynamoDB Local');
        await standIns.freshDynamoDb();
      }
      results.b5 = await timed('b5', () => runB5(ctx, { ...(args.smoke ? B5_SMOKE : B5_DEFAULTS), fullWrite: args.fullImport }));
    }
    if (want('b6')) results.b6 = await timed('b6', () => runB6(ctx, args.smoke ? B6_SMOKE : B6_DEFAULTS));
  } finally {
    await standIns.stop();
    rmSync(workDir, { recursive: true, force: true });
  }

  const table = rows(results);
  const totalSeconds = Math.round((Date.now() - started) / 1000);
  const report = {
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date().toISOString(),
    totalSeconds,
    secondsPerBenchmark: durations,
    mode: args.smoke ? 'smoke' : 'full',
    machine: { ...machine, loadAverageAtEnd: loadavg() },
    summary: table,
    results,
    ...(Object.keys(errors).length > 0 && { errors }),
  };
  writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${formatTable(table)}\n\n`);
  const missed = table.filter((row) => row.pass === false).length;
  process.stdout.write(
    `${table.filter((row) => row.pass !== undefined).length - missed} targets met, ${missed} missed; ` +
      `${totalSeconds} s in all (${Object.entries(durations).map(([id, s]) => `${id} ${s} s`).join(', ')}); results in ${args.out}\n`,
  );
  if (Object.keys(errors).length > 0) process.stdout.write(`Failed: ${Object.keys(errors).join(', ')} (details in the results file)\n`);
  return Object.keys(errors).length > 0 ? 1 : 0;
}

// Exit explicitly: an SDK keep-alive socket or a stand-in's timer must not hold the process open.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
