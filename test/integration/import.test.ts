// The LAPOR! import against DynamoDB Local: a generated multi-year data set lands with counters
// that survive a reconciliation and equal a recount from the CSV itself; an invalid file or an
// unknown agency writes nothing; a re-import changes nothing; two imports racing create each
// complaint once; and the command line works against a runtime file.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { parseCsv } from '../support/csv';
import { IMPORT_COLUMNS, importTrackingId } from '../../functions/core/import-plan';
import type { Agency } from '../../functions/core/model';
import { periodsOf } from '../../functions/core/periods';
import { DEFAULT_SETTINGS } from '../../functions/core/settings';
import { buildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import { localTarget, runImport, type ImportSummary, type ImportTarget } from '../../bin/import';
import { createTestTables } from '../support/dynamodb';
import { BLORA_AGENCIES, csvOf, laporCsv, type LaporCsvRow } from '../support/lapor-csv';

jest.setTimeout(180_000);

const REPO_ROOT = resolve(__dirname, '..', '..');
const NOW = new Date('2026-11-01T00:00:00Z');
const settings = { ...DEFAULT_SETTINGS, trackingPrefix: 'BLR' };
const dir = mkdtempSync(join(tmpdir(), 'tuntas-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface World {
  env: Record<string, string>;
  deps: Dependencies;
  target: ImportTarget;
}

async function createWorld(agencyIds: readonly string[] = BLORA_AGENCIES): Promise<World> {
  const env: Record<string, string> = {
    ...(await createTestTables('import')),
    EMAIL_SENDER: 'lapor@import.example.go.id',
    EMAIL_OMBUDSMAN: 'ombudsman@import.example.go.id',
    SES_ENDPOINT: process.env.SES_ENDPOINT!,
    TUNTAS_SETTINGS: JSON.stringify(settings),
  };
  const deps = buildDependencies(env);
  for (const agencyId of agencyIds) {
    await deps.agencies.put({ agencyId, name: `Dinas ${agencyId}`, emails: [`${agencyId}@import.example.go.id`], active: true, updatedAt: NOW.toISOString() });
  }
  const target: ImportTarget = {
    label: 'test',
    client: createDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT }),
    tables: { complaints: env.COMPLAINTS_TABLE!, agencies: env.AGENCIES_TABLE! },
    concurrency: 4,
  };
  return { env, deps, target };
}

let fileCount = 0;
function file(text: string): string {
  const path = join(dir, `import-${++fileCount}.csv`);
  writeFileSync(path, text);
  return path;
}

const run = (world: World, path: string, options: { dryRun?: boolean; createAgencies?: boolean; concurrency?: number } = {}) =>
  runImport({ file: path, target: world.target, settings, now: NOW, ...options });

