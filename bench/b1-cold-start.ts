// B1 — Lambda cold-start proxy. Each handler is bundled exactly as the stack bundles it (the
// esbuild options of lib/constructs/function.ts, which CDK's NodejsFunction turns into esbuild
// flags), then a fresh `node` process loads the bundle with the environment the stack gives the
// function and serves one realistic invocation against DynamoDB Local (and SES local / s3rver).
// Wall time from spawn to exit, repeated and interleaved with a bare `node -e 0` and with the
// floor (bench/children/floor.ts: a bundle built the same way that creates the document client and
// does one consistent GetItem); medians and their ratios. Every bundle's composition (esbuild
// metafile) is kept for the "why".

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { createDocumentClient } from '../functions/adapters/dynamodb/client';
import { complaintPk, META_SK } from '../functions/adapters/dynamodb/keys';
import { calendarFor } from '../functions/core/calendar';
import type { Agency } from '../functions/core/model';
import { recountCounters } from '../functions/core/compliance-service';
import { BUNDLE_MAIN_FIELDS, BUNDLE_TARGET, CREDENTIAL_FALLBACK_MODULES, writeBundleAssets } from '../lib/constructs/bundling';
import { DEFAULT_CONFIG_PATH, loadRegionConfig, SETTINGS_ENV_VAR, toRegionSettings } from '../lib/config';
import { buildEvent, matchRoute } from '../lib/local/api-gateway';
import { AUDITOR_SCOPE, clientCredentialsClaims, LOCAL_AUDITOR_CLIENT, LOCAL_STAFF_CLIENT_ID, staffTokenClaims } from '../lib/local/cognito';
import { ensureBucket } from '../lib/local/s3-local';
import { HANDLER_GROUPS, ROUTES } from '../lib/routes';
import { type BenchContext, createBenchTables, deleteBenchTables } from './lib/stand-ins';
import { REPO_ROOT } from './lib/processes';
import { BatchWriter, baseComplaint, dispositionedComplaint, itemMappers, prng, trackingIdFor } from './lib/seed';
import { kib, median, ratio, round } from './lib/stats';

export const HANDLERS = ['public', 'admin', 'agency', 'reports', 'jobs', 'mailer'] as const;
export type HandlerName = (typeof HANDLERS)[number];

export interface B1Options {
  handlers: readonly HandlerName[];
  /** Cold starts per handler (and bare node starts), interleaved. */
  repetitions: number;
  /**
   * Diagnostics, in extra processes: a second (warm) invocation after the first, and a cold start
   * with NODE_OPTIONS unset (no --enable-source-maps).
   */
  diagnostics: boolean;
}

export const B1_DEFAULTS: B1Options = { handlers: HANDLERS, repetitions: 7, diagnostics: true };
export const B1_SMOKE: B1Options = { handlers: ['public'], repetitions: 1, diagnostics: false };

/** Bundle size, and import + first request against the floor's (a DynamoDB client + one GetItem). */
export const B1_TARGETS = { maxBundleBytes: 400 * 1024, maxFloorRatio: 1.3 };

const FLOOR_ENTRY = 'bench/children/floor.ts';

export interface BundleComposition {
  /** Output bytes per package (node_modules) or per project folder, largest first. */
  byPackage: Array<{ name: string; bytes: number }>;
}

export interface B1HandlerResult {
  handler: HandlerName;
  entry: string;
  /** Deployed by the stack (the mailer handler has no function in lib/stack.ts). */
  deployed: boolean;
  bundleBytes: number;
  sourceMapBytes: number;
  composition: BundleComposition;
  request: string;
  /** What the invocation answered (statusCode for HTTP handlers, a summary for the others). */
  outcome: string;
  coldStartMs: number[];
  medianColdStartMs: number;
  ratioToBareNode: number;
  /**
   * What is compared with the floor: the median cold start; for jobs, whose one request is a whole
   * run, less the run's own work (`workMs`, the median of the same run warm, in the same process
   * right after the first).
   */
  comparedMs: number;
  workMs?: number;
  ratioToFloor: number;
  /**
   * Medians measured inside the child (performance.now(), 0 = process start): Node's bootstrap
   * until the script runs, require() of the bundle, the first invocation; and as diagnostics
   * (separate processes) a second, warm invocation and the cold start without source maps.
   */
  breakdown: {
    bootstrapMs: number;
    requireMs: number;
    firstInvocationMs: number;
    warmInvocationMs?: number;
    noSourceMaps?: { medianColdStartMs: number; requireMs: number; firstInvocationMs: number };
  };
  meetsBundleTarget: boolean;
  meetsColdStartTarget: boolean;
}

