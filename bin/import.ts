// `npm run import -- <file.csv> [--dry-run] [--aws] [--create-agencies]`: imports SP4N-LAPOR!
// history (one row per complaint × disposition, columns in functions/core/import-plan.ts).
//
//   npm run import -- lapor-2019-2024.csv --dry-run        validate, show what would be imported
//   npm run import -- lapor-2019-2024.csv                  into the running local system (npm start)
//   npm run import -- lapor.csv --aws [--stack NAME]       into the deployed stack (default AWS credentials)
//
// Options:
//   --dry-run            validate and report; write nothing (reads the target's agencies and
//                        which complaints already exist)
//   --create-agencies    create agencies the file names but the Agencies table lacks (name =
//                        agency ID, no email addresses, active); without it they are an error
//   --aws                the deployed stack: table names from the stack outputs (CloudFormation
//                        DescribeStacks) of --stack, default the stack id bin/app.ts derives from the
//                        config's regionName; AWS region from --region or the config's awsRegion
//   --complaints-table, --agencies-table   physical table names, instead of the stack outputs or
//                        the runtime file
//   --config PATH        region config for time zone, working days and holidays (default
//                        TUNTAS_CONFIG or config/blora.json): use the one the target runs with.
//                        Locally the running system's own settings (runtime file) take precedence.
//   --runtime-file PATH  the local system's runtime file (default TUNTAS_RUNTIME_FILE or .local/runtime.json)
//   --concurrency N      transactions in flight (default 16 with --aws, 4 locally: DynamoDB Local's
//                        lock-based transactions slow down sharply with more)
//
// How it works, with memory bounded by the number of complaints (not rows):
//   pass 1 reads the file, checks every row on its own and remembers, per tracking ID, the index
//          of its last row (rows of a complaint need not be adjacent);
//   pass 2 reads it again, gathers each complaint's rows (held only until its last row is read),
//          checks them together and replays the complaint through the lifecycle (no writes);
//   pass 3 (only when the whole file is valid and every agency is known) does the same again and
//          writes each complaint as ONE transaction in create mode, several at a time (see
//          --concurrency) but never two that update the same %TL counter item. A complaint that
//          already exists is skipped and counted "already present" (checked first with a
//          consistent read; losing a race to create it counts the same), so re-running a file, or
//          finishing an interrupted import, changes nothing that is already there.
// An invalid file is rejected with every error's line number, and nothing is written.
// Open complaints whose 60-day escalation window ended before the import are marked
// escalation-eligible as the daily job would have; nothing imported is ever emailed (create mode
// writes no outbox items).
//
// Access tokens: each imported complaint gets a random access token whose hash is stored and
// which is never printed or kept. Imported reporters keep tracking their reports in SP4N-LAPOR!;
// reporter-only actions (respond, rate, reopen, escalate) are not available for imported complaints.

import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_CONFIG_PATH, loadRegionConfig, SETTINGS_ENV_VAR, toRegionSettings, ConfigError } from '../lib/config';
import { AGENCIES_TABLE, COMPLAINTS_TABLE } from '../lib/tables';
import { readRuntimeInfo, runtimeFilePath } from '../lib/local/runtime-file';
import { DynamoAgencyRepository } from '../functions/adapters/dynamodb/agency-repository';
import { createDocumentClient } from '../functions/adapters/dynamodb/client';
import { DynamoComplaintRepository } from '../functions/adapters/dynamodb/complaint-repository';
import { META_SK, complaintPk } from '../functions/adapters/dynamodb/keys';
import { hashAccessToken } from '../functions/core/access';
import { calendarFor } from '../functions/core/calendar';
import { CsvParser, type CsvRecord } from '../functions/core/csv';
import { DomainError } from '../functions/core/errors';
import {
  parseImportRow,
  planComplaint,
  readHeader,
  importTrackingId,
  type ComplaintPlan,
  type ImportHeader,
  type ImportIssue,
  type ImportRow,
} from '../functions/core/import-plan';
import type { Agency, ComplaintStatus, DispositionStatus } from '../functions/core/model';
import { periodsOf } from '../functions/core/periods';
import { DEFAULT_SETTINGS, type RegionSettings } from '../functions/core/settings';

