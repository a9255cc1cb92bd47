// `npm run job -- compliance|escalation|reconciliation|reconcile|backfill… [--at <ISO-8601 time>]`: runs one
// scheduled job now against the running local system (`npm start`), exactly as its schedule would:
// the jobs function, built from the environment the running system gives its handlers (read from
// .local/runtime.json, or TUNTAS_RUNTIME_FILE), invoked with {"job": ..., "time": ...}.
// Emails land in the SES stand-in's mail viewer. stdout gets only the job's JSON summary, so
//   npm run -s job -- compliance --at 2026-11-30T08:00:00+07:00 | jq .warningsSent
// works; the function's own log lines go to stderr. Exit codes: 0 done, 1 the job or the system
// failed, 2 usage (unknown job, bad --at).

// First: lets tsx resolve the ESM-only @middy packages, should the jobs function's imports ever
// reach them (see lib/local/esm-interop.ts).
import '../lib/local/esm-interop';
import { buildDependencies } from '../functions/handlers/dependencies';
import { createHandler } from '../functions/handlers/jobs';
import { InvalidJobTimeError, JOBS, JOB_ALIASES, MAINTENANCE_JOBS, jobEvent, parseJobTime, resolveJobName, UnknownJobError, type JobName } from '../lib/local/jobs';
import { isProcessAlive, readRuntimeInfo, runtimeFilePath } from '../lib/local/runtime-file';

const USAGE = [
  `Usage: npm run job -- <${[...JOBS, ...MAINTENANCE_JOBS, ...Object.keys(JOB_ALIASES)].join('|')}> [--at <ISO-8601 time>]`,
  '  Runs one job now against the running `npm start`, as its schedule would.',
  '  --at   the scheduled time the job takes as "now", with its offset, e.g. 2026-11-30T08:00:00+07:00 (default: now)',
].join('\n');

class UsageError extends Error {}

function exit(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseArgs(argv: readonly string[]): { job: string; at?: string } {
  let job: string | undefined;
  let at: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--help' || arg === '-h') exit(0, USAGE);
    if (arg === '--at' || arg.startsWith('--at=')) {
      at = arg === '--at' ? argv[++index] : arg.slice('--at='.length);
      if (!at) throw new UsageError('--at needs a time, e.g. --at 2026-11-30T08:00:00+07:00');
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg}`);
    } else if (job === undefined) {
      job = arg;
    } else {
      throw new UsageError(`One job at a time: unexpected "${arg}"`);
    }
  }
  if (job === undefined) throw new UsageError('Which job?');
  return { job, ...(at !== undefined && { at }) };
}

const NOT_RUNNING = 'Start it with `npm start` in another terminal, then run this again.';

/** The environment the running system's handlers get, or a clear reason why there is none. */
async function runningSystemEnv(): Promise<Record<string, string>> {
  const file = runtimeFilePath();
  const runtime = readRuntimeInfo(file);
  if (!runtime) exit(1, `The local system is not running (no ${file}).\n${NOT_RUNNING}`);
  if (!isProcessAlive(runtime.pid)) exit(1, `The local system is not running (pid ${runtime.pid} in ${file} has exited).\n${NOT_RUNNING}`);
  if (!runtime.env) exit(1, `${file} was written by an older \`npm start\` without the handlers' environment: restart \`npm start\`.`);
  // A job against a dead endpoint would only fail after the SDK's retries, with a less helpful error.
  for (const name of ['DYNAMODB_ENDPOINT', 'SES_ENDPOINT'] as const) {
    const endpoint = runtime.env[name];
    if (!endpoint) continue;
    try {
      await fetch(endpoint, { signal: AbortSignal.timeout(3000) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      const reason = cause?.code === 'ECONNREFUSED' ? 'nothing answers there' : (error as Error).message;
      exit(1, `The local system is not reachable (${name} ${endpoint}: ${reason}).\n${NOT_RUNNING}`);
    }
  }
  return runtime.env;
}

async function main(): Promise<void> {
  let job: JobName;
  let at: Date;
  try {
    const args = parseArgs(process.argv.slice(2));
    job = resolveJobName(args.job);
    at = args.at === undefined ? new Date() : parseJobTime(args.at);
  } catch (error) {
    if (error instanceof UsageError || error instanceof UnknownJobError || error instanceof InvalidJobTimeError) {
      exit(2, `${error.message}\n${USAGE}`);
    }
    throw error;
  }

  const env = await runningSystemEnv();
  // Whatever the function writes to stdout (its JSON log lines, through Powertools' own Console on
  // process.stdout) goes to stderr while it runs: stdout carries only the summary.
  const writeStdout = process.stdout.write.bind(process.stdout);
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  const event = jobEvent(job, at);
  process.stderr.write(`Running ${JSON.stringify(event)} against ${env.DYNAMODB_ENDPOINT ?? 'DynamoDB'}\n`);
  let summary: unknown;
  try {
    summary = await createHandler(buildDependencies(env))(event);
  } catch (error) {
    exit(1, `Job ${job} failed: ${(error as Error).stack ?? String(error)}`);
  }
  // Explicit exit: the SDK clients' keep-alive sockets would hold the process open for a while.
  writeStdout(`${JSON.stringify(summary, null, 2)}\n`, () => process.exit(0));
}

main().catch((error: unknown) => exit(1, (error as Error).stack ?? String(error)));
