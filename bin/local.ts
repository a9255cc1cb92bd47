// `npm start`: the whole system on this machine, no AWS account. Data persists in .local/dynamodb
// and .local/s3; the config's schedules run the jobs on time (`npm run job` runs one now).
//   npm start                          config/blora.json
//   npm start -- --config path.json    another region (or TUNTAS_CONFIG=path.json)
// Ports: PORT (API, 3000), WEB_PORT (the portal, 3002), PORT_ISSUER (3001), PORT_SES (8005), PORT_DYNAMODB (8000), PORT_S3 (4569).
// FILES_BUCKET names the local files bucket (default tuntas-local-files).

import { resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG_PATH, loadRegionConfig } from '../lib/config';
import { ROUTES } from '../lib/routes';
import { JavaMissingError } from '../lib/local/dynamodb-local';
import { DEFAULT_API_PORT } from '../lib/local/http-adapter';
import { DEFAULT_ISSUER_PORT } from '../lib/local/cognito';
import { LOCAL_PASSWORD } from '../lib/local/user-store';
import { MFA_REQUIRED_ROLES } from '../functions/core/access';
import { displayUrl, PortInUseError } from '../lib/local/net';
import { formatInTimeZone } from '../lib/local/jobs';
import { isProcessAlive, LOCAL_STATE_DIR, readRuntimeInfo, removeRuntimeInfo, runtimeFilePath, runtimeInfoOf, writeRuntimeInfo } from '../lib/local/runtime-file';
import { DEFAULT_FILES_BUCKET, DEFAULT_S3_PORT } from '../lib/local/s3-local';
import { ScheduleExpressionError } from '../lib/local/scheduler';
import { DEFAULT_SES_PORT } from '../lib/local/ses-local';
import { DEFAULT_WEB_PORT, WebNotBuiltError } from '../lib/local/web-server';
import { REPO_ROOT, startLocalSystem, type LocalSystem } from '../lib/local/system';

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

function configPathFromArgs(argv: readonly string[]): string {
  const index = argv.findIndex((arg) => arg === '--config' || arg.startsWith('--config='));
  if (index >= 0) {
    const value = argv[index].includes('=') ? argv[index].slice('--config='.length) : argv[index + 1];
    if (!value) fail('--config needs a path, e.g. npm start -- --config config/blora.json');
    return resolve(value);
  }
  if (process.env.TUNTAS_CONFIG) return resolve(process.env.TUNTAS_CONFIG);
  return resolve(REPO_ROOT, DEFAULT_CONFIG_PATH);
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`${name}=${raw} is not a TCP port (0-65535)`);
  return port;
}