const REPO_ROOT = resolve(__dirname, '..');
/**
 * Transactions in flight. DynamoDB scales with it; DynamoDB Local (one JVM, lock-based
 * transactions) slows down sharply beyond a few: measured 50 rows/s at 4 and 4 rows/s at 16.
 */
const DEFAULT_CONCURRENCY = 16;
const LOCAL_CONCURRENCY = 4;
/** Complaints checked for existence with one BatchGetItem (the API allows 100). */
const EXISTENCE_BATCH = 25;
/** Complaints read ahead of the writers, and existence checks in flight: bound the memory. */
const READY_LIMIT = 2000;
const CHECKS_IN_FLIGHT = 4;
/** Commits that meet another writer (TransactionConflict) or a server error are retried this often. */
const COMMIT_ATTEMPTS = 8;
/** Issues kept for the report; the rest are only counted. */
const MAX_ISSUES = 500;

export interface ImportTarget {
  /** Shown in the summary: "local (…)", "stack Tuntas-… (ap-southeast-3)". */
  label: string;
  client: DynamoDBDocumentClient;
  tables: { complaints: string; agencies: string };
  /** Transactions in flight unless ImportOptions.concurrency says otherwise (default 16). */
  concurrency?: number;
}

export interface ImportOptions {
  file: string;
  target: ImportTarget;
  settings: RegionSettings;
  dryRun?: boolean;
  createAgencies?: boolean;
  concurrency?: number;
  /** Timestamps after this are invalid; default the current time. */
  now?: Date;
  /** Progress bar stream (only drawn when it is a TTY); default none. */
  progress?: NodeJS.WriteStream;
}

export type DispositionCounts = Record<DispositionStatus, number>;

export interface ImportSummary {
  ok: boolean;
  dryRun: boolean;
  file: string;
  target: string;
  rows: number;
  complaints: number;
  /** Written by this run (dry run: would be written). */
  imported: number;
  alreadyPresent: number;
  /** Every problem found, by line (at most MAX_ISSUES kept; issueCount has them all). */
  issues: ImportIssue[];
  issueCount: number;
  unknownAgencies: string[];
  /** Agencies created by --create-agencies (dry run: that would be created). */
  createdAgencies: string[];
  /** Dispositions of the imported complaints per agency and final status. */
  dispositionsByAgency: Record<string, DispositionCounts>;
  /** Imported complaints by final status. */
  complaintsByStatus: Partial<Record<ComplaintStatus, number>>;
  /** Years of the imported history outside the holiday calendar (deadlines count weekends only). */
  yearsWithoutHolidays: number[];
  durationMs: number;
  rowsPerSecond: number;
  /** Commits retried after a conflict with another writer or a server error. */
  retries: number;
}

// ---------------------------------------------------------------------------------------------
// Reading the file: records with the share of the file read so far.

async function* readRecords(file: string, onProgress: (bytes: number) => void): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  // 64 KiB chunks: Node turns a decoded chunk above ~1 MB into an external string, which any
  // substring kept from it (a tracking ID, a title) would pin in memory as a whole.
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) {
    bytes += (chunk as Buffer).length;
    yield* parser.push(decoder.decode(chunk as Buffer, { stream: true }));
    onProgress(bytes);
  }
  yield* parser.push(decoder.decode());
  yield* parser.end();
}

/** Data rows of the file with their ordinal (0-based, header excluded), grouped by complaint. */
interface Scan {
  header?: ImportHeader;
  rows: number;
  /** Tracking ID → ordinal of its last valid row. */
  lastRow: Map<string, number>;
  /** Complaints with at least one invalid row: not replayed (their other errors would mislead). */
  invalid: Set<string>;
  agencyIds: Set<string>;
  years: Set<number>;
}

class Issues {
  readonly kept: ImportIssue[] = [];
  count = 0;
  add(...issues: ImportIssue[]) {
    for (const issue of issues) {
      this.count++;
      if (this.kept.length < MAX_ISSUES) this.kept.push(issue);
    }
  }
  sorted(): ImportIssue[] {
    return [...this.kept].sort((a, b) => a.line - b.line);
  }
}

