// B2 — API overhead. `POST /complaints` and `GET /complaints/{trackingId}` through the local
// runtime's HTTP adapter (the real public handler behind API Gateway's payload-2.0 events, in a
// process of its own) driven by autocannon, against the raw SDK calls of the same items on the
// same DynamoDB Local (the filing's one TransactWriteItems, a consistent GetItem; a PutItem of the
// complaint item for reference), driven from this process with the same concurrency and duration.
// Loopback only, bounded (fixed connections, fixed seconds). After a short warm-up of each side,
// rounds of short phases in which raw and API swap order every other round, so drift on a shared
// machine hits both sides alike; medians over the rounds.

import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import autocannon, { type Request as AutocannonRequest, type Result as AutocannonResult } from 'autocannon';
import { calendarFor } from '../functions/core/calendar';
import { DEFAULT_SETTINGS } from '../functions/core/settings';
import { LOCAL_AWS_REGION, LOCAL_CREDENTIALS } from '../lib/local/dynamodb-local';
import { rateLimitUpdate } from '../functions/adapters/dynamodb/rate-limiter';
import { startLocalApi } from './lib/processes';
import { baseComplaint, itemMappers, prng } from './lib/seed';
import { type BenchContext, benchPrefix, createBenchTables, deleteBenchTables } from './lib/stand-ins';
import { closedLoop, type LoadStats } from './lib/load';
import { median, ratio, round } from './lib/stats';

export interface B2Options {
  /** Seconds each measured phase runs. */
  durationSeconds: number;
  /** Seconds of warm-up per side before the measured phases. */
  warmupSeconds: number;
  /** Requests in flight (autocannon connections; SDK calls in flight on the raw side). */
  connections: number;
  /** Rounds of all phases; medians over the rounds are reported. */
  rounds: number;
}

export const B2_DEFAULTS: B2Options = { durationSeconds: 3, warmupSeconds: 5, connections: 16, rounds: 3 };
export const B2_SMOKE: B2Options = { durationSeconds: 1, warmupSeconds: 0, connections: 4, rounds: 1 };

/** POST against the raw transaction of the same items; GET against a raw consistent GetItem. */
export const B2_TARGETS = { minSubmitToRawTransact: 0.8, minReadToRawGet: 0.5 };

export interface B2Pair {
  api: LoadStats & { operation: string; roundsThroughputPerSecond: number[] };
  raw: LoadStats & { operation: string; roundsThroughputPerSecond: number[] };
  /** API / raw throughput in each round. */
  roundRatios: number[];
  /** The median of the rounds' ratios. */
  apiToRawThroughput: number;
  target: number;
  meetsTarget: boolean;
}

export interface B2Result {
  connections: number;
  durationSeconds: number;
  rounds: number;
  /** Against the raw TransactWriteItems of what one filing commits: the store's ceiling for it. */
  submit: B2Pair & {
    /** For reference: a raw PutItem of the complaint item alone (the cheapest write of one). */
    rawPut: LoadStats & { operation: string; roundsThroughputPerSecond: number[] };
    apiToRawPutThroughput: number;
  };
  read: B2Pair;
  /** What one API request does in DynamoDB, for reading the ratios. */
  notes: string[];
  targets: typeof B2_TARGETS;
}

/** What a citizen submits (validated by the handler exactly like a real request). */
const SUBMISSION = JSON.stringify({
  classification: 'PENGADUAN',
  title: 'Jalan berlubang di depan pasar Cepu',
  description: 'Lubang besar di depan pasar sudah dua bulan, membahayakan pengendara motor terutama malam hari. Mohon segera diperbaiki.',
  category: 'Infrastruktur',
  reporter: { name: 'Sri Lestari', email: 'sri.lestari@mail.example', phone: '+6281234567890' },
});

/** Medians over rounds, field by field (throughput, p50, p99), with the rounds' throughputs kept. */
function medianStats(rounds: readonly LoadStats[]): LoadStats & { roundsThroughputPerSecond: number[] } {
  const m = (pick: (s: LoadStats) => number) => round(median(rounds.map(pick)), 2);
  return {
    requests: rounds.reduce((n, s) => n + s.requests, 0),
    errors: rounds.reduce((n, s) => n + s.errors, 0),
    durationSeconds: round(rounds.reduce((n, s) => n + s.durationSeconds, 0), 2),
    throughputPerSecond: m((s) => s.throughputPerSecond),
    p50Ms: m((s) => s.p50Ms),
    p99Ms: m((s) => s.p99Ms),
    roundsThroughputPerSecond: rounds.map((s) => s.throughputPerSecond),
  };
}

