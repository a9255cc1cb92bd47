// B3 — the compliance job at national scale. 600 agencies; a region with 10,000 dispositions,
// then one with 100,000, of which the same 2,000 are PENDING in both (the rest completed),
// all in the current year, seeded straight into the tables with counters consistent with them
// (recountCounters: what the reconciliation job would store). One compliance job run (the jobs
// function's ComplianceService.runCompliance, warnings by email through SES local included) is
// timed, and the read capacity it consumed is taken from DynamoDB's own ReturnConsumedCapacity.
// The design promise under test: the job reads in proportion to agencies and open dispositions,
// never to the whole history.

import { resolve } from 'node:path';
import { createDynamoDbClient, toDocumentClient } from '../functions/adapters/dynamodb/client';
import { DynamoAgencyRepository } from '../functions/adapters/dynamodb/agency-repository';
import { DynamoComplaintRepository } from '../functions/adapters/dynamodb/complaint-repository';
import { DynamoComplianceRepository } from '../functions/adapters/dynamodb/compliance-repository';
import { DynamoEmailLedger } from '../functions/adapters/dynamodb/email-ledger';
import { SesMailer, createSesClient } from '../functions/adapters/ses-mailer';
import { randomIds, systemClock } from '../functions/adapters/system';
import { calendarFor } from '../functions/core/calendar';
import { ComplianceService, recountCounters } from '../functions/core/compliance-service';
import type { Agency, Disposition } from '../functions/core/model';
import { periodBounds, periodsOf } from '../functions/core/periods';
import type { RegionSettings } from '../functions/core/settings';
import { DEFAULT_CONFIG_PATH, loadRegionConfig, toRegionSettings } from '../lib/config';
import { CapacityMeter, type CapacityReport } from './lib/capacity';
import { REPO_ROOT } from './lib/processes';
import { BatchWriter, baseComplaint, dispositionedComplaint, itemMappers, prng, trackingIdFor } from './lib/seed';
import { type BenchContext, createBenchTables, deleteBenchTables } from './lib/stand-ins';
import { median, ratio, round } from './lib/stats';

export interface B3Options {
  agencies: number;
  /** Disposition counts; each size is its own data set, the first `pending` dispositions alike. */
  sizes: number[];
  /** PENDING dispositions, the same ones at every size. */
  pending: number;
  /** Rounds of measured job runs, one per size each, alternating the order (medians reported); every run gets a fresh email ledger. */
  repetitions: number;
  /** One unmeasured run on each size before the rounds. */
  warmup: boolean;
  /** After the measured runs, the reconciliation job must find no counter drift (proves the seed). */
  verifySeed: boolean;
  /** BatchWriteItem calls in flight while seeding. */
  seedConcurrency: number;
  /** Keep the largest data set's tables for B4 (the caller drops them). */
  keepLargest: boolean;
}

export const B3_DEFAULTS: B3Options = {
  agencies: 600,
  sizes: [10_000, 100_000],
  pending: 2_000,
  repetitions: 5,
  warmup: true,
  verifySeed: true,
  seedConcurrency: 16,
  keepLargest: false,
};
/**
 * `--b3-million`: the same region at 10,000 and 1,000,000 dispositions (the same 2,000 open), 2M
 * items seeded with batch writes before anything is measured. Opt-in: seeding alone takes a long
 * while on DynamoDB Local's single SQLite thread.
 */
export const B3_MILLION: B3Options = { ...B3_DEFAULTS, sizes: [10_000, 1_000_000] };
export const B3_SMOKE: B3Options = {
  agencies: 20,
  sizes: [100, 200],
  pending: 40,
  repetitions: 1,
  warmup: false,
  verifySeed: true,
  seedConcurrency: 8,
  keepLargest: false,
};

export const B3_TARGETS = { maxReadCapacityRatio: 1.2, maxTimeRatio: 1.5 };

export interface B3Run {
  ms: number;
  capacity: CapacityReport;
  agenciesReported: number;
  belowThreshold: number;
  warningsSent: number;
  warningsOther: number;
  summary: string;
  /** PENDING + IN_PROGRESS in the year's counters: the open dispositions the job lists. */
  openDispositions: number;
}

export interface B3Size {
  dispositions: number;
  complaints: number;
  seed: { items: number; ms: number; itemsPerSecond: number };
  runs: B3Run[];
  medianMs: number;
  medianReadCapacityUnits: number;
  medianWriteCapacityUnits: number;
  /** Largest counter item (bytes, as DynamoDB sizes it roughly: JSON length): grows with history. */
  largestCounterItemBytes: number;
  /** Reconciliation after the runs: counters that differed from a recount (must be 0). */
  seedDrift?: number;
}