async function scan(file: string, now: Date, settings: RegionSettings, issues: Issues, progress: Progress): Promise<Scan> {
  const { timeZone } = settings;
  const result: Scan = { rows: 0, lastRow: new Map(), invalid: new Set(), agencyIds: new Set(), years: new Set() };
  let ordinal = 0;
  for await (const record of readRecords(file, (b) => progress.update(b))) {
    if (!result.header) {
      const header = readHeader(record);
      if ('issues' in header) {
        issues.add(...header.issues);
        return result;
      }
      result.header = header.header;
      continue;
    }
    const index = ordinal++;
    result.rows++;
    const parsed = parseImportRow(record, result.header, now, settings.categories ?? DEFAULT_SETTINGS.categories);
    if ('issues' in parsed) {
      issues.add(...parsed.issues);
      const id = importTrackingId(record.fields[result.header.index.tracking_id] ?? '');
      if (id && !result.invalid.has(id)) result.invalid.add(detached(id));
      continue;
    }
    const row = parsed.row;
    // A copy: the parsed field is a slice of its chunk of the file and would keep all of it alive.
    result.lastRow.set(result.lastRow.has(row.trackingId) ? row.trackingId : detached(row.trackingId), index);
    if (row.agencyId && !result.agencyIds.has(row.agencyId)) result.agencyIds.add(detached(row.agencyId));
    result.years.add(Number(periodsOf(new Date(row.complaint.submittedAt), timeZone).year));
  }
  if (!result.header) issues.add({ line: 1, message: 'the file is empty: expected a header row' });
  return result;
}

/**
 * Complaints of the file, each once all its rows have been read: rows wait in memory only while
 * their complaint is incomplete.
 */
async function* completeComplaints(file: string, scanned: Scan, now: Date, progress: Progress): AsyncGenerator<ImportRow[]> {
  const header = scanned.header!;
  const open = new Map<string, ImportRow[]>();
  let ordinal = -1;
  let first = true;
  for await (const record of readRecords(file, (b) => progress.update(b))) {
    if (first) {
      first = false;
      continue;
    }
    ordinal++;
    const parsed = parseImportRow(record, header, now);
    if ('issues' in parsed) continue;
    const row = parsed.row;
    if (scanned.invalid.has(row.trackingId)) continue;
    const rows = open.get(row.trackingId);
    if (rows) rows.push(row);
    if (scanned.lastRow.get(row.trackingId) !== ordinal) {
      if (!rows) open.set(row.trackingId, [row]);
      continue;
    }
    open.delete(row.trackingId);
    yield rows ?? [row];
  }
}

// ---------------------------------------------------------------------------------------------
// Writing.

