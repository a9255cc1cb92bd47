// The local runtime's stand-ins for one benchmark run: DynamoDB Local (the AWS jar), SES local and
// S3 local (s3rver), all on loopback and free ports. `npm run bench` starts its own; the smoke test
// reuses the ones jest's global setup started (DYNAMODB_ENDPOINT, SES_ENDPOINT, S3_ENDPOINT).

import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables, localDynamoDbClient, startDynamoDbLocal } from '../../lib/local/dynamodb-local';
import { TABLES } from '../../lib/tables';
import { startS3Local } from '../../lib/local/s3-local';
import { startSesLocal } from '../../lib/local/ses-local';

export interface StandIns {
  dynamodbEndpoint: string;
  sesEndpoint: string;
  s3Endpoint: string;
  /** Process id of DynamoDB Local's JVM when this run started it. */
  dynamodbPid?: number;
  /**
   * Replaces DynamoDB Local with a new, empty one (when this run started it; else nothing):
   * everything loaded so far slows DynamoDB Local down (see README), and the import of B5 should
   * run on the store a user's fresh `npm start` has.
   */
  freshDynamoDb(): Promise<void>;
  stop(): Promise<void>;
}

export interface BenchContext {
  standIns: StandIns;
  log: (line: string) => void;
  /** Folder for bundles, generated files and runtime files; removed by the caller. */
  workDir: string;
  /**
   * Drop each data set's tables when a benchmark is done. Right for a shared DynamoDB Local (the
   * test suite's); wrong for the bench's own: DynamoDB Local deletes a big table's rows in the
   * background on its single SQLite thread, which slows every later call for minutes, so
   * `npm run bench` keeps the tables and drops them all by stopping its DynamoDB Local at the end.
   */
  dropTables: boolean;
}

/**
 * Starts the stand-ins. DynamoDB Local runs WITHOUT the runtime's fast-start JVM flags
 * (client compiler only, serial GC): those trade peak throughput for a quicker boot, and a
 * benchmark wants the store at its best, so the API is what it measures.
 */
export async function startStandIns(log: (line: string) => void): Promise<StandIns> {
  const [first, ses, s3] = await Promise.all([
    startDynamoDbLocal({ port: 0, fastStart: false, log }),
    startSesLocal({ port: 0, log }),
    startS3Local({ port: 0, log }),
  ]);
  let dynamodb = first;
  const standIns: StandIns = {
    dynamodbEndpoint: dynamodb.endpoint,
    sesEndpoint: ses.endpoint,
    s3Endpoint: s3.endpoint,
    ...(dynamodb.pid !== undefined && { dynamodbPid: dynamodb.pid }),
    freshDynamoDb: async () => {
      await dynamodb.stop();
      dynamodb = await startDynamoDbLocal({ port: 0, fastStart: false, log });
      standIns.dynamodbEndpoint = dynamodb.endpoint;
      standIns.dynamodbPid = dynamodb.pid;
    },
    stop: async () => {
      await Promise.all([ses.stop(), s3.stop(), dynamodb.stop()]);
    },
  };
  return standIns;
}

/** The stand-ins jest's integration global setup started, from the environment. */
export function standInsFromEnv(): StandIns {
  const { DYNAMODB_ENDPOINT, SES_ENDPOINT, S3_ENDPOINT } = process.env;
  if (!DYNAMODB_ENDPOINT || !SES_ENDPOINT || !S3_ENDPOINT) {
    throw new Error('DYNAMODB_ENDPOINT, SES_ENDPOINT and S3_ENDPOINT must be set (jest integration global setup)');
  }
  return { dynamodbEndpoint: DYNAMODB_ENDPOINT, sesEndpoint: SES_ENDPOINT, s3Endpoint: S3_ENDPOINT, freshDynamoDb: async () => undefined, stop: async () => undefined };
}

let prefixCount = 0;
/** A table prefix of its own for each data set: benchmarks never see each other's items. */
export function benchPrefix(label: string): string {
  return `bench-${label}-${Date.now().toString(36)}-${process.pid}-${++prefixCount}`;
}

export interface BenchTables {
  prefix: string;
  /** envVar → physical name, as a handler's environment has them. */
  tables: Record<string, string>;
  /** Turns on what was left off for a bulk load (the Complaints table's stream): the stack's definition. */
  complete(): Promise<void>;
}

/**
 * Creates every table of lib/tables.ts under a fresh prefix. `bulkLoad` leaves the Complaints
 * table's stream off until complete() is called: a seeded history stands for months of writes,
 * whose stream records (kept 24 hours) would long be gone, and DynamoDB Local keeps stream records
 * on its single SQLite thread, where tens of thousands of them slow EVERY later call on the
 * database, any table, from about 5 ms to 50-100 ms (measured). complete() enables the stream
 * before anything is measured, so the measured code runs on the stack's exact table definitions.
 */
export async function createBenchTables(endpoint: string, label: string, options: { bulkLoad?: boolean } = {}): Promise<BenchTables> {
  const client = localDynamoDbClient(endpoint);
  const prefix = benchPrefix(label);
  try {
    const definitions = options.bulkLoad ? TABLES.map(({ stream: _stream, ...definition }) => definition) : TABLES;
    const tables = await createTables(client, prefix, definitions);
    return {
      prefix,
      tables,
      complete: async () => {
        const again = localDynamoDbClient(endpoint);
        try {
          await createTables(again, prefix);
        } finally {
          again.destroy();
        }
      },
    };
  } finally {
    client.destroy();
  }
}

/** Drops a data set's tables (when the context says so, see BenchContext.dropTables). */
export async function deleteBenchTables(ctx: BenchContext, tables: Record<string, string>): Promise<void> {
  if (!ctx.dropTables) return;
  const client: DynamoDBClient = localDynamoDbClient(ctx.standIns.dynamodbEndpoint);
  try {
    await Promise.all(
      Object.values(tables).map((name) =>
        client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined),
      ),
    );
  } finally {
    client.destroy();
  }
}