export interface B1Floor {
  entry: string;
  bundleBytes: number;
  outcome: string;
  coldStartMs: number[];
  medianColdStartMs: number;
  ratioToBareNode: number;
  breakdown: { bootstrapMs: number; requireMs: number; firstInvocationMs: number };
}

export interface B1Result {
  esbuild: { version: string; options: Record<string, unknown> };
  node: string;
  bareNodeMs: number[];
  medianBareNodeMs: number;
  floor: B1Floor;
  handlers: B1HandlerResult[];
  targets: typeof B1_TARGETS;
}

/**
 * The bundling options of lib/constructs/function.ts as CDK's Bundling.buildEsbuildArgs turns them
 * into `esbuild --bundle` flags: the shared values come from lib/constructs/bundling.ts, the rest
 * is checked against the construct's source so that a change there shows up here. Checked once by
 * hand: these produce byte-identical index.js and index.js.map to `cdk synth`'s assets.
 */
export function stackBundleOptions(): BuildOptions {
  const source = readFileSync(resolve(REPO_ROOT, 'lib', 'constructs', 'function.ts'), 'utf8');
  const expect = (pattern: RegExp, what: string) => {
    if (!pattern.test(source)) throw new Error(`lib/constructs/function.ts no longer sets ${what}: update bench/b1-cold-start.ts`);
  };
  expect(/minify: true/, 'minify: true');
  expect(/sourceMap: true/, 'sourceMap: true');
  expect(/sourceMapMode: SourceMapMode\.DEFAULT/, 'sourceMapMode DEFAULT');
  expect(/sourcesContent: false/, 'sourcesContent: false');
  expect(/format: OutputFormat\.CJS/, 'format CJS');
  expect(/bundleAwsSDK: true/, 'bundleAwsSDK: true');
  expect(/externalModules: CREDENTIAL_FALLBACK_MODULES/, 'externalModules: CREDENTIAL_FALLBACK_MODULES');
  expect(/mainFields: BUNDLE_MAIN_FIELDS/, 'mainFields: BUNDLE_MAIN_FIELDS');
  expect(/target: BUNDLE_TARGET/, 'target: BUNDLE_TARGET');
  expect(/afterBundling: \(inputDir: string, outputDir: string\) => bundleAssetsCommand\(/, 'the files of BUNDLE_ASSETS beside the bundle');
  return {
    bundle: true,
    platform: 'node',
    target: BUNDLE_TARGET,
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: BUNDLE_MAIN_FIELDS,
    external: CREDENTIAL_FALLBACK_MODULES,
    logLevel: 'warning',
    absWorkingDir: REPO_ROOT,
  };
}

function composition(metafile: Metafile, outfile: string): BundleComposition {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(REPO_ROOT, path) === outfile)?.[1];
  const byName = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    const name = pkg ?? path.split('/').slice(0, path.startsWith('functions/') ? 2 : 1).join('/');
    byName.set(name, (byName.get(name) ?? 0) + input.bytesInOutput);
  }
  return { byPackage: [...byName].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes) };
}

export function bundleHandler(handler: HandlerName, outDir: string) {
  return bundleEntry(handler, `functions/handlers/${handler}.ts`, outDir);
}

async function bundleEntry(name: string, entry: string, outDir: string) {
  const outfile = join(outDir, name, 'index.js');
  mkdirSync(join(outDir, name), { recursive: true });
  const result = await build({ ...stackBundleOptions(), entryPoints: [resolve(REPO_ROOT, entry)], outfile, metafile: true });
  writeBundleAssets(name, join(outDir, name));
  return {
    entry,
    outfile,
    bundleBytes: statSync(outfile).size,
    sourceMapBytes: statSync(`${outfile}.map`).size,
    composition: composition(result.metafile!, outfile),
  };
}

// ---------------------------------------------------------------------------------------------
// The data the invocations read, and the invocations.

interface Fixture {
  env: Record<string, string>;
  tables: Record<string, string>;
  trackingId: string;
  agencyId: string;
  /** The floor's event: the key of one complaint item. */
  floorEvent: { table: string; key: Record<string, string> };
}