export interface B3Dataset {
  prefix: string;
  tables: Record<string, string>;
  complaints: number;
  /** Local dates (YYYY-MM-DD) covering every submission. */
  from: string;
  to: string;
}

export interface B3Result {
  agencies: number;
  failingAgencies: number;
  pending: number;
  at: string;
  sizes: B3Size[];
  readCapacityRatio: number;
  timeRatio: number;
  meetsReadCapacityTarget: boolean;
  meetsTimeTarget: boolean;
  targets: typeof B3_TARGETS;
  /** The largest data set, when keepLargest was asked for. */
  dataset?: B3Dataset;
}

/** Agencies that miss the passing grade: 10% of them hold 3/4 of the pending dispositions. */
const FAILING_SHARE = 0.1;
/** Completed dispositions of each failing agency (the same at every size). */
const FAILING_COMPLETED = 5;

interface World {
  agencies: Agency[];
  failing: number;
  settings: RegionSettings;
  at: Date;
  yearStart: number;
}

/**
 * The i-th disposition of the region, the same at every size: the first `pending` are PENDING
 * (3/4 at failing agencies), then each failing agency's few completed ones, then completed
 * dispositions round-robin over the healthy agencies. Dates spread over the current year up to now.
 */
function dispositionAt(world: World, options: B3Options, index: number) {
  const rng = prng(1_000_003 + index);
  const healthy = world.agencies.length - world.failing;
  const failingPending = Math.round(options.pending * 0.75);
  let agency: Agency;
  let completed: boolean;
  if (index < options.pending) {
    completed = false;
    agency = index < failingPending ? world.agencies[index % world.failing]! : world.agencies[world.failing + (index % healthy)]!;
  } else if (index < options.pending + world.failing * FAILING_COMPLETED) {
    completed = true;
    agency = world.agencies[(index - options.pending) % world.failing]!;
  } else {
    completed = true;
    agency = world.agencies[world.failing + ((index - options.pending) % healthy)]!;
  }
  // Between 5 days into the year and 2 days ago, so submissions and deadlines stay in the year.
  const first = world.yearStart + 5 * 86_400_000;
  const last = world.at.getTime() - 2 * 86_400_000;
  const dispositionedAt = new Date(first + Math.floor(rng.next() * Math.max(1, last - first)));
  return { rng, agency, completed, dispositionedAt };
}

async function seedRange(
  endpoint: string,
  world: World,
  options: B3Options,
  tables: Record<string, string>,
  from: number,
  to: number,
  byAgency: Map<string, Disposition[]>,
): Promise<{ items: number; ms: number }> {
  const started = performance.now();
  const client = createDynamoDbClient({ endpoint });
  const writer = new BatchWriter(toDocumentClient(client), options.seedConcurrency);
  const mappers = itemMappers({ complaints: tables.COMPLAINTS_TABLE!, agencies: tables.AGENCIES_TABLE! });
  const calendar = calendarFor(world.settings);
  if (from === 0) for (const agency of world.agencies) await writer.push(tables.AGENCIES_TABLE!, mappers.agency(agency));
  for (let index = from; index < to; index++) {
    const { rng, agency, completed, dispositionedAt } = dispositionAt(world, options, index);
    const complaint = baseComplaint(rng, {
      trackingId: trackingIdFor(world.settings.trackingPrefix, index),
      submittedAt: new Date(dispositionedAt.getTime() - rng.int(1, 72) * 3_600_000),
      calendar,
      verificationWorkingDays: world.settings.verificationWorkingDays,
    });
    const pair = dispositionedComplaint(complaint, {
      agency,
      dispositionedAt,
      followUpWorkingDays: world.settings.followUpWorkingDays,
      ...(completed && { completedAfterHours: rng.int(2, 200) }),
      calendar,
    });
    await writer.push(tables.COMPLAINTS_TABLE!, mappers.complaint(pair.complaint));
    await writer.push(tables.COMPLAINTS_TABLE!, mappers.disposition(pair.disposition));
    const list = byAgency.get(agency.agencyId) ?? [];
    list.push(pair.disposition);
    byAgency.set(agency.agencyId, list);
  }
  // Counters for the data set as it now stands (replacing any from the smaller size).
  for (const dispositions of byAgency.values()) {
    for (const counters of recountCounters(dispositions, world.settings.timeZone)) await writer.push(tables.AGENCIES_TABLE!, mappers.counters(counters));
  }
  const stats = await writer.flush();
  client.destroy();
  return { items: stats.items, ms: performance.now() - started };
}

