// The whole system on one machine: DynamoDB Local, SES local, S3 local (s3rver), the token issuer,
// the API adapter and the scheduler, wired to the same handlers and the same environment variables
// Lambda gets.
// `npm start` (bin/local.ts) and the API tests (test/support/local-system.ts) both start it here.

// First: lets tsx resolve the ESM-only @middy packages the handlers import (see esm-interop.ts).
import './esm-interop';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_PATH, loadRegionConfig, SETTINGS_ENV_VAR, toRegionSettings, type RegionConfig } from '../config';
import { loadConfigAgencies } from '../../functions/core/agency-loader';
import { HANDLER_GROUPS, routesOf, type HandlerGroup } from '../routes';
import { buildDependencies as defaultBuildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import type { DependencyOverrides } from '../../functions/handlers/composition';
import { createHandler as createPublicHandler } from '../../functions/handlers/public';
import { createHandler as createAdminHandler } from '../../functions/handlers/admin';
import { createHandler as createAgencyHandler } from '../../functions/handlers/agency';
import { createHandler as createReportsHandler } from '../../functions/handlers/reports';
import { createHandler as createJobsHandler } from '../../functions/handlers/jobs';
import { createHandler as createMailerHandler } from '../../functions/handlers/mailer';
import type { HttpHandler } from '../../functions/http/types';
import { createTables, localDynamoDbClient, startDynamoDbLocal } from './dynamodb-local';
import { startSesLocal } from './ses-local';
import { DEFAULT_FILES_BUCKET, DEFAULT_S3_PORT, ensureBucket, startS3Local } from './s3-local';
import {
  describeSchedules,
  InvalidJobTimeError,
  jobEvent,
  parseJobTime,
  resolveJobName,
  scheduledJobs,
  type JobEvent,
  type JobName,
  type ScheduleDescription,
} from './jobs';
import { LOCAL_BROWSER_CLIENT_ID, startJwtIssuer, type LocalIssuer } from './jwt-issuer';
import { LOCAL_PASSWORD, LocalUserStore, seedAccounts } from './user-store';
import { sesMailer } from '../../functions/adapters/ses-mailer';
import { staffInvitationEmail } from '../../functions/core/emails';
import { browserClientUrls } from '../web-auth';
import { startHttpAdapter } from './http-adapter';
import { startWebServer, type WebServer } from './web-server';
import { parseScheduleExpression, ScheduleExpressionError, startScheduler, type RunningScheduler } from './scheduler';
import { createStreamPoller } from './stream-poller';

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

/** The jobs function (functions/handlers/jobs.ts): what EventBridge Scheduler invokes. */
export type JobsHandler = (event: JobEvent) => Promise<unknown>;
export type JobsHandlerFactory = (deps: Dependencies) => JobsHandler;

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
  /** Serve the built portal (web/dist) on this port (0 picks a free one); off when absent. */
  webPort?: number;
  /** Reuse a running SES local instead of starting one. */
  ses?: { endpoint: string };
  /**
   * Reuse a running S3 stand-in (the bucket is created there if missing), or start s3rver with its
   * files in `directory` (kept) or in a temp folder (default, removed on stop). Port default 4569.
   */
  s3?: { endpoint: string } | { directory?: string; port?: number };
  /** The files bucket (FILES_BUCKET). Default "tuntas-local-files". */
  filesBucket?: string;
  /** Prefix of the physical table names. Default "tuntas-local". */
  tablePrefix?: string;
  log?: (line: string) => void;
  /** Overrides for tests of the runtime itself; the real factories and composition root by default. */
  handlerFactories?: Partial<Record<HandlerGroup, HandlerFactory>>;
  /** The second argument carries what the runtime itself provides (the issuer's user store as the staff directory): pass it on. */
  buildDependencies?: (env: Record<string, string | undefined>, provided: DependencyOverrides) => Dependencies;
  /** The jobs function; functions/handlers/jobs.ts's createHandler by default. */
  jobsHandlerFactory?: JobsHandlerFactory;
  /**
   * Origins of the web app the local browser app client may return to (default the local portal,
   * http://localhost:3002, and Vite's dev server, http://localhost:5173).
   */
  webUrls?: readonly string[];
  /**
   * Fire the config's schedules on time (default true). Tests turn this off and call runJob, so a
   * run that happens to cross 08:00 WIB does not send mail of its own.
   */
  runSchedules?: boolean;
}

