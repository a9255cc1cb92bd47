// B4 — CSV export of 100,000 complaints through `GET /reports/complaints?format=csv`, served by
// the local runtime's HTTP adapter and the real reports handler in a CHILD process, so the memory
// measured is the serving process's own: its VmRSS is sampled during the request and its VmHWM
// (the kernel's peak) read at the end. A CSV over 5 MB goes to S3 (s3rver) as a multipart upload
// and the API answers 303 with a presigned link; the benchmark follows it and counts the rows.
// rows/s is end to end: request sent → last byte of the file downloaded.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { createDocumentClient } from '../functions/adapters/dynamodb/client';
import { calendarFor } from '../functions/core/calendar';
import type { Agency } from '../functions/core/model';
import { periodsOf } from '../functions/core/periods';
import { DEFAULT_CONFIG_PATH, loadRegionConfig, toRegionSettings } from '../lib/config';
import { resolve } from 'node:path';
import { auditorClaims, bundleHandler, httpEvent } from './b1-cold-start';
import { REPO_ROOT, startLocalApi } from './lib/processes';
import { BatchWriter, baseComplaint, dispositionedComplaint, itemMappers, prng, trackingIdFor } from './lib/seed';
import { type BenchContext, benchPrefix, createBenchTables, deleteBenchTables } from './lib/stand-ins';
import { median, mib, round } from './lib/stats';

export interface B4Dataset {
  prefix: string;
  tables: Record<string, string>;
  complaints: number;
  /** Local dates (YYYY-MM-DD) covering every submission. */
  from: string;
  to: string;
}

export interface B4Options {
  /** Complaints to seed (ignored when a data set is handed over). */
  rows: number;
  /** Also serve the export from the reports function's production bundle (diagnostic). */
  bundle: boolean;
  seedConcurrency: number;
  /** RSS samples of the serving process, every this many ms. */
  sampleEveryMs: number;
  /** Exports (each in a fresh child process); the median peak is the figure. */
  repetitions: number;
}

export const B4_DEFAULTS: B4Options = { rows: 100_000, bundle: true, seedConcurrency: 16, sampleEveryMs: 50, repetitions: 3 };
export const B4_SMOKE: B4Options = { rows: 300, bundle: false, seedConcurrency: 8, sampleEveryMs: 50, repetitions: 1 };

export const B4_TARGETS = { maxPeakRssBytes: 200 * 1024 * 1024 };

