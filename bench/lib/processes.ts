// Child processes for the benchmarks: the local runtime in a process of its own, memory read from
// /proc (VmRSS now, VmHWM = the peak so far), and an exit hook that reports a Node process's peak
// RSS exactly (VmHWM at exit) however deep it sits under npm and tsx.

import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { LocalApiOptions, LocalApiReady } from '../children/local-api';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const LOCAL_API_CHILD = resolve(REPO_ROOT, 'bench', 'children', 'local-api.ts');
export const PEAK_RSS_HOOK = resolve(REPO_ROOT, 'bench', 'children', 'peak-rss.cjs');

/** Node arguments that run a TypeScript file in THIS process (no tsx CLI wrapper process in between). */
export const tsxArgs = (file: string, ...args: string[]) => ['--import', 'tsx', file, ...args];

export interface ProcMemory {
  /** Resident set size now, bytes. */
  rssBytes: number;
  /** Peak resident set size of the process so far (VmHWM), bytes. */
  peakRssBytes: number;
}

/** VmRSS and VmHWM of a live process (Linux /proc); undefined when it is gone or /proc is unavailable. */
export function procMemory(pid: number): ProcMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Every live descendant of a process (children, grandchildren, ...), from /proc/<pid>/stat. */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

export interface RunningLocalApi {
  ready: LocalApiReady;
  child: ChildProcess;
  memory(): ProcMemory | undefined;
  stop(): Promise<void>;
}

/** Starts bench/children/local-api.ts and waits for its BENCH_READY line. */
export async function startLocalApi(options: LocalApiOptions, timeoutMs = 60_000): Promise<RunningLocalApi> {
  const child = spawn(process.execPath, tsxArgs(LOCAL_API_CHILD), {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_LOCAL_API: JSON.stringify(options) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
    if (options.verbose) process.stderr.write(chunk);
  });
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const ready = await new Promise<LocalApiReady>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`local-api child not ready within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('BENCH_READY ')) return;
      clearTimeout(timer);
      resolveReady(JSON.parse(line.slice('BENCH_READY '.length)) as LocalApiReady);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`local-api child exited (code ${code}) before it was ready:\n${stderr}`));
    });
  });
  let stopped: Promise<void> | undefined;
  return {
    ready,
    child,
    memory: () => procMemory(child.pid!),
    stop: () =>
      (stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.stdin!.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      })()),
  };
}

export interface ExitRecord {
  pid: number;
  ppid: number;
  argv: string[];
  maxRssBytes: number;
}

/** What the peak-RSS exit hook wrote: one record per Node process that loaded it. */
export function readExitRecords(file: string): ExitRecord[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ExitRecord);
}

/** NODE_OPTIONS that load the exit hook in every Node process started with this environment. */
export function peakRssNodeOptions(existing: string | undefined): string {
  return `${existing ? `${existing} ` : ''}--require ${PEAK_RSS_HOOK}`;
}
