// The running local system writes where it listens to .local/runtime.json, so `npm run token`
// (another process) finds the issuer even when ports were changed through the environment.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Git-ignored folder for everything the local runtime keeps: DynamoDB data, the runtime file. */
export const LOCAL_STATE_DIR = resolve(__dirname, '..', '..', '.local');
export const RUNTIME_FILE = resolve(LOCAL_STATE_DIR, 'runtime.json');

export interface RuntimeInfo {
  pid: number;
  startedAt: string;
  apiUrl: string;
  issuerUrl: string;
  sesUrl: string;
  dynamodbEndpoint: string;
  auditorClient: { id: string; secret: string };
}

export function writeRuntimeInfo(info: RuntimeInfo, path = RUNTIME_FILE): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(info, null, 2)}\n`);
}

export function readRuntimeInfo(path = RUNTIME_FILE): RuntimeInfo | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

/** Removes the file only if it is still this process's: a second `npm start` may have replaced it. */
export function removeRuntimeInfo(pid = process.pid, path = RUNTIME_FILE): void {
  if (readRuntimeInfo(path)?.pid === pid) rmSync(path, { force: true });
}