export interface MemorySample {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface B4Result {
  rows: number;
  expectedRows: number;
  /** 303 (link to S3) or 200 (inline). */
  status: number;
  csvBytes: number;
  /** Medians over the repetitions. Request sent → 303 (or the inline body) received: the handler's work. */
  serverMs: number;
  /** Following the link: the download from S3 local. */
  downloadMs: number;
  totalMs: number;
  rowsPerSecond: number;
  /** Serving process: RSS once idle before the request, peak over its life (VmHWM), max sampled RSS during the request. */
  idleRssBytes: number;
  peakRssBeforeRequestBytes: number;
  peakRssBytes: number;
  /** Every repetition's peak (the figure is their median). */
  peakRssSamplesBytes: number[];
  maxSampledRssDuringRequestBytes: number;
  /**
   * Where the memory is (process.memoryUsage() sampled inside the serving process): at its idle
   * start, and at the sample with the highest RSS during the request. heapUsed/heapTotal are V8's
   * JS heap; external and arrayBuffers are Buffers and other memory outside it.
   */
  memory?: { idle: MemorySample; atPeak: MemorySample; maxHeapUsedBytes: number; maxArrayBuffersBytes: number };
  /**
   * Diagnostic: the same export served by the reports function's production bundle (built as the
   * stack builds it) in a fresh node process, as Lambda would run it: no local runtime, no tsx.
   */
  bundle?: { status: number; rows?: number; ms: number; rssAfterLoadBytes: number; peakRssBytes: number; atPeak: MemorySample; peakRssSamplesBytes?: number[] };
  seed?: { items: number; ms: number };
  meetsTarget: boolean;
  targets: typeof B4_TARGETS;
}

function memoryBreakdown(file: string, from: number, to: number): B4Result['memory'] {
  let samples: Array<{ t: number } & MemorySample>;
  try {
    samples = JSON.parse(readFileSync(file, 'utf8')) as typeof samples;
  } catch {
    return undefined;
  }
  const pick = ({ rss, heapTotal, heapUsed, external, arrayBuffers }: MemorySample): MemorySample => ({ rss, heapTotal, heapUsed, external, arrayBuffers });
  const before = samples.filter((s) => s.t < from);
  const during = samples.filter((s) => s.t >= from && s.t <= to);
  if (before.length === 0 || during.length === 0) return undefined;
  const peak = during.reduce((a, b) => (b.rss > a.rss ? b : a));
  return {
    idle: pick(before.at(-1)!),
    atPeak: pick(peak),
    maxHeapUsedBytes: Math.max(...during.map((s) => s.heapUsed)),
    maxArrayBuffersBytes: Math.max(...during.map((s) => s.arrayBuffers)),
  };
}

/** Loads the reports bundle, invokes the export once, reports its memory; Lambda-like (see B1). */
const BUNDLE_SCRIPT = `
const { handler } = require(process.env.BENCH_BUNDLE);
const rssAfterLoad = process.memoryUsage().rss;
let atPeak = process.memoryUsage();
const sampler = setInterval(() => { const m = process.memoryUsage(); if (m.rss > atPeak.rss) atPeak = m; }, 50);
const started = performance.now();
handler(JSON.parse(process.env.BENCH_EVENT), { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 29000 }).then((result) => {
  clearInterval(sampler);
  const body = result.statusCode === 303 ? JSON.parse(result.body) : undefined;
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = atPeak;
  const report = { status: result.statusCode, rows: body && body.rows, ms: performance.now() - started, rssAfterLoadBytes: rssAfterLoad, peakRssBytes: Number(/^VmHWM:\\s+(\\d+) kB/m.exec(require('fs').readFileSync('/proc/self/status', 'utf8'))[1]) * 1024, atPeak: { rss, heapTotal, heapUsed, external, arrayBuffers } };
  process.stdout.write('\\nBENCH_RESULT ' + JSON.stringify(report) + '\\n');
  process.exit(0);
}, (error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
`;

async function exportFromBundle(ctx: BenchContext, data: B4Dataset, env: Record<string, string>): Promise<NonNullable<B4Result['bundle']>> {
  const { outfile } = await bundleHandler('reports', join(ctx.workDir, 'b4-bundle'));
  const event = httpEvent('GET', `/reports/complaints?format=csv&from=${data.from}&to=${data.to}`, auditorClaims());
  const child = spawn(process.execPath, ['-e', BUNDLE_SCRIPT], {
    env: {
      PATH: process.env.PATH ?? '',
      ...env,
      NODE_OPTIONS: '--enable-source-maps',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      BENCH_BUNDLE: outfile,
      BENCH_EVENT: JSON.stringify(event),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const code = await new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  const line = /^BENCH_RESULT (.*)$/m.exec(stdout)?.[1];
  if (code !== 0 || !line) throw new Error(`B4 bundle export failed (exit ${code}): ${stderr}`);
  const report = JSON.parse(line) as NonNullable<B4Result['bundle']>;
  return { ...report, ms: round(report.ms, 0) };
}

async function seedComplaints(ctx: BenchContext, options: B4Options): Promise<B4Dataset & { seedMs: number; items: number }> {
  const started = performance.now();
  const config = loadRegionConfig(resolve(REPO_ROOT, DEFAULT_CONFIG_PATH));
  const settings = toRegionSettings(config);
  const calendar = calendarFor(settings);
  const { prefix, tables, complete } = await createBenchTables(ctx.standIns.dynamodbEndpoint, 'b4', { bulkLoad: true });
  const client = createDocumentClient({ endpoint: ctx.standIns.dynamodbEndpoint });
  const writer = new BatchWriter(client, options.seedConcurrency);
  const mappers = itemMappers({ complaints: tables.COMPLAINTS_TABLE!, agencies: tables.AGENCIES_TABLE! });
  const now = Date.now();
  const yearStart = Date.parse(`${periodsOf(new Date(now), settings.timeZone).year}-01-05T00:00:00+07:00`);
  const agencies: Agency[] = config.agencies.map((a) => ({ ...a, emails: [...a.emails], updatedAt: new Date(now).toISOString() }));
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (let i = 0; i < options.rows; i++) {
    const rng = prng(4_000_003 + i);
    const submittedAt = new Date(yearStart + Math.floor(rng.next() * Math.max(1, now - 3 * 86_400_000 - yearStart)));
    first = Math.min(first, submittedAt.getTime());
    last = Math.max(last, submittedAt.getTime());
    const complaint = baseComplaint(rng, {
      trackingId: trackingIdFor(config.trackingPrefix, i),
      submittedAt,
      calendar,
      verificationWorkingDays: settings.verificationWorkingDays,
    });
    // Most are dispositioned (half of those completed); the rest still wait for verification.
    if (rng.chance(0.15)) {
      await writer.push(tables.COMPLAINTS_TABLE!, mappers.complaint(complaint));
      continue;
    }
    const pair = dispositionedComplaint(complaint, {
      agency: rng.pick(agencies),
      dispositionedAt: new Date(submittedAt.getTime() + rng.int(1, 48) * 3_600_000),
      followUpWorkingDays: settings.followUpWorkingDays,
      ...(rng.chance(0.5) && { completedAfterHours: rng.int(2, 200) }),
      calendar,
    });
    await writer.push(tables.COMPLAINTS_TABLE!, mappers.complaint(pair.complaint));
    await writer.push(tables.COMPLAINTS_TABLE!, mappers.disposition(pair.disposition));
  }
  const stats = await writer.flush();
  client.destroy();
  await complete();
  return {
    prefix,
    tables,
    complaints: options.rows,
    from: calendar.localDate(new Date(first)),
    to: calendar.localDate(new Date(last)),
    seedMs: performance.now() - started,
    items: stats.items,
  };
}

/** Streams a GET and counts CSV records (a line break outside quotes ends one): the file is never held. */
function countCsv(url: string, headers: Record<string, string> = {}): Promise<{ status: number; location?: string; body?: string; records: number; bytes: number }> {
  return new Promise((resolveCount, reject) => {
    const req = httpRequest(url, { method: 'GET', headers }, (response) => {
      const status = response.statusCode ?? 0;
      const type = String(response.headers['content-type'] ?? '');
      let records = 0;
      let bytes = 0;
      let quoted = false;
      let sawData = false;
      let json = '';
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (!type.includes('csv') && status !== 200) {
          json += chunk.toString('utf8');
          return;
        }
        for (let i = 0; i < chunk.length; i++) {
          const byte = chunk[i]!;
          if (byte === 0x22) quoted = !quoted;
          else if (byte === 0x0a && !quoted) records++;
          sawData = true;
        }
      });
      response.on('end', () => {
        const location = response.headers.location;
        resolveCount({ status, ...(location && { location }), ...(json && { body: json }), records: sawData ? records : 0, bytes });
      });
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface ExportRun {
  status: number;
  rows: number;
  csvBytes: number;
  serverMs: number;
  downloadMs: number;
  totalMs: number;
  idleRssBytes: number;
  peakRssBeforeRequestBytes: number;
  peakRssBytes: number;
  maxSampledRssDuringRequestBytes: number;
  memory?: B4Result['memory'];
}

/** One export through a fresh local-runtime child: request, follow the link, count, memory. */
async function exportOnce(ctx: BenchContext, options: B4Options, data: B4Dataset): Promise<ExportRun & { env: Record<string, string> }> {
  const memorySampleFile = join(ctx.workDir, `b4-memory-${Date.now()}.json`);
  const api = await startLocalApi({
    memorySampleFile,
    memorySampleMs: options.sampleEveryMs,
    dynamodbEndpoint: ctx.standIns.dynamodbEndpoint,
    sesEndpoint: ctx.standIns.sesEndpoint,
    s3Endpoint: ctx.standIns.s3Endpoint,
    tablePrefix: data.prefix,
    filesBucket: benchPrefix('b4-exports').slice(0, 60),
  });
  try {
    // Let start-up garbage settle before reading the idle footprint.
    await new Promise((r) => setTimeout(r, 1000));
    const before = api.memory();
    let maxSampled = 0;
    const sampler = setInterval(() => {
      const memory = api.memory();
      if (memory) maxSampled = Math.max(maxSampled, memory.rssBytes);
    }, options.sampleEveryMs);
    const started = performance.now();
    const requestStarted = Date.now();
    const url = `${api.ready.apiUrl}/reports/complaints?format=csv&from=${data.from}&to=${data.to}`;
    const first = await countCsv(url, { authorization: `Bearer ${api.ready.auditorToken}` });
    const serverMs = performance.now() - started;
    const requestEnded = Date.now();
    const memory = api.memory();
    clearInterval(sampler);
    let file = first;
    if (first.status === 303) {
      if (!first.location) throw new Error('B4: 303 without a Location header');
      file = await countCsv(first.location);
      if (file.status !== 200) throw new Error(`B4: download answered ${file.status}`);
    } else if (first.status !== 200) {
      throw new Error(`B4: export answered ${first.status}: ${first.body ?? ''}`);
    }
    const totalMs = performance.now() - started;
    await api.stop();
    const breakdown = memoryBreakdown(memorySampleFile, requestStarted, requestEnded);
    return {
      env: api.ready.env,
      status: first.status,
      rows: Math.max(0, file.records - 1), // the header
      csvBytes: file.bytes,
      serverMs: round(serverMs, 0),
      downloadMs: round(totalMs - serverMs, 0),
      totalMs: round(totalMs, 0),
      idleRssBytes: before?.rssBytes ?? Number.NaN,
      peakRssBeforeRequestBytes: before?.peakRssBytes ?? Number.NaN,
      peakRssBytes: Math.max(memory?.peakRssBytes ?? Number.NaN, maxSampled),
      maxSampledRssDuringRequestBytes: maxSampled,
      ...(breakdown && { memory: breakdown }),
    };
  } finally {
    await api.stop();
  }
}

export async function runB4(ctx: BenchContext, options: B4Options = B4_DEFAULTS, dataset?: B4Dataset): Promise<B4Result> {
  let seeded: Awaited<ReturnType<typeof seedComplaints>> | undefined;
  if (!dataset) {
    ctx.log(`B4 seeding ${options.rows} complaints`);
    seeded = await seedComplaints(ctx, options);
    ctx.log(`B4 seeded ${seeded.items} items in ${(seeded.seedMs / 1000).toFixed(1)} s`);
  }
  const data = dataset ?? seeded!;
  try {
    const runs: ExportRun[] = [];
    let env: Record<string, string> = {};
    for (let r = 0; r < options.repetitions; r++) {
      ctx.log(`B4 ${r + 1}/${options.repetitions}: GET /reports/complaints?format=csv&from=${data.from}&to=${data.to} (${data.complaints} complaints)`);
      const { env: childEnv, ...run } = await exportOnce(ctx, options, data);
      env = childEnv;
      runs.push(run);
      ctx.log(`B4 ${run.rows} rows, ${mib(run.csvBytes)} MiB, ${(run.totalMs / 1000).toFixed(1)} s, peak RSS ${mib(run.peakRssBytes)} MiB`);
    }
    const bundles: NonNullable<B4Result['bundle']>[] = [];
    for (let r = 0; r < (options.bundle ? options.repetitions : 0); r++) {
      ctx.log(`B4 diagnostic ${r + 1}/${options.repetitions}: the same export from the reports bundle in a fresh node process`);
      bundles.push(await exportFromBundle(ctx, data, env));
      ctx.log(`B4 bundle: HTTP ${bundles.at(-1)!.status}, ${(bundles.at(-1)!.ms / 1000).toFixed(1)} s, peak RSS ${mib(bundles.at(-1)!.peakRssBytes)} MiB`);
    }
    const medianRun = [...runs].sort((x, y) => x.peakRssBytes - y.peakRssBytes)[Math.floor(runs.length / 2)]!;
    const medianBundle = [...bundles].sort((x, y) => x.peakRssBytes - y.peakRssBytes)[Math.floor(bundles.length / 2)];
    const peakRssBytes = median(runs.map((r) => r.peakRssBytes));
    const totalMs = median(runs.map((r) => r.totalMs));
    return {
      rows: medianRun.rows,
      expectedRows: data.complaints,
      status: medianRun.status,
      csvBytes: medianRun.csvBytes,
      serverMs: median(runs.map((r) => r.serverMs)),
      downloadMs: median(runs.map((r) => r.downloadMs)),
      totalMs,
      rowsPerSecond: round((medianRun.rows / totalMs) * 1000, 0),
      idleRssBytes: median(runs.map((r) => r.idleRssBytes)),
      peakRssBeforeRequestBytes: median(runs.map((r) => r.peakRssBeforeRequestBytes)),
      peakRssBytes,
      peakRssSamplesBytes: runs.map((r) => r.peakRssBytes),
      maxSampledRssDuringRequestBytes: medianRun.maxSampledRssDuringRequestBytes,
      ...(medianRun.memory && { memory: medianRun.memory }),
      ...(medianBundle && { bundle: { ...medianBundle, peakRssSamplesBytes: bundles.map((b) => b.peakRssBytes) } }),
      ...(seeded && { seed: { items: seeded.items, ms: round(seeded.seedMs, 0) } }),
      meetsTarget: peakRssBytes <= B4_TARGETS.maxPeakRssBytes,
      targets: B4_TARGETS,
    };
  } finally {
    if (seeded) await deleteBenchTables(ctx, seeded.tables);
  }
}