export async function runB3(ctx: BenchContext, options: B3Options = B3_DEFAULTS): Promise<B3Result> {
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const config = loadRegionConfig(resolve(REPO_ROOT, DEFAULT_CONFIG_PATH));
  const settings = toRegionSettings(config);
  const calendar = calendarFor(settings);
  // The job runs "now"; in the first days of a year there is no room for a year of data, so the
  // run is then a replay (jobs take their time from the event) on the last day of the year before.
  let at = new Date();
  if (at.getTime() - periodBounds(periodsOf(at, settings.timeZone).year, settings.timeZone).start.getTime() < 10 * 86_400_000) {
    at = new Date(periodBounds(periodsOf(at, settings.timeZone).year, settings.timeZone).start.getTime() - 12 * 3_600_000);
  }
  const { year } = periodsOf(at, settings.timeZone);
  const failing = Math.max(1, Math.round(options.agencies * FAILING_SHARE));
  const smallest = sizes[0]!;
  if (options.agencies < 2 || smallest < options.pending + failing * FAILING_COMPLETED) {
    throw new Error(`B3: ${smallest} dispositions cannot hold ${options.pending} pending plus ${failing * FAILING_COMPLETED} completed at failing agencies`);
  }
  const world: World = {
    agencies: Array.from({ length: options.agencies }, (_, i) => {
      const agencyId = `opd-${String(i + 1).padStart(3, '0')}`;
      return {
        agencyId,
        name: `Perangkat Daerah ${String(i + 1).padStart(3, '0')}`,
        emails: [`${agencyId}@bench.example.go.id`],
        active: true,
        updatedAt: at.toISOString(),
      };
    }),
    failing,
    settings,
    at,
    yearStart: periodBounds(year, settings.timeZone).start.getTime(),
  };

  const ledgers: Array<Record<string, string>> = [];
  const dataSets: Array<Record<string, string>> = [];
  const results: B3Size[] = [];
  const meter = new CapacityMeter();
  // The jobs function's composition (functions/handlers/dependencies.ts, `compliance`), with the
  // metered client: the same repositories, mailer and ledger.
  const lowLevel = createDynamoDbClient({ endpoint: ctx.standIns.dynamodbEndpoint, region: config.awsRegion });
  meter.attach(lowLevel);
  const client = toDocumentClient(lowLevel);
  const mailer = new SesMailer(createSesClient({ endpoint: ctx.standIns.sesEndpoint, region: config.awsRegion }), { sender: config.email.sender });
  const complianceWithFreshLedger = async (tables: Record<string, string>) => {
    // Each run mails as a first run of the day would: a new, empty ledger table.
    const ledger = await createBenchTables(ctx.standIns.dynamodbEndpoint, 'b3-ledger');
    ledgers.push(ledger.tables);
    const names = { complaints: tables.COMPLAINTS_TABLE!, agencies: tables.AGENCIES_TABLE! };
    return new ComplianceService(
      {
        complaints: new DynamoComplaintRepository(client, names),
        agencies: new DynamoAgencyRepository(client, names.agencies),
        compliance: new DynamoComplianceRepository(client, names),
        clock: systemClock,
        ids: randomIds,
        mailer,
        ledger: new DynamoEmailLedger(client, ledger.tables.EMAIL_LEDGER_TABLE!),
      },
      settings,
      calendar,
      { coordinator: [...config.email.coordinator], ombudsman: config.email.ombudsman },
    );
  };
  const runOnce = async (tables: Record<string, string>): Promise<B3Run> => {
    const service = await complianceWithFreshLedger(tables);
    meter.reset();
    const started = performance.now();
    const run = await service.runCompliance(at);
    const ms = performance.now() - started;
    return {
      ms: round(ms, 1),
      capacity: meter.report(),
      agenciesReported: run.year.agencies.length,
      belowThreshold: run.year.agencies.filter((a) => a.belowThreshold).length,
      warningsSent: run.warnings.filter((w) => w.delivery === 'sent').length,
      warningsOther: run.warnings.filter((w) => w.delivery !== 'sent').length,
      summary: run.summary,
      openDispositions: run.year.region.pending + run.year.region.inProgress,
    };
  };

  let dataset: B3Dataset | undefined;
  try {
    // Every size is a data set of its own (the same first dispositions, so the same pending ones),
    // bulk-loaded, then given the stack's exact table definitions (see createBenchTables). All
    // are loaded before anything is measured, so every run sees the same store.
    const sets: Array<{ size: number; tables: Record<string, string>; prefix: string; byAgency: Map<string, Disposition[]>; seed: { items: number; ms: number } }> = [];
    for (const size of sizes) {
      const set = await createBenchTables(ctx.standIns.dynamodbEndpoint, `b3-${size}`, { bulkLoad: true });
      dataSets.push(set.tables);
      const byAgency = new Map<string, Disposition[]>();
      ctx.log(`B3 seeding ${size} dispositions (${options.agencies} agencies)`);
      const seed = await seedRange(ctx.standIns.dynamodbEndpoint, world, options, set.tables, 0, size, byAgency);
      await set.complete();
      ctx.log(`B3 seeded ${seed.items} items in ${(seed.ms / 1000).toFixed(1)} s`);
      sets.push({ size, tables: set.tables, prefix: set.prefix, byAgency, seed });
    }
    // A warm-up run on each (JIT here and in DynamoDB Local, the store settling after the load),
    // then rounds that alternate the order (small→large, large→small, ...) so that drift on a
    // shared machine hits every size alike.
    if (options.warmup) {
      for (const set of sets) {
        ctx.log(`B3 ${set.size}: warm-up run`);
        await runOnce(set.tables);
      }
    }
    const runsBySize = new Map<number, B3Run[]>(sets.map((set) => [set.size, []]));
    for (let round = 0; round < options.repetitions; round++) {
      for (const set of round % 2 === 0 ? sets : [...sets].reverse()) {
        const run = await runOnce(set.tables);
        runsBySize.get(set.size)!.push(run);
        ctx.log(`B3 round ${round + 1}/${options.repetitions}, ${set.size}: ${run.ms} ms, RCU ${run.capacity.readCapacityUnits}`);
      }
    }
    for (const set of sets) {
      const runs = runsBySize.get(set.size)!;
      let largestCounterItemBytes = 0;
      for (const dispositions of set.byAgency.values()) {
        for (const c of recountCounters(dispositions, settings.timeZone)) {
          largestCounterItemBytes = Math.max(largestCounterItemBytes, JSON.stringify(c).length);
        }
      }
      let seedDrift: number | undefined;
      if (options.verifySeed) {
        seedDrift = (await (await complianceWithFreshLedger(set.tables)).reconcile()).drift.length;
        ctx.log(`B3 ${set.size}: reconciliation drift ${seedDrift}`);
      }
      results.push({
        dispositions: set.size,
        complaints: set.size,
        seed: { items: set.seed.items, ms: round(set.seed.ms, 0), itemsPerSecond: round((set.seed.items / set.seed.ms) * 1000, 0) },
        runs,
        medianMs: round(median(runs.map((r) => r.ms)), 1),
        medianReadCapacityUnits: round(median(runs.map((r) => r.capacity.readCapacityUnits)), 1),
        medianWriteCapacityUnits: round(median(runs.map((r) => r.capacity.writeCapacityUnits)), 1),
        largestCounterItemBytes,
        ...(seedDrift !== undefined && { seedDrift }),
      });
      if (options.keepLargest && set === sets.at(-1)) {
        const submitted = [...set.byAgency.values()].flat().map((d) => d.submittedAt).sort();
        dataset = {
          prefix: set.prefix,
          tables: set.tables,
          complaints: set.size,
          from: calendar.localDate(new Date(submitted[0]!)),
          to: calendar.localDate(new Date(submitted.at(-1)!)),
        };
      }
    }
    const first = results[0]!;
    const last = results.at(-1)!;
    const readCapacityRatio = round(ratio(last.medianReadCapacityUnits, first.medianReadCapacityUnits), 3);
    const timeRatio = round(ratio(last.medianMs, first.medianMs), 3);
    return {
      agencies: options.agencies,
      failingAgencies: failing,
      pending: options.pending,
      at: at.toISOString(),
      sizes: results,
      readCapacityRatio,
      timeRatio,
      meetsReadCapacityTarget: readCapacityRatio <= B3_TARGETS.maxReadCapacityRatio,
      meetsTimeTarget: timeRatio <= B3_TARGETS.maxTimeRatio,
      targets: B3_TARGETS,
      ...(dataset && { dataset }),
    };
  } finally {
    lowLevel.destroy();
    for (const ledger of ledgers) await deleteBenchTables(ctx, ledger);
    for (const tables of dataSets) if (tables !== dataset?.tables) await deleteBenchTables(ctx, tables);
  }
}