async function seedFixture(ctx: BenchContext): Promise<Fixture> {
  const config = loadRegionConfig(resolve(REPO_ROOT, DEFAULT_CONFIG_PATH));
  const settings = toRegionSettings(config);
  const calendar = calendarFor(settings);
  const { tables, complete } = await createBenchTables(ctx.standIns.dynamodbEndpoint, 'b1', { bulkLoad: true });
  const filesBucket = `bench-b1-${Date.now().toString(36)}`;
  await ensureBucket(ctx.standIns.s3Endpoint, filesBucket);
  const client = createDocumentClient({ endpoint: ctx.standIns.dynamodbEndpoint });
  const mappers = itemMappers({ complaints: tables.COMPLAINTS_TABLE!, agencies: tables.AGENCIES_TABLE! });
  const writer = new BatchWriter(client, 4);
  const now = Date.now();
  const agencies: Agency[] = config.agencies.map((a) => ({ ...a, emails: [...a.emails], updatedAt: new Date(now).toISOString() }));
  for (const agency of agencies) await writer.push(tables.AGENCIES_TABLE!, mappers.agency(agency));
  // 50 complaints over the last 40 days, one disposition each, most of them followed up: every
  // handler's first request reads real items (and the compliance job finds data but warns nobody).
  const rng = prng(11);
  const dispositions = [];
  for (let i = 0; i < 50; i++) {
    const dispositionedAt = new Date(now - (40 - i * 0.7) * 86_400_000);
    const complaint = baseComplaint(rng, {
      trackingId: trackingIdFor(config.trackingPrefix, 1_000 + i),
      submittedAt: new Date(dispositionedAt.getTime() - 3_600_000),
      calendar,
      verificationWorkingDays: settings.verificationWorkingDays,
    });
    const pair = dispositionedComplaint(
      { ...complaint, confidential: false },
      {
        agency: agencies[i % agencies.length]!,
        dispositionedAt,
        followUpWorkingDays: settings.followUpWorkingDays,
        ...(i % 5 !== 0 && { completedAfterHours: 20 }),
        calendar,
      },
    );
    dispositions.push(pair.disposition);
    await writer.push(tables.COMPLAINTS_TABLE!, mappers.complaint(pair.complaint));
    await writer.push(tables.COMPLAINTS_TABLE!, mappers.disposition(pair.disposition));
  }
  for (const counters of recountCounters(dispositions, settings.timeZone)) await writer.push(tables.AGENCIES_TABLE!, mappers.counters(counters));
  await writer.flush();
  client.destroy();
  await complete();
  // What lib/stack.ts gives every function, plus the stand-ins' endpoints and fixed local
  // credentials (on Lambda the credentials are environment variables too).
  const env: Record<string, string> = {
    ...tables,
    [SETTINGS_ENV_VAR]: JSON.stringify(settings),
    EMAIL_SENDER: config.email.sender,
    EMAIL_COORDINATOR: config.email.coordinator.join(','),
    EMAIL_OMBUDSMAN: config.email.ombudsman,
    FILES_BUCKET: filesBucket,
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: config.awsRegion,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    DYNAMODB_ENDPOINT: ctx.standIns.dynamodbEndpoint,
    SES_ENDPOINT: ctx.standIns.sesEndpoint,
    S3_ENDPOINT: ctx.standIns.s3Endpoint,
  };
  const trackingId = trackingIdFor(config.trackingPrefix, 1_000);
  return {
    env,
    tables,
    trackingId,
    agencyId: agencies[0]!.agencyId,
    floorEvent: { table: tables.COMPLAINTS_TABLE!, key: { pk: complaintPk(trackingId), sk: META_SK } },
  };
}

const LOCAL_ISSUER = 'http://127.0.0.1:3001';

/** A payload-2.0 event as the local API Gateway builds it, with the JWT authorizer's claims. */
export function httpEvent(method: string, url: string, claims?: Record<string, unknown>) {
  const path = url.split('?')[0]!;
  const match = matchRoute(ROUTES, method, path);
  if (!match) throw new Error(`no route for ${method} ${path}`);
  return buildEvent(
    {
      method,
      url,
      rawHeaders: ['host', 'api.example.go.id', 'user-agent', 'tuntas-bench', ...(claims ? ['authorization', 'Bearer x'] : [])],
      body: Buffer.alloc(0),
      sourceIp: '203.0.113.7',
      httpVersion: '1.1',
      port: 443,
      receivedAt: new Date(),
    },
    match,
    claims ? { claims } : undefined,
  );
}

