// The running local system writes where it listens, and the environment its handlers get, to
// .local/runtime.json, so other processes (`npm run token`, `npm run job`) find it even when ports
// were changed through the environment. TUNTAS_RUNTIME_FILE points every one of them elsewhere.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Git-ignored folder for everything the local runtime keeps: DynamoDB data, S3 files, the runtime file. */
export const LOCAL_STATE_DIR = resolve(__dirname, '..', '..', '.local');
export const RUNTIME_FILE = resolve(LOCAL_STATE_DIR, 'runtime.json');
/** Overrides where the runtime file is (tests point `npm run job` at a test system with it). */
export const RUNTIME_FILE_ENV_VAR = 'TUNTAS_RUNTIME_FILE';

/** The runtime file in use: TUNTAS_RUNTIME_FILE, else .local/runtime.json. */
export function runtimeFilePath(): string {
  const override = process.env[RUNTIME_FILE_ENV_VAR];
  return override ? resolve(override) : RUNTIME_FILE;
}

export interface ScheduleInfo {
  name: string;
  expression: string;
  timeZone: string;
  /** ISO-8601; null when it never fires again. */
  nextRun: string | null;
}

export interface RuntimeInfo {
  pid: number;
  startedAt: string;
  regionName?: string;
  timeZone?: string;
  apiUrl: string;
  issuerUrl: string;
  sesUrl: string;
  dynamodbEndpoint: string;
  s3Endpoint?: string;
  filesBucket?: string;
  auditorClient: { id: string; secret: string };
  /**
   * The environment every handler was built with (what the stack gives each Lambda): table names,
   * TUNTAS_SETTINGS, EMAIL_*, AWS_REGION, FILES_BUCKET and the stand-ins' *_ENDPOINT. `npm run job`
   * builds the jobs function from it. Optional only for files written by an older `npm start`.
   */
  env?: Record<string, string>;
  schedules?: ScheduleInfo[];
}

type SystemEndpoints = Pick<RuntimeInfo, 'apiUrl' | 'issuerUrl' | 'sesUrl' | 'dynamodbEndpoint' | 's3Endpoint' | 'filesBucket' | 'auditorClient'> & {
  env: Record<string, string>;
};

/** What a running system in this process writes about itself (`npm start`, benchmarks, tests). */
export function runtimeInfoOf(system: SystemEndpoints, extra: Partial<RuntimeInfo> = {}): RuntimeInfo {
  return {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    apiUrl: system.apiUrl,
    issuerUrl: system.issuerUrl,
    sesUrl: system.sesUrl,
    dynamodbEndpoint: system.dynamodbEndpoint,
    s3Endpoint: system.s3Endpoint,
    filesBucket: system.filesBucket,
    auditorClient: system.auditorClient,
    env: system.env,
    ...extra,
  };
}

export function writeRuntimeInfo(info: RuntimeInfo, path = runtimeFilePath()): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(info, null, 2)}\n`);
}

export function readRuntimeInfo(path = runtimeFilePath()): RuntimeInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

/** Removes the file only if it is still this process's: a second `npm start` may have replaced it. */
export function removeRuntimeInfo(pid = process.pid, path = runtimeFilePath()): void {
  if (readRuntimeInfo(path)?.pid === pid) rmSync(path, { force: true });
}

/** True when a process with this id exists (also one of another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
