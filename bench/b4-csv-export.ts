// B4 — CSV export of 100,000 complaints through `GET /reports/complaints?format=csv`, served by
// the local runtime's HTTP adapter and the real reports handler in a CHILD process, so the memory
// measured is the serving process's own: its VmRSS is sampled during the request and its VmHWM
// (the kernel's peak) read at the end. A CSV over 5 MB goes to S3 (s3rver) as a multipart upload
// and the API answers 303 with a presigned link; the benchmark follows it and counts the rows.
// rows/s is end to end: request sent → last byte of the file downloaded.

import { request as httpRequest } from 'node:http';
import { createDocumentClient } from '../functions/adapters/dynamodb/client';
import { calendarFor } from '../functions/core/calendar';
import type { Agency } from '../functions/core/model';
import { periodsOf } from '../functions/core/periods';
import { DEFAULT_CONFIG_PATH, loadRegionConfig, toRegionSettings } from '../lib/config';
import { resolve } from 'node:path';
import { REPO_ROOT, startLocalApi } from './lib/processes';
import { BatchWriter, baseComplaint, dispositionedComplaint, itemMappers, prng, trackingIdFor } from './lib/seed';
import { type BenchContext, benchPrefix, createBenchTables, deleteBenchTables } from './lib/stand-ins';
import { mib, round } from './lib/stats';

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
  seedConcurrency: number;
  /** RSS samples of the serving process, every this many ms. */
  sampleEveryMs: number;
}

export const B4_DEFAULTS: B4Options = { rows: 100_000, seedConcurrency: 16, sampleEveryMs: 50 };
export const B4_SMOKE: B4Options = { rows: 300, seedConcurrency: 8, sampleEveryMs: 50 };

export const B4_TARGETS = { maxPeakRssBytes: 200 * 1024 * 1024 };

export interface B4Result {
  rows: number;
  expectedRows: number;
  /** 303 (link to S3) or 200 (inline). */
  status: number;
  csvBytes: number;
  /** Request sent → 303 (or the inline body) received: the handler's work. */
  serverMs: number;
  /** Following the link: the download from S3 local. */
  downloadMs: number;
  totalMs: number;
  rowsPerSecond: number;
  /** Serving process: RSS once idle before the request, peak over its life (VmHWM), max sampled RSS during the request. */
  idleRssBytes: number;
  peakRssBeforeRequestBytes: number;
  peakRssBytes: number;
  maxSampledRssDuringRequestBytes: number;
  seed?: { items: number; ms: number };
  meetsTarget: boolean;
  targets: typeof B4_TARGETS;
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

export async function runB4(ctx: BenchContext, options: B4Options = B4_DEFAULTS, dataset?: B4Dataset): Promise<B4Result> {
  let seeded: Awaited<ReturnType<typeof seedComplaints>> | undefined;
  if (!dataset) {
    ctx.log(`B4 seeding ${options.rows} complaints`);
    seeded = await seedComplaints(ctx, options);
    ctx.log(`B4 seeded ${seeded.items} items in ${(seeded.seedMs / 1000).toFixed(1)} s`);
  }
  const data = dataset ?? seeded!;
  const api = await startLocalApi({
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
    const url = `${api.ready.apiUrl}/reports/complaints?format=csv&from=${data.from}&to=${data.to}`;
    ctx.log(`B4 GET /reports/complaints?format=csv&from=${data.from}&to=${data.to} (${data.complaints} complaints)`);
    const first = await countCsv(url, { authorization: `Bearer ${api.ready.auditorToken}` });
    const serverMs = performance.now() - started;
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
    const rows = Math.max(0, file.records - 1); // the header
    const peakRssBytes = memory?.peakRssBytes ?? Number.NaN;
    ctx.log(`B4 ${rows} rows, ${mib(file.bytes)} MiB, ${(totalMs / 1000).toFixed(1)} s, peak RSS ${mib(peakRssBytes)} MiB`);
    return {
      rows,
      expectedRows: data.complaints,
      status: first.status,
      csvBytes: file.bytes,
      serverMs: round(serverMs, 0),
      downloadMs: round(totalMs - serverMs, 0),
      totalMs: round(totalMs, 0),
      rowsPerSecond: round((rows / totalMs) * 1000, 0),
      idleRssBytes: before?.rssBytes ?? Number.NaN,
      peakRssBeforeRequestBytes: before?.peakRssBytes ?? Number.NaN,
      peakRssBytes,
      maxSampledRssDuringRequestBytes: maxSampled,
      ...(seeded && { seed: { items: seeded.items, ms: round(seeded.seedMs, 0) } }),
      meetsTarget: peakRssBytes <= B4_TARGETS.maxPeakRssBytes,
      targets: B4_TARGETS,
    };
  } finally {
    await api.stop();
    if (seeded) await deleteBenchTables(ctx, seeded.tables);
  }
}