/** The claims of an auditor's client-credentials access token. */
export const auditorClaims = () =>
  clientCredentialsClaims(LOCAL_AUDITOR_CLIENT.id, AUDITOR_SCOPE, { issuer: LOCAL_ISSUER, nowSeconds: Math.floor(Date.now() / 1000) });

/** One realistic first invocation per handler (a new event for each cold start). */
function invocation(handler: HandlerName, fixture: Fixture): { request: string; event: unknown } {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const staff = (role: 'admin' | 'agency') =>
    staffTokenClaims(
      { role, ...(role === 'agency' && { agencyId: fixture.agencyId }) },
      { issuer: LOCAL_ISSUER, audience: LOCAL_STAFF_CLIENT_ID, nowSeconds },
    );
  switch (handler) {
    case 'public':
      return { request: 'GET /complaints/{trackingId}', event: httpEvent('GET', `/complaints/${fixture.trackingId}`) };
    case 'admin':
      return { request: 'GET /admin/complaints?limit=20', event: httpEvent('GET', '/admin/complaints?limit=20', staff('admin')) };
    case 'agency':
      return { request: 'GET /agency/dispositions?limit=20', event: httpEvent('GET', '/agency/dispositions?limit=20', staff('agency')) };
    case 'reports':
      return { request: 'GET /reports/complaints?limit=20 (auditor)', event: httpEvent('GET', '/reports/complaints?limit=20', auditorClaims()) };
    case 'jobs':
      return { request: '{"job":"compliance"}', event: { job: 'compliance', time: new Date().toISOString() } };
    case 'mailer': {
      const seq = `bench-${randomUUID()}`;
      const image = {
        pk: `COMPLAINT#${fixture.trackingId}`,
        sk: `OUTBOX#${seq}`,
        trackingId: fixture.trackingId,
        seq,
        kind: 'COMPLAINT_VERIFIED',
        recipient: { type: 'reporter' },
        createdAt: new Date().toISOString(),
      };
      return {
        request: 'stream batch: 1 outbox INSERT',
        event: {
          Records: [
            {
              eventID: randomUUID(),
              eventName: 'INSERT',
              eventSource: 'aws:dynamodb',
              awsRegion: 'ap-southeast-3',
              dynamodb: { Keys: marshall({ pk: image.pk, sk: image.sk }), NewImage: marshall(image), SequenceNumber: String(Date.now()), StreamViewType: 'NEW_AND_OLD_IMAGES' },
            },
          ],
        },
      };
    }
  }
}

/**
 * Loads the bundle and invokes its handler once, like the Lambda runtime's first invocation. The
 * process exits as soon as the handler answered (Lambda freezes it then; an SDK keep-alive socket
 * would otherwise hold it open). With BENCH_WARM=1 it invokes a second time first (a diagnostic:
 * what the same request costs once everything is loaded and connected). It prints, from
 * performance.now() (0 = process start): when the script began (Node's own bootstrap), how long
 * require() of the bundle took (parse, compile, module init), and each invocation.
 */
const CHILD_SCRIPT = `
const started = performance.now();
const { handler } = require(process.env.BENCH_BUNDLE);
const loaded = performance.now();
const context = { functionName: 'bench', awsRequestId: 'bench-' + process.pid, getRemainingTimeInMillis: () => 10000, callbackWaitsForEmptyEventLoop: true };
const describe = (result) => result && typeof result === 'object' && 'statusCode' in result ? String(result.statusCode)
  : result && Array.isArray(result.batchItemFailures) ? 'batchItemFailures=' + result.batchItemFailures.length
  : result && result.job ? 'job ' + result.job + ' done' : 'ok';
(async () => {
  const first = await handler(JSON.parse(process.env.BENCH_EVENT), context);
  const answered = performance.now();
  let warmMs;
  if (process.env.BENCH_WARM === '1') {
    const again = performance.now();
    await handler(JSON.parse(process.env.BENCH_EVENT_WARM), context);
    warmMs = performance.now() - again;
  }
  const timings = { bootstrapMs: started, requireMs: loaded - started, firstInvocationMs: answered - loaded, answeredMs: answered, warmMs, outcome: describe(first) };
  process.stdout.write('\\nBENCH_RESULT ' + JSON.stringify(timings) + '\\n');
  process.exit(0);
})().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
`;

