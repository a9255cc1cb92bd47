// Small networking helpers shared by the local stand-ins.

import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Server as HttpServer } from 'node:http';

/** The loopback address the local servers bind to: nothing of the local system is reachable from the network. */
export const LOOPBACK = '127.0.0.1';

/** A port a stand-in needs is taken; the message says which and how to choose another. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** True when nothing listens on the port (checked by binding it for a moment). */
export function isPortFree(port: number, host = '0.0.0.0'): Promise<boolean> {
  return new Promise((resolve) => {
    const server: Server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Asks the OS for a free TCP port. There is a short window in which another process could take it;
 * callers that spawn a child on it retry when the child fails to bind.
 */
export function findFreePort(host = '0.0.0.0'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts listening, turning EADDRINUSE into an error that tells the developer what to do. */
export function listen(server: HttpServer, port: number, host: string, what: string, portEnvVar?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        const hint = portEnvVar ? ` Stop whatever uses it (an earlier \`npm start\`?) or set ${portEnvVar} to another port.` : '';
        reject(new PortInUseError(`${what}: port ${port} on ${host} is already in use.${hint}`));
      } else {
        reject(error);
      }
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Closes an HTTP server, dropping idle keep-alive connections so close() does not hang. */
export function closeServer(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    // Requests still in flight get a moment to finish; after that they are cut.
    setTimeout(() => server.closeAllConnections(), 1000).unref();
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The host part of a URL for people: servers bind to 127.0.0.1, which browsers and curl reach as localhost. */
export const displayUrl = (port: number) => `http://localhost:${port}`;