/** Every item of a table, as key → version (or the counter numbers for counter items). */
async function items(world: World, table: 'complaints' | 'agencies'): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await world.target.client.send(
      new ScanCommand({ TableName: world.target.tables[table], ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) {
      const { pk, sk, version, received, pending, inProgress, completed, firstFollowUpHours } = item;
      const hours = Array.isArray(firstFollowUpHours) ? [...(firstFollowUpHours as number[])].sort((a, b) => a - b) : undefined;
      out.set(`${pk}|${sk}`, version ?? { received, pending, inProgress, completed, hours });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

const countersOnly = (all: Map<string, unknown>) => new Map([...all].filter(([key]) => key.startsWith('COUNTERS#')));

/** %TL counters recounted from the CSV rows themselves: by disposition date in Asia/Jakarta, RETURNED excluded. */
function recountFromCsv(text: string): Map<string, { received: number; pending: number; inProgress: number; completed: number }> {
  const [header, ...records] = parseCsv(text);
  const at = (name: (typeof IMPORT_COLUMNS)[number]) => header!.fields.indexOf(name);
  const counts = new Map<string, { received: number; pending: number; inProgress: number; completed: number }>();
  for (const { fields } of records) {
    const agencyId = fields[at('agency_id')];
    const status = fields[at('disposition_status')];
    if (!agencyId || status === 'RETURNED') continue;
    const { year, month } = periodsOf(new Date(fields[at('dispositioned_at')]!), 'Asia/Jakarta');
    for (const period of [year, month]) {
      const key = `${agencyId}|${period}`;
      const c = counts.get(key) ?? { received: 0, pending: 0, inProgress: 0, completed: 0 };
      c.received++;
      if (status === 'PENDING') c.pending++;
      if (status === 'IN_PROGRESS') c.inProgress++;
      if (status === 'COMPLETED') c.completed++;
      counts.set(key, c);
    }
  }
  return counts;
}

function expectOk(summary: ImportSummary) {
  if (!summary.ok) throw new Error(`import failed: ${JSON.stringify(summary.issues.slice(0, 5))} unknown ${summary.unknownAgencies}`);
}

describe('a generated multi-year data set', () => {
  let world: World;
  const text = laporCsv({ complaints: 250, seed: 20240817, startYear: 2023, years: 3, order: 'interleaved' });
  const rows = parseCsv(text).length - 1;
  let first: ImportSummary;

  beforeAll(async () => {
    world = await createWorld();
    first = await run(world, file(text));
  });

  test('imports every complaint and row through the domain rules', async () => {
    expectOk(first);
    expect(first).toMatchObject({ rows, complaints: 250, imported: 250, alreadyPresent: 0, issueCount: 0 });
    const dispositionRows = parseCsv(text).slice(1).filter((r) => r.fields[IMPORT_COLUMNS.indexOf('agency_id')]);
    const stored = await items(world, 'complaints');
    expect([...stored.keys()].filter((k) => k.endsWith('|META'))).toHaveLength(250);
    expect([...stored.keys()].filter((k) => k.includes('|DISPOSITION#'))).toHaveLength(dispositionRows.length);
    const summed = Object.values(first.dispositionsByAgency).reduce((n, c) => n + c.PENDING + c.IN_PROGRESS + c.COMPLETED + c.RETURNED, 0);
    expect(summed).toBe(dispositionRows.length);
  });

  test('a complaint reads back whole: status, dispositions by agency, a timeline that says it was imported', async () => {
    const multi = parseCsv(text)
      .slice(1)
      .map((r) => r.fields)
      .filter((f) => f[IMPORT_COLUMNS.indexOf('disposition_status')] === 'COMPLETED')[0]!;
    const trackingId = importTrackingId(multi[0]!)!;
    const record = (await world.deps.complaints.get(trackingId))!;
    expect(record.complaint.accessTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record.timeline[0]).toMatchObject({ type: 'SUBMITTED', details: { imported: true, source: 'SP4N-LAPOR!', sourceId: multi[0] } });
    expect(record.timeline.every((e) => e.details?.imported === true)).toBe(true);
    const agencyId = multi[IMPORT_COLUMNS.indexOf('agency_id')]!;
    const page = await world.deps.complaints.listDispositions({ agencyId, status: 'COMPLETED' }, { limit: 100 });
    expect(page.items.map((d) => d.trackingId)).toContain(trackingId);
  });

  test('counters: reconciliation finds no drift, and they equal a recount from the CSV', async () => {
    const reconciliation = await world.deps.compliance.reconcile();
    expect(reconciliation.drift).toEqual([]);
    expect(reconciliation.periods).toBeGreaterThan(BLORA_AGENCIES.length * 3);

    const expected = recountFromCsv(text);
    const stored = await world.deps.complianceRepository.getCounters([...BLORA_AGENCIES], ['2024', '2025-03', '2023-12']);
    expect(stored.length).toBeGreaterThan(10);
    for (const counter of stored) {
      const { agencyId, period, received, pending, inProgress, completed } = counter;
      expect({ key: `${agencyId}|${period}`, received, pending, inProgress, completed }).toEqual({
        key: `${agencyId}|${period}`,
        ...expected.get(`${agencyId}|${period}`),
      });
    }
    // Every recounted pair is stored, none missing.
    for (const period of ['2024', '2025-03', '2023-12']) {
      const pairs = [...expected.keys()].filter((k) => k.endsWith(`|${period}`) && expected.get(k)!.received > 0);
      expect(stored.filter((c) => c.period === period && c.received > 0).map((c) => `${c.agencyId}|${c.period}`).sort()).toEqual(pairs.sort());
    }
  });

  test('a re-import changes nothing: same items, same versions, same counters', async () => {
    const before = await items(world, 'complaints');
    const countersBefore = countersOnly(await items(world, 'agencies'));
    const again = await run(world, file(text));
    expectOk(again);
    expect(again).toMatchObject({ imported: 0, alreadyPresent: 250, rows });
    expect(await items(world, 'complaints')).toEqual(before);
    expect(countersOnly(await items(world, 'agencies'))).toEqual(countersBefore);
  });

  test('the escalation job finds nothing left to mark, so no imported reporter is emailed', async () => {
    const before = await items(world, 'complaints');
    // The import marked every complaint left open for 60 days, at the end of its window: 60 days
    // after the latest of its submission, first disposition and last follow-up (the one clock).
    const open = await world.deps.complaints.list({ status: 'DISPOSITIONED' }, { limit: 100 });
    expect(open.items.length).toBeGreaterThan(10);
    // The one clock: 60 days from the latest of submission, first disposition and last follow-up.
    for (const c of open.items) expect(c.escalationEligibleAt).toBe(c.escalationDueAt);
    const run = await world.deps.compliance.runEscalation(NOW);
    // Marked complaints are out of the due index: the job reads nothing of the imported history.
    expect(run.checked).toBe(0);
    expect(run.newlyEligible).toEqual([]);
    expect(await items(world, 'complaints')).toEqual(before);
  });
});

test('two imports of the same file at once create each complaint once, and the counters stay exact', async () => {
  const world = await createWorld();
  const text = laporCsv({ complaints: 80, seed: 99, startYear: 2024, years: 2, order: 'complaint' });
  const path = file(text);
  const [a, b] = await Promise.all([run(world, path, { concurrency: 4 }), run(world, path, { concurrency: 4 })]);
  expectOk(a);
  expectOk(b);
  expect(a.imported + b.imported).toBe(80);
  expect(a.imported + a.alreadyPresent).toBe(80);
  expect(b.imported + b.alreadyPresent).toBe(80);
  expect((await world.deps.compliance.reconcile()).drift).toEqual([]);
  const stored = await items(world, 'complaints');
  expect([...stored.keys()].filter((k) => k.endsWith('|META'))).toHaveLength(80);
});

describe('nothing is written', () => {
  const valid = (id: string, overrides: Partial<LaporCsvRow> = {}): Partial<LaporCsvRow> => ({
    tracking_id: id,
    submitted_at: '2025-03-03T09:00:00+07:00',
    classification: 'PENGADUAN',
    title: 'Jalan berlubang',
    description: 'Lubang besar di depan pasar.',
    agency_id: 'dinkes',
    dispositioned_at: '2025-03-04T09:00:00+07:00',
    disposition_status: 'PENDING',
    ...overrides,
  });

  test('for an invalid file: every error with its line, and the tables stay empty', async () => {
    const world = await createWorld(['dinkes', 'dishub']);
    const agenciesBefore = await items(world, 'agencies');
    const text = csvOf([
      valid('1000001'),
      valid('1000002', { disposition_status: 'COMPLETED', first_follow_up_at: '2025-03-05T09:00:00+07:00' }),
      valid('1000003'),
      valid('1000001', { agency_id: 'dishub', title: 'Judul berbeda' }),
    ]);
    const summary = await run(world, file(text));
    expect(summary.ok).toBe(false);
    expect(summary.issues).toEqual([
      { line: 3, column: 'completed_at', message: 'completed_at: is required' },
      { line: 5, column: 'title', message: 'title: differs from line 2, the first row of tracking_id 1000001' },
    ]);
    expect(summary.imported).toBe(0);
    expect((await items(world, 'complaints')).size).toBe(0);
    expect(await items(world, 'agencies')).toEqual(agenciesBefore);
  });

  test('for an unknown agency; --create-agencies creates it (name = ID, no emails) and imports', async () => {
    const world = await createWorld(['dinkes']);
    const path = file(csvOf([valid('2000001'), valid('2000002', { agency_id: 'kecamatan-cepu' }), valid('2000003', { agency_id: 'dprd' })]));
    const refused = await run(world, path);
    expect(refused).toMatchObject({ ok: false, unknownAgencies: ['dprd', 'kecamatan-cepu'], issueCount: 0, imported: 0 });
    expect((await items(world, 'complaints')).size).toBe(0);
    expect(await world.deps.agencies.get('dprd')).toBeUndefined();

    const dryRun = await run(world, path, { dryRun: true, createAgencies: true });
    expect(dryRun).toMatchObject({ ok: true, dryRun: true, imported: 3, createdAgencies: ['dprd', 'kecamatan-cepu'] });
    expect((await items(world, 'complaints')).size).toBe(0);
    expect(await world.deps.agencies.get('dprd')).toBeUndefined();

    const created = await run(world, path, { createAgencies: true });
    expect(created).toMatchObject({ ok: true, imported: 3, createdAgencies: ['dprd', 'kecamatan-cepu'] });
    expect(await world.deps.agencies.get('kecamatan-cepu')).toEqual<Agency>({
      agencyId: 'kecamatan-cepu',
      name: 'kecamatan-cepu',
      emails: [],
      active: true,
      updatedAt: NOW.toISOString(),
    });
    const record = await world.deps.complaints.get('LPR-2000002');
    expect(record?.dispositions).toEqual([expect.objectContaining({ agencyId: 'kecamatan-cepu', agencyName: 'kecamatan-cepu', status: 'PENDING' })]);
  });
});

describe('the command line', () => {
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const cli = (args: string[]) =>
    promisify(execFile)(tsx, [join(REPO_ROOT, 'bin', 'import.ts'), ...args], { cwd: REPO_ROOT }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  test('imports into the tables a runtime file points at, and says what it did', async () => {
    const world = await createWorld();
    const runtimeFile = join(dir, 'runtime.json');
    writeFileSync(
      runtimeFile,
      JSON.stringify({
        pid: process.pid,
        startedAt: NOW.toISOString(),
        apiUrl: 'http://127.0.0.1:1',
        issuerUrl: 'http://127.0.0.1:1',
        sesUrl: process.env.SES_ENDPOINT,
        dynamodbEndpoint: world.env.DYNAMODB_ENDPOINT,
        auditorClient: { id: 'x', secret: 'y' },
        env: world.env,
      }),
    );
    const text = laporCsv({ complaints: 30, seed: 5, startYear: 2024, years: 2 });
    const path = file(text);

    const dry = await cli([path, '--dry-run', '--runtime-file', runtimeFile]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('DRY RUN');
    expect(dry.stdout).toMatch(/would be imported\s+30\b/);
    expect((await items(world, 'complaints')).size).toBe(0);

    const done = await cli([path, '--runtime-file', runtimeFile]);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/imported\s+30\b/);
    expect(done.stdout).toMatch(/rows\/s/);
    // The access token is never printed: nothing that looks like one is in the output.
    expect(done.stdout + done.stderr).not.toMatch(/[A-Za-z0-9_-]{43}/);
    expect([...(await items(world, 'complaints')).keys()].filter((k) => k.endsWith('|META'))).toHaveLength(30);

    const bad = file(text.replace('\r\n', '\r\nx'));
    const refused = await cli([bad, '--runtime-file', runtimeFile]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/NOT imported: nothing was written[\s\S]*line 2: tracking_id: "x\d+" is neither/);

    const usage = await cli([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run import');
  });

  test('without a running local system it says so', async () => {
    await expect(localTarget({ runtimeFile: join(dir, 'missing.json') })).rejects.toThrow(/The local system is not running/);
  });
});