async function existing(target: ImportTarget, trackingIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  let keys: Record<string, unknown>[] | undefined = trackingIds.map((id) => ({ pk: complaintPk(id), sk: META_SK }));
  for (let attempt = 0; keys && keys.length > 0; attempt++) {
    const result = await target.client.send(
      new BatchGetCommand({
        RequestItems: { [target.tables.complaints]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk' } },
      }),
    );
    for (const item of result.Responses?.[target.tables.complaints] ?? []) found.add(String(item.pk).slice('COMPLAINT#'.length));
    keys = result.UnprocessedKeys?.[target.tables.complaints]?.Keys as Record<string, unknown>[] | undefined;
    if (keys?.length) await sleep(Math.min(1000, 25 * 2 ** attempt));
  }
  return found;
}

async function exists(target: ImportTarget, trackingId: string): Promise<boolean> {
  const { Item } = await target.client.send(
    new GetCommand({ TableName: target.tables.complaints, Key: { pk: complaintPk(trackingId), sk: META_SK }, ConsistentRead: true, ProjectionExpression: 'pk' }),
  );
  return Item !== undefined;
}

/** Wakes everyone waiting, each time something changed that they may be waiting for. */
class Signal {
  private waiters: Array<() => void> = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  notify() {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

// ---------------------------------------------------------------------------------------------
// Progress on stderr: one line redrawn in place, only on a terminal.

class Progress {
  private last = 0;
  private label = '';
  private total = 1;
  /** Extra text after the bar, e.g. how many complaints are written. */
  detail: () => string = () => '';
  constructor(private readonly stream: NodeJS.WriteStream | undefined, private readonly started = Date.now()) {}

  get enabled(): boolean {
    return Boolean(this.stream?.isTTY);
  }

  phase(label: string, total: number) {
    this.label = label;
    this.total = Math.max(1, total);
    this.last = 0;
  }

  update(done: number) {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && done < this.total) return;
    this.last = now;
    const share = Math.min(1, done / this.total);
    const width = 30;
    const filled = Math.round(share * width);
    const seconds = ((now - this.started) / 1000).toFixed(1);
    this.stream!.write(`\r${this.label.padEnd(22)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${seconds} s  ${this.detail()}\x1b[K`);
  }

  done() {
    if (this.enabled) this.stream!.write('\r\x1b[K');
  }
}

// ---------------------------------------------------------------------------------------------

const emptyCounts = (): DispositionCounts => ({ PENDING: 0, IN_PROGRESS: 0, COMPLETED: 0, RETURNED: 0 });

/** Validates the whole file, then (unless dryRun) writes it. Never throws for a bad file: see ok/issues. */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const file = resolve(options.file);
  const { size, mtimeMs } = statSync(file);
  const progress = new Progress(options.progress, started);
  const issues = new Issues();
  const calendar = calendarFor(options.settings);
  const summary: ImportSummary = {
    ok: false,
    dryRun: Boolean(options.dryRun),
    file,
    target: options.target.label,
    rows: 0,
    complaints: 0,
    imported: 0,
    alreadyPresent: 0,
    issues: [],
    issueCount: 0,
    unknownAgencies: [],
    createdAgencies: [],
    dispositionsByAgency: {},
    complaintsByStatus: {},
    yearsWithoutHolidays: [],
    durationMs: 0,
    rowsPerSecond: 0,
    retries: 0,
  };
  const finish = (ok: boolean): ImportSummary => {
    progress.done();
    summary.ok = ok;
    summary.issues = issues.sorted();
    summary.issueCount = issues.count;
    summary.durationMs = Date.now() - started;
    summary.rowsPerSecond = summary.durationMs > 0 ? Math.round((summary.rows / summary.durationMs) * 1000) : 0;
    return summary;
  };

  // Pass 1: rows on their own.
  progress.phase('1/3 checking rows', size);
  const scanned = await scan(file, now, options.settings, issues, progress);
  summary.rows = scanned.rows;
  summary.complaints = new Set([...scanned.lastRow.keys(), ...scanned.invalid]).size;
  if (!scanned.header) return finish(false);
  const covered = new Set(calendar.coveredYears());
  summary.yearsWithoutHolidays = [...scanned.years].filter((y) => !covered.has(y)).sort();

  const agencyRepository = new DynamoAgencyRepository(options.target.client, options.target.tables.agencies);
  const stored = new Map((await agencyRepository.list()).map((a) => [a.agencyId, a]));
  const unknown = [...scanned.agencyIds].filter((id) => !stored.has(id)).sort();
  summary.unknownAgencies = unknown;

  // Pass 2: each complaint's rows together, replayed without writing.
  progress.phase('2/3 replaying', size);
  const plannedAgencies: ReadonlyMap<string, Agency> = stored;
  const planContext = (accessTokenHash: string) => ({ calendar, settings: options.settings, agencies: plannedAgencies, accessTokenHash, now });
  for await (const rows of completeComplaints(file, scanned, now, progress)) {
    const result = planComplaint(rows, planContext(''));
    if ('issues' in result) issues.add(...result.issues);
  }
  if (issues.count > 0 || (unknown.length > 0 && !options.createAgencies)) return finish(false);

  // Pass 3 reads the file once more: it must be the file that was checked.
  const current = statSync(file);
  if (current.size !== size || current.mtimeMs !== mtimeMs) {
    throw new ImportSetupError(`${file} changed while it was being checked; nothing was written. Run the import again.`);
  }

  if (unknown.length > 0) {
    summary.createdAgencies = unknown;
    if (!options.dryRun) {
      for (const agencyId of unknown) {
        if (await agencyRepository.get(agencyId)) continue;
        await agencyRepository.put({ agencyId, name: agencyId, emails: [], active: true, updatedAt: now.toISOString() });
      }
    }
  }

  // Pass 3: write (or, for a dry run, find out what would be written).
  progress.phase(options.dryRun ? '3/3 checking target' : '3/3 importing', size);
  progress.detail = () => `${summary.imported} ${options.dryRun ? 'to import' : 'imported'}, ${summary.alreadyPresent} already present`;
  const repository = new DynamoComplaintRepository(options.target.client, options.target.tables);
  const concurrency = Math.max(1, options.concurrency ?? options.target.concurrency ?? DEFAULT_CONCURRENCY);
  const record = (plan: ComplaintPlan) => {
    summary.imported++;
    const status = plan.change.complaint.status;
    summary.complaintsByStatus[status] = (summary.complaintsByStatus[status] ?? 0) + 1;
    for (const d of plan.change.dispositions) {
      const counts = (summary.dispositionsByAgency[d.agencyId] ??= emptyCounts());
      counts[d.status]++;
    }
  };
  const commit = async (plan: ComplaintPlan): Promise<void> => {
    // After a server error the transaction may or may not have been applied.
    let uncertain = false;
    for (let attempt = 1; ; attempt++) {
      try {
        await repository.commit(plan.change, { create: true });
        record(plan);
        return;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'CONCURRENT_MODIFICATION') {
          // Either the complaint exists now (another import won the race, or our own earlier
          // attempt did land) or the transaction met another writer (the live system) on a
          // counter item: the first is done, the second is retried.
          if (await withRetries(() => exists(options.target, plan.trackingId))) {
            if (uncertain) record(plan);
            else summary.alreadyPresent++;
            return;
          }
        } else if (isTransient(error)) {
          uncertain = true;
        } else {
          throw error;
        }
        if (attempt >= COMMIT_ATTEMPTS) throw error;
        summary.retries++;
        await sleep(Math.random() * 10 * 2 ** attempt);
      }
    }
  };

  // Complaints checked for existence wait in `ready`; the dispatcher starts up to `concurrency`
  // commits, never two at once that update the same %TL counter item (agency × period): DynamoDB
  // would cancel one of them (TransactionConflict), and every complaint of an agency in a year
  // shares that year's counter.
  const ready: Array<{ plan: ComplaintPlan; keys: string[] }> = [];
  const busy = new Set<string>();
  const signal = new Signal();
  let running = 0;
  let checking = 0;
  let reading = true;
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    signal.notify();
  };
  const start = (item: { plan: ComplaintPlan; keys: string[] }) => {
    for (const key of item.keys) busy.add(key);
    running++;
    commit(item.plan)
      .catch(fail)
      .finally(() => {
        for (const key of item.keys) busy.delete(key);
        running--;
        signal.notify();
      });
  };
  const dispatcher = (async () => {
    for (;;) {
      while (!failure && running < concurrency) {
        const index = ready.findIndex((item) => item.keys.every((key) => !busy.has(key)));
        if (index < 0) break;
        start(ready.splice(index, 1)[0]!);
      }
      if ((failure || (!reading && checking === 0 && ready.length === 0)) && running === 0) return;
      await signal.wait();
    }
  })();
  const check = (batch: ComplaintPlan[]) => {
    checking++;
    withRetries(() => existing(options.target, batch.map((p) => p.trackingId)))
      .then((present) => {
        for (const plan of batch) {
          if (present.has(plan.trackingId)) summary.alreadyPresent++;
          else if (options.dryRun) record(plan);
          else ready.push({ plan, keys: plan.change.counters.map((c) => `${c.agencyId}\u0000${c.period}`) });
        }
      })
      .catch(fail)
      .finally(() => {
        checking--;
        signal.notify();
      });
  };

  try {
    let batch: ComplaintPlan[] = [];
    for await (const rows of completeComplaints(file, scanned, now, progress)) {
      if (failure) break;
      // A fresh random token per complaint; only its hash is kept, the token is dropped here.
      const result = planComplaint(rows, planContext(hashAccessToken(randomBytes(32).toString('base64url'))));
      if ('issues' in result) throw new Error(`line ${result.issues[0]?.line}: the second replay disagrees with the first: ${result.issues[0]?.message}`);
      batch.push({ ...result.plan, steps: [] });
      if (batch.length >= EXISTENCE_BATCH) {
        check(batch);
        batch = [];
      }
      // Bounded memory: the reader waits while enough work is queued.
      while (!failure && (ready.length >= READY_LIMIT || checking >= CHECKS_IN_FLIGHT)) await signal.wait();
    }
    if (batch.length > 0 && !failure) check(batch);
  } catch (error) {
    fail(error);
  } finally {
    reading = false;
    signal.notify();
    await dispatcher;
  }
  if (failure) throw failure;
  return finish(true);
}

