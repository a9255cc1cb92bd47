// A benchmark child process: the local runtime (lib/local/system.ts: the HTTP adapter serving the
// route table with the real handlers, and the token issuer) on free loopback ports, against the
// benchmark's stand-ins. Run as `node --import tsx bench/children/local-api.ts` so that its process
// id is the serving process (its RSS is what B4 measures, its CPU is apart from the load generator's).
//
// Input: BENCH_LOCAL_API (JSON, see LocalApiOptions). Output: one line "BENCH_READY <json>" on
// stdout once it serves. It stops when its stdin closes (the parent went away) or on SIGTERM.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_PATH, loadRegionConfig, type RegionConfig } from '../../lib/config';
import { runtimeInfoOf, writeRuntimeInfo } from '../../lib/local/runtime-file';
import { REPO_ROOT, startLocalSystem } from '../../lib/local/system';

export interface LocalApiOptions {
  dynamodbEndpoint: string;
  sesEndpoint: string;
  s3Endpoint: string;
  tablePrefix: string;
  filesBucket: string;
  /** Replaces config.limits (B2 raises the per-client submission limit). */
  limits?: RegionConfig['limits'];
  /** Writes the runtime file `npm start` writes, here (B5: `npm run import` reads it). */
  runtimeFile?: string;
  /**
   * Samples process.memoryUsage() every memorySampleMs (default 50) and, when it stops, writes the
   * samples here as JSON (B4: where the serving process's memory goes).
   */
  memorySampleFile?: string;
  memorySampleMs?: number;
  verbose?: boolean;
}

export interface LocalApiReady {
  pid: number;
  apiUrl: string;
  issuerUrl: string;
  adminToken: string;
  auditorToken: string;
  env: Record<string, string>;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_LOCAL_API ?? '{}') as LocalApiOptions;
  const base = loadRegionConfig(resolve(REPO_ROOT, DEFAULT_CONFIG_PATH));
  const config: RegionConfig = { ...base, ...(options.limits && { limits: options.limits }) };
  const log = options.verbose ? (line: string) => process.stderr.write(`[local-api] ${line}\n`) : undefined;
  const system = await startLocalSystem({
    config,
    dynamodb: { endpoint: options.dynamodbEndpoint },
    ses: { endpoint: options.sesEndpoint },
    s3: { endpoint: options.s3Endpoint },
    tablePrefix: options.tablePrefix,
    filesBucket: options.filesBucket,
    apiPort: 0,
    issuerPort: 0,
    runSchedules: false,
    ...(log && { log }),
  });
  if (options.runtimeFile) {
    writeRuntimeInfo(runtimeInfoOf(system, { regionName: config.regionName, timeZone: config.timeZone }), options.runtimeFile);
  }
  const ready: LocalApiReady = {
    pid: process.pid,
    apiUrl: system.apiUrl,
    issuerUrl: system.issuerUrl,
    adminToken: await system.tokenFor('admin'),
    auditorToken: await system.tokenFor('auditor'),
    env: system.env,
  };
  process.stdout.write(`BENCH_READY ${JSON.stringify(ready)}\n`);

  const samples: Array<{ t: number } & NodeJS.MemoryUsage> = [];
  const sampler = options.memorySampleFile
    ? setInterval(() => samples.push({ t: Date.now(), ...process.memoryUsage() }), options.memorySampleMs ?? 50)
    : undefined;

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (sampler) clearInterval(sampler);
    if (options.memorySampleFile) writeFileSync(options.memorySampleFile, JSON.stringify(samples));
    system.stop().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local-api child failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