async function main(): Promise<void> {
  const configPath = configPathFromArgs(process.argv.slice(2));
  let config;
  try {
    config = loadRegionConfig(configPath);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  log(`Tuntas local: ${config.regionName} (${configPath})`);

  // Two instances would share .local/dynamodb: refuse rather than corrupt it.
  const running = readRuntimeInfo();
  if (running && running.pid !== process.pid && isProcessAlive(running.pid)) {
    fail(`Tuntas local is already running (pid ${running.pid}, API ${running.apiUrl}). Stop it first (Ctrl-C in its terminal).`);
  }

  const apiPort = portFromEnv('PORT', DEFAULT_API_PORT);
  const issuerPort = portFromEnv('PORT_ISSUER', DEFAULT_ISSUER_PORT);
  const sesPort = portFromEnv('PORT_SES', DEFAULT_SES_PORT);
  const dynamodbPort = portFromEnv('PORT_DYNAMODB', 8000);
  const s3Port = portFromEnv('PORT_S3', DEFAULT_S3_PORT);
  const webPort = portFromEnv('WEB_PORT', DEFAULT_WEB_PORT);
  const dataDir = resolve(LOCAL_STATE_DIR, 'dynamodb');
  const s3Dir = resolve(LOCAL_STATE_DIR, 's3');
  const filesBucket = process.env.FILES_BUCKET || DEFAULT_FILES_BUCKET;

  let system: LocalSystem;
  try {
    system = await startLocalSystem({
      config,
      apiPort,
      issuerPort,
      sesPort,
      webPort,
      dynamodb: { dataDir, port: dynamodbPort },
      s3: { directory: s3Dir, port: s3Port },
      filesBucket,
      tablePrefix: 'tuntas-local',
      log,
    });
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof ScheduleExpressionError ||
      error instanceof JavaMissingError ||
      error instanceof PortInUseError ||
      error instanceof WebNotBuiltError
    ) {
      fail(error.message);
    }
    fail(`Could not start the local system: ${(error as Error).stack ?? String(error)}`);
  }

  const schedules = system.schedules();
  writeRuntimeInfo(
    runtimeInfoOf(system, {
      regionName: config.regionName,
      timeZone: config.timeZone,
      schedules: schedules.map((schedule) => ({ ...schedule, nextRun: schedule.nextRun?.toISOString() ?? null })),
    }),
  );

  // Whatever way this process ends, the runtime file must not point `npm run token` at a dead issuer.
  const runtimeFile = runtimeFilePath();
  process.on('exit', () => removeRuntimeInfo(process.pid, runtimeFile));

  let stoppingSince: number | undefined;
  const shutdown = (signal: string) => {
    if (stoppingSince !== undefined) {
      // Ctrl-C reaches this process twice within milliseconds (from the terminal and relayed by
      // tsx), so only a later one means "do not wait any longer". DynamoDB Local is killed by the
      // exit hook either way.
      if (Date.now() - stoppingSince < 1500) return;
      log(`${signal} again: exiting now`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    log(`${signal}: stopping…`);
    system
      .stop()
      .catch((error: unknown) => log(`stop failed: ${(error as Error).message}`))
      .finally(() => {
        log('stopped');
        process.exit(0);
      });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));

  const port = (url: string) => Number(new URL(url).port);
  const issuer = displayUrl(port(system.issuerUrl));
  const staffAccounts = (await system.issuer.users.list({ limit: 100 })).items;
  const lines = [
    '',
    `  Tuntas is running locally for ${config.regionName}`,
    '',
    `  Portal           ${displayUrl(port(system.webUrl!))}   (the citizen portal: Buat laporan, Lacak laporan)`,
    `  API              ${displayUrl(port(system.apiUrl))}   (${ROUTES.length} routes, try GET /health)`,
    `  Mail viewer      ${displayUrl(port(system.sesUrl))}   (JSON at /store)`,
    `  JWKS             ${issuer}/.well-known/jwks.json`,
    `  Token endpoint   ${issuer}/oauth2/token   (client credentials; authorization code + PKCE, refresh)`,
    `  Staff sign-in    ${issuer}/oauth2/authorize   (client ${system.issuer.browserClientId}; /logout ends the session)`,
    `  Auditor client   id ${system.auditorClient.id}   secret ${system.auditorClient.secret}`,
    `  DynamoDB Local   ${displayUrl(port(system.dynamodbEndpoint))}   (data in ${dataDir})`,
    `  S3 (s3rver)      ${displayUrl(port(system.s3Endpoint))}   bucket ${system.filesBucket}, path-style, key S3RVER/S3RVER (files in ${s3Dir})`,
    '                   serves presigned PUT/GET, HEAD and ranges, but does NOT verify signatures: a bad signature passes locally',
    '',
    `  Schedules (${config.timeZone}, as EventBridge Scheduler runs them; a run's summary is logged here):`,
    ...schedules.map(
      (schedule) =>
        `    ${schedule.name.padEnd(15)} ${schedule.expression.padEnd(22)} next ${schedule.nextRun ? formatInTimeZone(schedule.nextRun, schedule.timeZone) : 'never'}`,
    ),
    '  Run a job now (optionally as of another time):',
    '    npm run job -- compliance',
    '    npm run job -- reconcile --at 2026-11-30T08:00:00+07:00',
    '',
    `  Local staff accounts (password ${LOCAL_PASSWORD}; the coordinator invites more through the API):`,
    ...staffAccounts.map(
      (u) =>
        `    ${u.userId.padEnd(22)} ${u.role}${u.agencyId ? ` ${u.agencyId}` : ''}${MFA_REQUIRED_ROLES.includes(u.role) ? '   (sets up an authenticator app, TOTP, at first sign-in)' : ''}`,
    ),
    '',
    '  Staff and auditor tokens (printed alone, ready for a header):',
    '    npm run token -- admin',
    '    npm run token -- agency dinkes',
    '    npm run token -- auditor',
    `    curl -H "Authorization: Bearer $(npm run -s token -- admin)" ${displayUrl(port(system.apiUrl))}/admin/agencies`,
    '',
    '  Ctrl-C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => fail((error as Error).stack ?? String(error)));