// ---------------------------------------------------------------------------------------------
// Targets.

export class ImportSetupError extends Error {
  override name = 'ImportSetupError';
}

/** The running local system, from the runtime file `npm start` writes. */
export async function localTarget(options: { runtimeFile?: string; complaintsTable?: string; agenciesTable?: string } = {}): Promise<{ target: ImportTarget; settings?: RegionSettings }> {
  const path = options.runtimeFile ? resolve(options.runtimeFile) : runtimeFilePath();
  const info = readRuntimeInfo(path);
  if (!info?.dynamodbEndpoint) {
    throw new ImportSetupError(
      `The local system is not running (no runtime file at ${path}).\nStart it with \`npm start\` in another terminal, or import into the deployed stack with --aws.`,
    );
  }
  // Table names: from the environment the local system gives its handlers (an `npm start` older
  // than that wrote none: then the names it gives its tables).
  const named = (definition: typeof COMPLAINTS_TABLE) => info.env?.[definition.envVar] ?? `tuntas-local-${definition.id}`;
  const tables = {
    complaints: options.complaintsTable ?? named(COMPLAINTS_TABLE),
    agencies: options.agenciesTable ?? named(AGENCIES_TABLE),
  };
  const client = createDocumentClient({ endpoint: info.dynamodbEndpoint });
  await assertTablesExist(client, tables, `the local system at ${info.dynamodbEndpoint}`, () =>
    `The local system is not running (DynamoDB Local at ${info.dynamodbEndpoint} does not answer; ${path} is left over).\nStart it with \`npm start\` in another terminal.`,
  );
  // The region settings the running system uses (time zone, working days), so deadlines and
  // periods match it; else the region config's.
  const settingsJson = info.env?.[SETTINGS_ENV_VAR];
  const settings = settingsJson ? ({ ...DEFAULT_SETTINGS, ...JSON.parse(settingsJson) } as RegionSettings) : undefined;
  return {
    target: { label: `local (${tables.complaints}, ${info.dynamodbEndpoint})`, client, tables, concurrency: LOCAL_CONCURRENCY },
    ...(settings && { settings }),
  };
}