export interface LocalSystem {
  apiUrl: string;
  /** The portal, when webPort was given. */
  webUrl?: string;
  issuerUrl: string;
  sesUrl: string;
  dynamodbEndpoint: string;
  s3Endpoint: string;
  filesBucket: string;
  /** The environment every handler group was built with (what the stack gives each Lambda). */
  env: Record<string, string>;
  config: RegionConfig;
  issuer: LocalIssuer;
  /** Mints a token directly (no HTTP): an ID token for admin/agency, a client-credentials access token for auditor. */
  tokenFor(role: LocalRole, agencyId?: string): Promise<string>;
  auditorClient: { id: string; secret: string };
  /**
   * Invokes the jobs function the way its schedule does: {"job": name, "time": <scheduled time>}
   * (default now). Resolves to the job's summary; rejects with what the job threw. The scheduler
   * calls this too. `reconcile` is accepted for `reconciliation`.
   */
  runJob(job: JobName | 'reconcile', time?: Date | string): Promise<unknown>;
  /** Hands every outbox item written so far to the mailer now (it also polls twice a second). */
  drainOutbox(): Promise<number>;
  /** The config's schedules and when each fires next (also when runSchedules is off). */
  schedules(): ScheduleDescription[];
  stop(): Promise<void>;
}

export const DEFAULT_WEB_URLS = ['http://localhost:3002', 'http://localhost:5173'] as const;

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
    // The stand-ins start side by side: the JVM of DynamoDB Local takes seconds, the others milliseconds.
    const dynamodb = options.dynamodb ?? { inMemory: true as const };
    const s3 = options.s3 ?? {};
    const filesBucket = options.filesBucket ?? DEFAULT_FILES_BUCKET;
    // Loading aws-ses-v2-local and s3rver blocks this thread for about a second: they wait until the
    // JVM is spawned, so that their loading overlaps its boot instead of delaying it.
    let jvmSpawned: () => void = () => undefined;
    const jvmSpawning = 'endpoint' in dynamodb ? Promise.resolve() : new Promise<void>((resolve) => (jvmSpawned = resolve));
    const started = await Promise.allSettled([
      'endpoint' in dynamodb
        ? Promise.resolve(dynamodb.endpoint)
        : startDynamoDbLocal({
            port: dynamodb.port ?? 0,
            dataDir: 'dataDir' in dynamodb ? dynamodb.dataDir : undefined,
            log,
            onSpawn: jvmSpawned,
          })
            .then((database) => {
              stops.unshift({ name: 'DynamoDB Local', stop: database.stop });
              return database.endpoint;
            })
            .finally(jvmSpawned),
      options.ses
        ? Promise.resolve(options.ses.endpoint)
        : jvmSpawning
            .then(() => startSesLocal({ port: options.sesPort, log }))
            .then((ses) => {
              stops.unshift({ name: 'SES local', stop: ses.stop });
              return ses.endpoint;
            }),
      'endpoint' in s3
        ? ensureBucket(s3.endpoint, filesBucket).then(() => s3.endpoint)
        : jvmSpawning
            .then(() => startS3Local({ port: s3.port ?? DEFAULT_S3_PORT, directory: s3.directory, buckets: [filesBucket], log }))
            .then((server) => {
              stops.unshift({ name: 'S3 local', stop: server.stop });
              return server.endpoint;
            }),
    ]);
    const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    const [dynamodbEndpoint, sesUrl, s3Endpoint] = started.map((result) => (result as PromiseFulfilledResult<string>).value) as [
      string,
      string,
      string,
    ];

    const client = localDynamoDbClient(dynamodbEndpoint);
    let tables: Record<string, string>;
    try {
      tables = await createTables(client, options.tablePrefix ?? 'tuntas-local');
    } finally {
      client.destroy();
    }
    log(`Tables ready: ${Object.values(tables).join(', ')}`);

    // The portal starts first: reporters' emails link to it, so its address goes into the settings.
    let apiUrlForWeb = '';
    let signInUrlForWeb = '';
    let web: WebServer | undefined;
    if (options.webPort !== undefined) {
      web = await startWebServer({
        port: options.webPort,
        // The issuer also answers Cognito's user API (TOTP set-up), as one origin.
        origins: () => ({ api: apiUrlForWeb, files: s3Endpoint, signIn: signInUrlForWeb, userApi: signInUrlForWeb }),
        signIn: () => ({ url: signInUrlForWeb, clientId: LOCAL_BROWSER_CLIENT_ID, userApiUrl: signInUrlForWeb }),
        log,
      });
      stops.unshift({ name: 'portal', stop: web.stop });
    }

    const env: Record<string, string> = {
      ...tables,
      [SETTINGS_ENV_VAR]: JSON.stringify(toRegionSettings(config, config.webUrl ?? web?.url)),
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      SES_ENDPOINT: sesUrl,
      S3_ENDPOINT: s3Endpoint,
      FILES_BUCKET: filesBucket,
      AWS_REGION: config.awsRegion,
      EMAIL_SENDER: config.email.sender,
      EMAIL_COORDINATOR: config.email.coordinator.join(','),
      EMAIL_OMBUDSMAN: config.email.ombudsman,
    };

    // The issuer's accounts are the staff directory the admin API manages (Cognito in the cloud).
    const invitations = sesMailer(env);
    const users = new LocalUserStore(seedAccounts(config.agencies), undefined, async (user) => {
      const signInUrl = config.webUrl ?? web?.url;
      await invitations.send(
        staffInvitationEmail({
          regionName: config.regionName,
          to: user.email,
          username: user.email,
          password: LOCAL_PASSWORD,
          passwordNote: 'kata sandi lokal yang sama untuk semua akun',
          ...(signInUrl && { signInUrl: `${signInUrl}/konsol` }),
        }),
      );
    });
    const build = options.buildDependencies ?? defaultBuildDependencies;
    const buildDependencies = (env: Record<string, string | undefined>) => build(env, { directory: users });
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

    // The jobs function, with dependencies of its own like every Lambda function.
    const jobsHandler = (options.jobsHandlerFactory ?? createJobsHandler)(buildDependencies({ ...env }));
    const runJob = async (name: JobName | 'reconcile', time: Date | string = new Date()) => {
      const job = resolveJobName(name);
      const at = typeof time === 'string' ? parseJobTime(time) : time;
      if (Number.isNaN(at.getTime())) throw new InvalidJobTimeError('Invalid job time: an invalid Date');
      return jobsHandler(jobEvent(job, at));
    };

    const signInDeps = buildDependencies({ ...env });
    const issuer = await startJwtIssuer({
      port: options.issuerPort,
      log,
      users,
      regionName: config.regionName,
      // The portal's own address (a free port in tests) is always a callback, as the stack does with its URL.
      browserClient: browserClientUrls([...(web ? [web.url] : []), ...(options.webUrls ?? DEFAULT_WEB_URLS)]),
      // What the post-authentication trigger does in the cloud.
      onSignIn: (signIn) => signInDeps.signIns.record(signIn),
    });
    stops.unshift({ name: 'token issuer', stop: issuer.stop });
    signInUrlForWeb = issuer.url;

    const api = await startHttpAdapter({
      handlers,
      verifyToken: (token) => issuer.verify(token) as Promise<Record<string, unknown>>,
      port: options.apiPort,
      log,
    });
    stops.unshift({ name: 'API', stop: api.stop });
    apiUrlForWeb = api.url;

    let scheduler: RunningScheduler | undefined;
    if (options.runSchedules ?? true) {
      // The scheduler logs what each run returns (the job's summary) or throws, and carries on either way.
      scheduler = startScheduler(scheduledJobs(config, runJob), { log, region: config.awsRegion });
      stops.unshift({ name: 'scheduler', stop: scheduler.stop });
    }

    // DynamoDB Streams → the mailer, as the cloud's event source mapping does: the same handler,
    // the same event shape, notifications sent from what the transactions wrote.
    const outbox = createStreamPoller({
      endpoint: dynamodbEndpoint,
      tableName: env.COMPLAINTS_TABLE as string,
      handler: createMailerHandler(buildDependencies({ ...env })),
      log,
    });
    outbox.start(500);
    stops.unshift({ name: 'outbox mailer', stop: outbox.stop });

    let stopped: Promise<void> | undefined;
    return {
      apiUrl: api.url,
      ...(web && { webUrl: web.url }),
      issuerUrl: issuer.url,
      sesUrl,
      dynamodbEndpoint,
      s3Endpoint,
      filesBucket,
      env,
      config,
      issuer,
      auditorClient: { ...issuer.auditorClient },
      tokenFor: (role, agencyId) => {
        if (role === 'auditor') return issuer.mintAuditorToken();
        return issuer.mintStaffToken({ role, agencyId });
      },
      runJob,
      drainOutbox: () => outbox.drain(),
      schedules: () => {
        const next = new Map(scheduler?.nextRuns().map(({ name, nextRun }) => [name, nextRun]));
        return describeSchedules(config).map((schedule) =>
          next.has(schedule.name) ? { ...schedule, nextRun: next.get(schedule.name) ?? null } : schedule,
        );
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
  const { added, kept } = await loadConfigAgencies(deps.agencies, config.agencies, new Date());
  log(`Agencies: ${added.length} added from the config, ${kept.length} already stored`);
}
