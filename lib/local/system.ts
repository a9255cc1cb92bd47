// The whole system on one machine: DynamoDB Local, SES local, the token issuer, the API adapter and
// the scheduler, wired to the same handlers and the same environment variables Lambda gets.
// `npm start` (bin/local.ts) and the API tests (test/support/local-system.ts) both start it here.

// First: lets tsx resolve the ESM-only @middy packages the handlers import (see esm-interop.ts).
import './esm-interop';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_PATH, loadRegionConfig, SETTINGS_ENV_VAR, toRegionSettings, type RegionConfig } from '../config';
import { HANDLER_GROUPS, routesOf, type HandlerGroup } from '../routes';
import { buildDependencies as defaultBuildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import { createHandler as createPublicHandler } from '../../functions/handlers/public';
import { createHandler as createAdminHandler } from '../../functions/handlers/admin';
import { createHandler as createAgencyHandler } from '../../functions/handlers/agency';
import { createHandler as createReportsHandler } from '../../functions/handlers/reports';
import type { HttpHandler } from '../../functions/http/types';
import { createTables, localDynamoDbClient, startDynamoDbLocal } from './dynamodb-local';
import { startSesLocal } from './ses-local';
import { startJwtIssuer, type LocalIssuer } from './jwt-issuer';
import { startHttpAdapter } from './http-adapter';
import { parseScheduleExpression, ScheduleExpressionError, startScheduler, type ScheduledJob } from './scheduler';

export type HandlerFactory = (deps: Dependencies) => HttpHandler;

/**
 * One factory per handler group, as each Lambda entry file exports it. A group that gets routes
 * needs its entry file added here; startLocalSystem says so if one is missing.
 */
export const HANDLER_FACTORIES: Partial<Record<HandlerGroup, HandlerFactory>> = {
  public: createPublicHandler,
  admin: createAdminHandler,
  agency: createAgencyHandler,
  reports: createReportsHandler,
};

export type LocalRole = 'admin' | 'agency' | 'auditor';

export interface LocalSystemOptions {
  /** Region config file; default config/blora.json. Ignored when `config` is given. */
  configPath?: string;
  /** An already parsed config (tests). */
  config?: RegionConfig;
  /** Ports: 0 picks a free one. Defaults 3000, 3001, 8005. */
  apiPort?: number;
  issuerPort?: number;
  sesPort?: number;
  /** Reuse a running DynamoDB (endpoint), or start DynamoDB Local persisted in dataDir or in memory (default). */
  dynamodb?: { endpoint: string } | { dataDir: string; port?: number } | { inMemory: true; port?: number };
  /** Reuse a running SES local instead of starting one. */
  ses?: { endpoint: string };
  /** Prefix of the physical table names. Default "tuntas-local". */
  tablePrefix?: string;
  log?: (line: string) => void;
  /** Overrides for tests of the runtime itself; the real factories and composition root by default. */
  handlerFactories?: Partial<Record<HandlerGroup, HandlerFactory>>;
  buildDependencies?: (env: Record<string, string | undefined>) => Dependencies;
  /** Scheduled jobs; none are wired yet. */
  jobs?: readonly ScheduledJob[];
}

export interface LocalSystem {
  apiUrl: string;
  issuerUrl: string;
  sesUrl: string;
  dynamodbEndpoint: string;
  /** The environment every handler group was built with (what the stack gives each Lambda). */
  env: Record<string, string>;
  config: RegionConfig;
  issuer: LocalIssuer;
  /** Mints a token directly (no HTTP): an ID token for admin/agency, a client-credentials access token for auditor. */
  tokenFor(role: LocalRole, agencyId?: string): Promise<string>;
  auditorClient: { id: string; secret: string };
  stop(): Promise<void>;
}

/** Where the repository root is, so default paths do not depend on the working directory. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
  const log = options.log ?? (() => undefined);
  const config = options.config ?? loadRegionConfig(options.configPath ?? resolve(REPO_ROOT, DEFAULT_CONFIG_PATH));
  validateSchedules(config);

  // Everything started so far, newest first: a failed start stops what it started.
  const stops: { name: string; stop: () => Promise<void> | void }[] = [];
  const stopAll = async () => {
    while (stops.length > 0) {
      const { name, stop } = stops.shift()!;
      try {
        await stop();
      } catch (error) {
        log(`stopping ${name} failed: ${(error as Error).message}`);
      }
    }
  };

  try {
    let dynamodbEndpoint: string;
    const dynamodb = options.dynamodb ?? { inMemory: true as const };
    if ('endpoint' in dynamodb) {
      dynamodbEndpoint = dynamodb.endpoint;
    } else {
      const database = await startDynamoDbLocal({
        port: dynamodb.port ?? 0,
        dataDir: 'dataDir' in dynamodb ? dynamodb.dataDir : undefined,
        log,
      });
      stops.unshift({ name: 'DynamoDB Local', stop: database.stop });
      dynamodbEndpoint = database.endpoint;
    }

    let sesUrl: string;
    if (options.ses) {
      sesUrl = options.ses.endpoint;
    } else {
      const ses = await startSesLocal({ port: options.sesPort, log });
      stops.unshift({ name: 'SES local', stop: ses.stop });
      sesUrl = ses.endpoint;
    }

    const client = localDynamoDbClient(dynamodbEndpoint);
    let tables: Record<string, string>;
    try {
      tables = await createTables(client, options.tablePrefix ?? 'tuntas-local');
    } finally {
      client.destroy();
    }
    log(`Tables ready: ${Object.values(tables).join(', ')}`);

    const env: Record<string, string> = {
      ...tables,
      [SETTINGS_ENV_VAR]: JSON.stringify(toRegionSettings(config)),
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      SES_ENDPOINT: sesUrl,
      AWS_REGION: config.awsRegion,
      EMAIL_SENDER: config.email.sender,
      EMAIL_COORDINATOR: config.email.coordinator.join(','),
      EMAIL_OMBUDSMAN: config.email.ombudsman,
    };

    const buildDependencies = options.buildDependencies ?? defaultBuildDependencies;
    const factories = { ...HANDLER_FACTORIES, ...options.handlerFactories };
    const handlers: Partial<Record<HandlerGroup, HttpHandler>> = {};
    let seedingDeps: Dependencies | undefined;
    for (const group of HANDLER_GROUPS) {
      if (routesOf(group).length === 0) continue;
      const factory = factories[group];
      if (!factory) {
        throw new Error(
          `Handler group "${group}" has routes but no handler factory: add functions/handlers/${group}.ts to HANDLER_FACTORIES in lib/local/system.ts`,
        );
      }
      // One set of dependencies per group, as each Lambda function builds its own.
      const deps = buildDependencies({ ...env });
      seedingDeps ??= deps;
      handlers[group] = factory(deps);
    }
    if (seedingDeps) await seedAgencies(seedingDeps, config, log);

    const issuer = await startJwtIssuer({ port: options.issuerPort, log });
    stops.unshift({ name: 'token issuer', stop: issuer.stop });

    const api = await startHttpAdapter({
      handlers,
      verifyToken: (token) => issuer.verify(token) as Promise<Record<string, unknown>>,
      port: options.apiPort,
      log,
    });
    stops.unshift({ name: 'API', stop: api.stop });

    const scheduler = startScheduler(options.jobs ?? [], { log, region: config.awsRegion });
    stops.unshift({ name: 'scheduler', stop: scheduler.stop });

    let stopped: Promise<void> | undefined;
    return {
      apiUrl: api.url,
      issuerUrl: issuer.url,
      sesUrl,
      dynamodbEndpoint,
      env,
      config,
      issuer,
      auditorClient: { ...issuer.auditorClient },
      tokenFor: (role, agencyId) => {
        if (role === 'auditor') return issuer.mintAuditorToken();
        return issuer.mintStaffToken({ role, agencyId });
      },
      stop: () => (stopped ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The config's schedules are EventBridge expressions: reject at start what EventBridge would reject. */
function validateSchedules(config: RegionConfig): void {
  for (const [name, expression] of Object.entries(config.schedules)) {
    try {
      parseScheduleExpression(expression);
    } catch (error) {
      if (error instanceof ScheduleExpressionError) throw new ScheduleExpressionError(`schedules.${name}: ${error.message}`);
      throw error;
    }
  }
}

/** Puts each agency of the config that is not stored yet; agencies edited through the API are kept. */
async function seedAgencies(deps: Dependencies, config: RegionConfig, log: (line: string) => void): Promise<void> {
  let added = 0;
  for (const agency of config.agencies) {
    if (await deps.agencies.get(agency.agencyId)) continue;
    await deps.agencies.put({
      agencyId: agency.agencyId,
      name: agency.name,
      emails: [...agency.emails],
      active: agency.active,
      updatedAt: new Date().toISOString(),
    });
    added++;
  }
  log(`Agencies: ${added} added from the config, ${config.agencies.length - added} already stored`);
}