interface ChildTimings {
  bootstrapMs: number;
  requireMs: number;
  firstInvocationMs: number;
  answeredMs: number;
  warmMs?: number;
  outcome: string;
}

interface Timed {
  wallMs: number;
  child?: ChildTimings;
}

function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`node ${args[0]} exited with ${code}: ${stderr.slice(-2000)}`));
      // The handler's own log lines go to stdout too; the result is the marked line.
      const line = /^BENCH_RESULT (.*)$/m.exec(stdout)?.[1];
      resolveRun({ wallMs, ...(line && { child: JSON.parse(line) as ChildTimings }) });
    });
  });
}

const med = (values: Array<number | undefined>) => round(median(values.filter((v): v is number => typeof v === 'number')), 1);

export async function runB1(ctx: BenchContext, options: B1Options = B1_DEFAULTS): Promise<B1Result> {
  const outDir = join(ctx.workDir, 'b1-bundles');
  const bundles = new Map<HandlerName, Awaited<ReturnType<typeof bundleHandler>>>();
  for (const handler of options.handlers) {
    bundles.set(handler, await bundleHandler(handler, outDir));
    ctx.log(`B1 bundled ${handler}: ${kib(bundles.get(handler)!.bundleBytes)} KiB`);
  }
  const floorBundle = await bundleEntry('floor', FLOOR_ENTRY, outDir);
  ctx.log(`B1 bundled the floor: ${kib(floorBundle.bundleBytes)} KiB`);
  const fixture = await seedFixture(ctx);
  // Functions of the stack: one per handler group with routes, plus each createFunction('<name>').
  const stackSource = readFileSync(resolve(REPO_ROOT, 'lib', 'stack.ts'), 'utf8');
  const deployed = (handler: HandlerName) =>
    (HANDLER_GROUPS as readonly string[]).includes(handler) || stackSource.includes(`createFunction('${handler}'`);

  // A child's environment is the function's, not this process's (no tsx loader, no jest).
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
  const bare: number[] = [];
  const floorRuns: Timed[] = [];
  const work: Timed[] = [];
  const runs = new Map<HandlerName, Timed[]>();
  const diagnostics = new Map<HandlerName, { warm: Timed[]; noMaps: Timed[] }>();
  const requests = new Map<HandlerName, string>();
  const push = <T>(map: Map<HandlerName, T[]>, handler: HandlerName, value: T) => map.set(handler, [...(map.get(handler) ?? []), value]);
  // Round 0 is a warm-up (not recorded): the OS file cache then holds node and every bundle.
  const rounds = options.repetitions + 1;
  for (let round = 0; round < rounds; round++) {
    const measured = round > 0;
    const b = await timeProcess(['-e', '0'], baseEnv);
    if (measured) bare.push(b.wallMs);
    const floor = await timeProcess(['-e', CHILD_SCRIPT], { ...baseEnv, ...fixture.env, BENCH_BUNDLE: floorBundle.outfile, BENCH_EVENT: JSON.stringify(fixture.floorEvent) });
    if (measured) floorRuns.push(floor);
    for (const handler of options.handlers) {
      const { request, event } = invocation(handler, fixture);
      requests.set(handler, request);
      const env: Record<string, string> = { ...baseEnv, ...fixture.env, BENCH_BUNDLE: bundles.get(handler)!.outfile, BENCH_EVENT: JSON.stringify(event) };
      const timed = await timeProcess(['-e', CHILD_SCRIPT], env);
      if (measured) push(runs, handler, timed);
      if (handler === 'jobs') {
        // The job's one request is a whole run: its own work, timed warm right after the first
        // run in the same process, is taken out of the figure compared with the floor.
        const again = await timeProcess(['-e', CHILD_SCRIPT], { ...env, BENCH_EVENT_WARM: JSON.stringify(invocation(handler, fixture).event), BENCH_WARM: '1' });
        if (measured) work.push(again);
      }
      if (options.diagnostics) {
        // Diagnostics, each in a fresh process too: a second (warm) invocation, and no source maps.
        const warm = await timeProcess(['-e', CHILD_SCRIPT], {
          ...env,
          BENCH_EVENT: JSON.stringify(invocation(handler, fixture).event),
          BENCH_EVENT_WARM: JSON.stringify(invocation(handler, fixture).event),
          BENCH_WARM: '1',
        });
        const { NODE_OPTIONS: _ignored, ...withoutMaps } = env;
        const noMaps = await timeProcess(['-e', CHILD_SCRIPT], { ...withoutMaps, BENCH_EVENT: JSON.stringify(invocation(handler, fixture).event) });
        if (measured) {
          const entry = diagnostics.get(handler) ?? { warm: [], noMaps: [] };
          entry.warm.push(warm);
          entry.noMaps.push(noMaps);
          diagnostics.set(handler, entry);
        }
      }
    }
    ctx.log(`B1 round ${round + 1}/${rounds}${measured ? '' : ' (warm-up)'} done`);
  }
  await deleteBenchTables(ctx, fixture.tables);

  const medianBareNodeMs = round(median(bare), 1);
  const medianFloorMs = round(median(floorRuns.map((t) => t.wallMs)), 1);
  const workMs = work.length > 0 ? med(work.map((t) => t.child?.warmMs)) : undefined;
  const esbuildVersion = (require('esbuild/package.json') as { version: string }).version;
  const { absWorkingDir: _dir, ...shownOptions } = stackBundleOptions();
  return {
    esbuild: { version: esbuildVersion, options: shownOptions as Record<string, unknown> },
    node: process.version,
    bareNodeMs: bare.map((ms) => round(ms, 1)),
    medianBareNodeMs,
    floor: {
      entry: FLOOR_ENTRY,
      bundleBytes: floorBundle.bundleBytes,
      outcome: floorRuns.at(-1)?.child?.outcome ?? '',
      coldStartMs: floorRuns.map((t) => round(t.wallMs, 1)),
      medianColdStartMs: medianFloorMs,
      ratioToBareNode: round(ratio(medianFloorMs, medianBareNodeMs), 2),
      breakdown: {
        bootstrapMs: med(floorRuns.map((t) => t.child?.bootstrapMs)),
        requireMs: med(floorRuns.map((t) => t.child?.requireMs)),
        firstInvocationMs: med(floorRuns.map((t) => t.child?.firstInvocationMs)),
      },
    },
    targets: B1_TARGETS,
    handlers: options.handlers.map((handler): B1HandlerResult => {
      const bundle = bundles.get(handler)!;
      const timed = runs.get(handler) ?? [];
      const medianColdStartMs = round(median(timed.map((t) => t.wallMs)), 1);
      const coldRatio = round(ratio(medianColdStartMs, medianBareNodeMs), 2);
      const handlerWorkMs = handler === 'jobs' ? workMs : undefined;
      const comparedMs = round(medianColdStartMs - (handlerWorkMs ?? 0), 1);
      const floorRatio = round(ratio(comparedMs, medianFloorMs), 2);
      const diagnostic = diagnostics.get(handler);
      return {
        handler,
        entry: bundle.entry,
        deployed: deployed(handler),
        bundleBytes: bundle.bundleBytes,
        sourceMapBytes: bundle.sourceMapBytes,
        composition: { byPackage: bundle.composition.byPackage.slice(0, 25) },
        request: requests.get(handler) ?? '',
        outcome: timed.at(-1)?.child?.outcome ?? '',
        coldStartMs: timed.map((t) => round(t.wallMs, 1)),
        medianColdStartMs,
        ratioToBareNode: coldRatio,
        comparedMs,
        ...(handlerWorkMs !== undefined && { workMs: handlerWorkMs }),
        ratioToFloor: floorRatio,
        breakdown: {
          bootstrapMs: med(timed.map((t) => t.child?.bootstrapMs)),
          requireMs: med(timed.map((t) => t.child?.requireMs)),
          firstInvocationMs: med(timed.map((t) => t.child?.firstInvocationMs)),
          ...(diagnostic && {
            warmInvocationMs: med(diagnostic.warm.map((t) => t.child?.warmMs)),
            noSourceMaps: {
              medianColdStartMs: med(diagnostic.noMaps.map((t) => t.wallMs)),
              requireMs: med(diagnostic.noMaps.map((t) => t.child?.requireMs)),
              firstInvocationMs: med(diagnostic.noMaps.map((t) => t.child?.firstInvocationMs)),
            },
          }),
        },
        meetsBundleTarget: bundle.bundleBytes <= B1_TARGETS.maxBundleBytes,
        meetsColdStartTarget: floorRatio <= B1_TARGETS.maxFloorRatio,
      };
    }),
  };
}
