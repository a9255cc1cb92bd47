// SES stand-in: aws-ses-v2-local, started in this process through its programmatic API (no child
// process to orphan). It serves the SES v1/v2 send APIs, a mail viewer at / and JSON at /store.
// Its store is module-global: every instance started in one process shares the captured emails.

import { closeServer, LOOPBACK, PortInUseError, sleep } from './net';

export interface SesLocalOptions {
  /** TCP port; 0 picks a free one. Default 8005 (the package's own default). */
  port?: number;
  host?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface SesLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export const DEFAULT_SES_PORT = 8005;

export async function startSesLocal(options: SesLocalOptions = {}): Promise<SesLocal> {
  const port = options.port ?? DEFAULT_SES_PORT;
  const host = options.host ?? LOOPBACK;
  const timeoutMs = options.timeoutMs ?? 5000;
  // Loaded here, not at import: the package (Express and friends) takes 0.5-0.7 s of this thread to
  // load, which startLocalSystem overlaps with the DynamoDB Local JVM's boot.
  const startSesServer: typeof import('aws-ses-v2-local').default = require('aws-ses-v2-local').default;
  const server = await startSesServer({ port, host });
  // The package resolves even when listen fails (Express 5 passes the error to the callback it
  // ignores), so a taken port shows up only as a server that is not listening.
  const address = server.address();
  if (!server.listening || address === null || typeof address === 'string') {
    server.close();
    throw new PortInUseError(
      `SES local (aws-ses-v2-local): could not listen on ${host}:${port}; the port is probably in use. ` +
        'Stop whatever uses it (an earlier `npm start`?) or set PORT_SES to another port.',
    );
  }
  const endpoint = `http://${LOOPBACK}:${address.port}`;
  const stop = () => closeServer(server);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/health-check`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) break;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`SES local did not answer on ${endpoint} within ${timeoutMs} ms`);
    }
    await sleep(50);
  }
  options.log?.(`SES local ready on ${endpoint} (mail viewer at /, JSON at /store)`);
  return { endpoint, port: address.port, stop };
}