/** The deployed stack: table names from its outputs, or given. */
export async function awsTarget(options: {
  stackName: string;
  region: string;
  complaintsTable?: string;
  agenciesTable?: string;
}): Promise<{ target: ImportTarget }> {
  let complaints = options.complaintsTable;
  let agencies = options.agenciesTable;
  if (!complaints || !agencies) {
    const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
    const cloudformation = new CloudFormationClient({ region: options.region });
    let outputs: Record<string, string>;
    try {
      const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: options.stackName }));
      outputs = Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
    } catch (error) {
      throw new ImportSetupError(
        `Cannot read the outputs of stack ${options.stackName} in ${options.region}: ${(error as Error).message}\n` +
          'Check your AWS credentials and --stack / --region, or give --complaints-table and --agencies-table.',
      );
    } finally {
      cloudformation.destroy();
    }
    complaints ??= outputs[`${COMPLAINTS_TABLE.id}TableName`];
    agencies ??= outputs[`${AGENCIES_TABLE.id}TableName`];
    if (!complaints || !agencies) {
      throw new ImportSetupError(`Stack ${options.stackName} has no ${COMPLAINTS_TABLE.id}TableName / ${AGENCIES_TABLE.id}TableName outputs: is it a Tuntas stack?`);
    }
  }
  const tables = { complaints, agencies };
  const client = createDocumentClient({ region: options.region });
  await assertTablesExist(client, tables, `stack ${options.stackName} (${options.region})`);
  return { target: { label: `stack ${options.stackName} (${options.region}, ${complaints})`, client, tables, concurrency: DEFAULT_CONCURRENCY } };
}