function fromAutocannon(result: AutocannonResult): LoadStats {
  const ok = Object.entries(result.statusCodeStats ?? {})
    .filter(([status]) => status.startsWith('2'))
    .reduce((n, [, s]) => n + s.count, 0);
  return {
    requests: ok,
    errors: result.errors + result.non2xx,
    durationSeconds: round(result.duration, 2),
    throughputPerSecond: round(ok / result.duration, 1),
    p50Ms: round(result.latency.p50, 2),
    p99Ms: round(result.latency.p99, 2),
  };
}

export async function runB2(ctx: BenchContext, options: B2Options = B2_DEFAULTS): Promise<B2Result> {
  const { prefix, tables } = await createBenchTables(ctx.standIns.dynamodbEndpoint, 'b2');
  // The public API's per-client limit (30 an hour from one IP) would turn the load into 429s:
  // the local system gets the highest limit the config allows.
  const api = await startLocalApi({
    dynamodbEndpoint: ctx.standIns.dynamodbEndpoint,
    sesEndpoint: ctx.standIns.sesEndpoint,
    s3Endpoint: ctx.standIns.s3Endpoint,
    tablePrefix: prefix,
    filesBucket: benchPrefix('b2-files').slice(0, 60),
    limits: { submissionsPerClientPerHour: 100_000 },
  });
  const client = new DynamoDBClient({ endpoint: ctx.standIns.dynamodbEndpoint, region: LOCAL_AWS_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const mappers = itemMappers({ complaints: tables.COMPLAINTS_TABLE!, agencies: tables.AGENCIES_TABLE! });
  const calendar = calendarFor(DEFAULT_SETTINGS);
  const rng = prng(2);
  const rawKeys: Array<Record<string, unknown>> = [];
  const apiIds: string[] = [];
  const seconds = options.durationSeconds;
  const connections = options.connections;

  // A new complaint item as the repository stores it (same attributes, same size).
  const newComplaintItem = () => {
    const complaint = baseComplaint(rng, {
      trackingId: `BLR-${randomUUID().slice(0, 10).toUpperCase()}`,
      submittedAt: new Date(),
      calendar,
      verificationWorkingDays: 3,
    });
    return { complaint, item: mappers.complaint(complaint) };
  };
  // Raw: PutItem of that item.
  const rawPut = (phaseSeconds: number) =>
    closedLoop(connections, phaseSeconds, async () => {
      const { item } = newComplaintItem();
      await client.send(new PutItemCommand({ TableName: tables.COMPLAINTS_TABLE, Item: marshall(item, { removeUndefinedValues: true }) }));
      rawKeys.push({ pk: item.pk, sk: item.sk });
    });
  // The write one filing makes, as one raw TransactWriteItems: the client's rate-limit count
  // (one client, as every API request comes from 127.0.0.1) and the complaint with its first
  // timeline entry, both conditional creates.
  const rawTransact = (phaseSeconds: number) =>
    closedLoop(connections, phaseSeconds, async () => {
      const { complaint, item } = newComplaintItem();
      const timeline = { pk: item.pk, sk: 'TIMELINE#0001-00', trackingId: complaint.trackingId, seq: '0001-00', at: complaint.submittedAt, type: 'SUBMITTED', actor: { role: 'reporter' }, toStatus: 'SUBMITTED' };
      const count = rateLimitUpdate(tables.REQUEST_GUARDS_TABLE!, { scope: 'benchRaw', client: '127.0.0.1', limit: { limit: 1e9, windowSeconds: 3600 }, now: new Date() });
      await client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                ...count,
                Key: marshall(count.Key),
                ExpressionAttributeValues: marshall(count.ExpressionAttributeValues),
              },
            },
            ...[item, timeline].map((it) => ({
              Put: { TableName: tables.COMPLAINTS_TABLE, Item: marshall(it, { removeUndefinedValues: true }), ConditionExpression: 'attribute_not_exists(pk)' },
            })),
          ],
        }),
      );
    });
  let next = 0;
  // Raw: GetItem (strongly consistent, like the repository's read) of the items put above.
  const rawGet = (phaseSeconds: number) =>
    closedLoop(connections, phaseSeconds, async () => {
      const key = rawKeys[next++ % rawKeys.length]!;
      const result = await client.send(new GetItemCommand({ TableName: tables.COMPLAINTS_TABLE, Key: marshall(key), ConsistentRead: true }));
      if (!result.Item) throw new Error('missing item');
    });
  // The API side: autocannon with the same connections, for one phase.
  const drive = async (phaseSeconds: number, request: AutocannonRequest) =>
    fromAutocannon(await autocannon({ url: api.ready.apiUrl, connections, duration: phaseSeconds, timeout: 30, requests: [request] }));
  const apiPost = (phaseSeconds: number) =>
    drive(phaseSeconds, {
      method: 'POST',
      path: '/complaints',
      headers: { 'content-type': 'application/json' },
      body: SUBMISSION,
      onResponse: (status, body) => {
        if (status === 201) apiIds.push((JSON.parse(body) as { trackingId: string }).trackingId);
      },
    });
  let nextId = 0;
  const apiGet = (phaseSeconds: number) =>
    drive(phaseSeconds, {
      method: 'GET',
      setupRequest: (request) => ({ ...request, path: `/complaints/${apiIds[nextId++ % apiIds.length]}` }),
    });

  try {
    if (options.warmupSeconds > 0) {
      ctx.log('B2 warm-up');
      await rawTransact(options.warmupSeconds);
      await apiPost(options.warmupSeconds);
    }
    // Rounds; within each, the raw and the API side of a pair swap order every other round.
    const samples = { rawPut: [] as LoadStats[], apiPost: [] as LoadStats[], rawTransact: [] as LoadStats[], rawGet: [] as LoadStats[], apiGet: [] as LoadStats[] };
    for (let r = 0; r < options.rounds; r++) {
      const flip = r % 2 === 1;
      ctx.log(`B2 round ${r + 1}/${options.rounds}: submit (${seconds} s x ${connections} each)`);
      for (const side of flip ? ['api', 'raw'] : ['raw', 'api']) {
        if (side === 'raw') samples.rawTransact.push(await rawTransact(seconds));
        else samples.apiPost.push(await apiPost(seconds));
      }
      samples.rawPut.push(await rawPut(seconds));
      if (rawKeys.length === 0 || apiIds.length === 0) throw new Error('B2: no item was written; nothing to read back');
      ctx.log(`B2 round ${r + 1}/${options.rounds}: read`);
      for (const side of flip ? ['api', 'raw'] : ['raw', 'api']) {
        if (side === 'raw') samples.rawGet.push(await rawGet(seconds));
        else samples.apiGet.push(await apiGet(seconds));
      }
    }
    const rawPutStats = medianStats(samples.rawPut);
    const apiPostStats = medianStats(samples.apiPost);
    const rawTransactStats = medianStats(samples.rawTransact);
    const rawGetStats = medianStats(samples.rawGet);
    const apiGetStats = medianStats(samples.apiGet);

    // The ratio of each round (both sides measured back to back), then their median: drift
    // between rounds (JIT warming the store, other load on the machine) cancels out.
    const pair = (
      apiStats: ReturnType<typeof medianStats>,
      apiOp: string,
      rawStats: ReturnType<typeof medianStats>,
      rawOp: string,
      target: number,
    ): B2Pair => {
      const roundRatios = apiStats.roundsThroughputPerSecond.map((api, i) => round(ratio(api, rawStats.roundsThroughputPerSecond[i]!), 3));
      const r = round(median(roundRatios), 3);
      return {
        api: { operation: apiOp, ...apiStats },
        raw: { operation: rawOp, ...rawStats },
        roundRatios,
        apiToRawThroughput: r,
        target,
        meetsTarget: r >= target,
      };
    };
    return {
      connections,
      durationSeconds: seconds,
      rounds: options.rounds,
      submit: {
        ...pair(apiPostStats, 'POST /complaints', rawTransactStats, 'TransactWriteItems (rate count + complaint + timeline)', B2_TARGETS.minSubmitToRawTransact),
        rawPut: { operation: 'PutItem (complaint item)', ...rawPutStats },
        apiToRawPutThroughput: round(
          median(apiPostStats.roundsThroughputPerSecond.map((api, i) => ratio(api, rawPutStats.roundsThroughputPerSecond[i]!))),
          3,
        ),
      },
      read: pair(apiGetStats, 'GET /complaints/{trackingId}', rawGetStats, 'GetItem (consistent)', B2_TARGETS.minReadToRawGet),
      notes: [
        'POST /complaints = one TransactWriteItems (the client\'s rate-limit count, conditional, one item per client IP and hour; complaint + timeline entry, conditional creates) in the API process, behind HTTP parsing, routing, validation and logging',
        'GET /complaints/{trackingId} = one strongly consistent Query of the complaint item collection + the public view',
        'the API process and DynamoDB Local share the machine with the load generator',
      ],
      targets: B2_TARGETS,
    };
  } finally {
    client.destroy();
    await api.stop();
    await deleteBenchTables(ctx, tables);
  }
}