async function assertTablesExist(
  client: DynamoDBDocumentClient,
  tables: { complaints: string; agencies: string },
  where: string,
  unreachable?: () => string,
): Promise<void> {
  const { DescribeTableCommand } = await import('@aws-sdk/client-dynamodb');
  for (const name of [tables.complaints, tables.agencies]) {
    try {
      await client.send(new DescribeTableCommand({ TableName: name }));
    } catch (error) {
      const e = error as Error & { code?: string; cause?: { code?: string } };
      if (e.name === 'ResourceNotFoundException') throw new ImportSetupError(`Table ${name} does not exist in ${where}.`);
      const refused = e.code === 'ECONNREFUSED' || e.cause?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(e.message) + String((e as { errors?: unknown }).errors ?? ''));
      if (refused && unreachable) throw new ImportSetupError(unreachable());
      throw new ImportSetupError(`Cannot reach table ${name} in ${where}: ${e.name}: ${e.message}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The command line.

const USAGE =
  'Usage: npm run import -- <file.csv> [--dry-run] [--create-agencies] [--aws [--stack NAME] [--region REGION]]\n' +
  '         [--complaints-table NAME --agencies-table NAME] [--config PATH] [--runtime-file PATH] [--concurrency N]';

interface CliArgs {
  file?: string;
  dryRun: boolean;
  aws: boolean;
  createAgencies: boolean;
  stack?: string;
  region?: string;
  complaintsTable?: string;
  agenciesTable?: string;
  config?: string;
  runtimeFile?: string;
  concurrency?: number;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { dryRun: false, aws: false, createAgencies: false };
  const valued: Record<string, keyof CliArgs> = {
    '--stack': 'stack',
    '--region': 'region',
    '--complaints-table': 'complaintsTable',
    '--agencies-table': 'agenciesTable',
    '--config': 'config',
    '--runtime-file': 'runtimeFile',
    '--concurrency': 'concurrency',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--dry-run') args.dryRun = true;
    else if (name === '--aws') args.aws = true;
    else if (name === '--create-agencies') args.createAgencies = true;
    else if (name === '--help' || name === '-h') throw new ImportSetupError(USAGE);
    else if (valued[name]) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new ImportSetupError(`${name} needs a value\n${USAGE}`);
      if (name === '--concurrency') {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new ImportSetupError('--concurrency must be a whole number from 1 to 64');
        args.concurrency = n;
      } else (args as unknown as Record<string, string>)[valued[name]!] = value;
    } else if (name.startsWith('-')) throw new ImportSetupError(`Unknown option ${name}\n${USAGE}`);
    else if (args.file) throw new ImportSetupError(`Only one file can be imported at a time\n${USAGE}`);
    else args.file = name;
  }
  if (!args.file) throw new ImportSetupError(USAGE);
  if (!args.aws && (args.stack || args.region)) throw new ImportSetupError('--stack and --region apply only with --aws');
  return args;
}

export function formatSummary(s: ImportSummary): string {
  const lines: string[] = [];
  const n = (v: number) => v.toLocaleString('en-US');
  if (!s.ok) {
    lines.push(`${s.file} was NOT imported: nothing was written.`);
    if (s.issueCount > 0) {
      lines.push('', `${n(s.issueCount)} problem(s):`);
      const shown = s.issues.slice(0, 200);
      for (const issue of shown) lines.push(`  line ${issue.line}: ${issue.message}`);
      if (s.issueCount > shown.length) lines.push(`  … and ${n(s.issueCount - shown.length)} more`);
    }
    if (s.unknownAgencies.length > 0) {
      lines.push(
        '',
        `Unknown agencies (not in the Agencies table of ${s.target}): ${s.unknownAgencies.join(', ')}`,
        'Add them first (admin API or the region config), or run again with --create-agencies to create them with their ID as name.',
      );
    }
    return lines.join('\n');
  }
  const verb = s.dryRun ? 'would be imported' : 'imported';
  lines.push(s.dryRun ? `DRY RUN of ${s.file}: nothing was written.` : `Imported ${s.file}.`);
  lines.push(`  target              ${s.target}`);
  lines.push(`  rows                ${n(s.rows)}`);
  lines.push(`  complaints          ${n(s.complaints)}`);
  lines.push(`  ${verb.padEnd(20)}${n(s.imported)}`);
  lines.push(`  already present     ${n(s.alreadyPresent)}`);
  if (s.createdAgencies.length > 0) lines.push(`  agencies ${s.dryRun ? 'to create ' : 'created   '} ${s.createdAgencies.join(', ')}`);
  const statuses = Object.entries(s.complaintsByStatus).sort(([a], [b]) => a.localeCompare(b));
  if (statuses.length > 0) lines.push(`  by status           ${statuses.map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);
  const agencies = Object.keys(s.dispositionsByAgency).sort();
  if (agencies.length > 0) {
    lines.push('', `  dispositions ${verb}, per agency:`);
    lines.push(`    ${'agency'.padEnd(20)}${['pending', 'in progress', 'completed', 'returned', 'total'].map((h) => h.padStart(12)).join('')}`);
    for (const agency of agencies) {
      const c = s.dispositionsByAgency[agency]!;
      const total = c.PENDING + c.IN_PROGRESS + c.COMPLETED + c.RETURNED;
      lines.push(`    ${agency.padEnd(20)}${[c.PENDING, c.IN_PROGRESS, c.COMPLETED, c.RETURNED, total].map((v) => n(v).padStart(12)).join('')}`);
    }
  }
  if (s.yearsWithoutHolidays.length > 0) {
    lines.push(
      '',
      `  note: the holiday calendar does not cover ${s.yearsWithoutHolidays.join(', ')}; deadlines there skip only weekends and the region's extraHolidays.`,
    );
  }
  lines.push('', `  duration            ${(s.durationMs / 1000).toFixed(1)} s (${n(s.rowsPerSecond)} rows/s)`);
  if (s.retries > 0) lines.push(`  retried commits     ${n(s.retries)} (transaction conflicts with other writers, or server errors)`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  try {
    const configPath = resolve(args.config ?? process.env.TUNTAS_CONFIG ?? resolve(REPO_ROOT, DEFAULT_CONFIG_PATH));
    const config = loadRegionConfig(configPath);
    let resolved: { target: ImportTarget; settings?: RegionSettings };
    if (args.aws) {
      const stackName = args.stack ?? (await import('../lib/constructs/naming')).stackIdFor(config.regionName);
      resolved = await awsTarget({
        stackName,
        region: args.region ?? config.awsRegion,
        ...(args.complaintsTable && { complaintsTable: args.complaintsTable }),
        ...(args.agenciesTable && { agenciesTable: args.agenciesTable }),
      });
    } else {
      resolved = await localTarget({
        ...(args.runtimeFile && { runtimeFile: args.runtimeFile }),
        ...(args.complaintsTable && { complaintsTable: args.complaintsTable }),
        ...(args.agenciesTable && { agenciesTable: args.agenciesTable }),
      });
    }
    try {
      statSync(args.file!);
    } catch {
      throw new ImportSetupError(`Cannot read ${args.file}`);
    }
    const summary = await runImport({
      file: args.file!,
      target: resolved.target,
      settings: resolved.settings ?? toRegionSettings(config),
      dryRun: args.dryRun,
      createAgencies: args.createAgencies,
      ...(args.concurrency && { concurrency: args.concurrency }),
      progress: process.stderr,
    });
    (summary.ok ? console.log : console.error)(formatSummary(summary));
    resolved.target.client.destroy();
    return summary.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof ImportSetupError || error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    console.error(`The import stopped: ${(error as Error).stack ?? String(error)}\nComplaints written so far are complete; run the same command again to import the rest.`);
    return 1;
  }
}

/**
 * Throttling and server errors (the SDK has already retried them a few times). DynamoDB Local
 * also answers a busy lock with a 500 ("timed out ... waiting for a lock").
 */
function isTransient(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = e?.$metadata?.httpStatusCode ?? 0;
  return (
    status >= 500 ||
    e?.$retryable !== undefined ||
    ['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'InternalServerError', 'TransactionInProgressException'].includes(e?.name ?? '')
  );
}

async function withRetries<T>(action: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (!isTransient(error) || attempt >= COMMIT_ATTEMPTS) throw error;
      await sleep(Math.random() * 10 * 2 ** attempt);
    }
  }
}

/** The same text in a string of its own, holding no reference to the (large) string it was cut from. */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

if (require.main === module) {
  main().then((code) => {
    process.exitCode = code;
  });
}
