// The built portal (web/dist) on its own port, as CloudFront serves it: config.json written from
// this system's values (API, sign-in), the same security headers, SPA fallback to index.html, gzip on request.

import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IMMUTABLE_CACHE, NO_CACHE, WEB_ASSETS_PREFIX, webConfig, webSecurityHeaders, type WebOrigins, type WebSignIn } from '../web-headers';
import { closeServer, listen, LOOPBACK } from './net';

export const DEFAULT_WEB_PORT = 3002;
export const WEB_DIST = resolve(__dirname, '..', '..', 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export class WebNotBuiltError extends Error {
  override name = 'WebNotBuiltError';
}

export interface WebServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** origins may be a function: the web server starts before the API, whose port it then learns. */
export async function startWebServer(options: {
  port?: number;
  distDir?: string;
  origins: WebOrigins | (() => WebOrigins);
  /** The consoles' sign-in (the local issuer), learnt once the issuer runs. */
  signIn: () => WebSignIn;
  log?: (line: string) => void;
}): Promise<WebServer> {
  const dist = options.distDir ?? WEB_DIST;
  if (!existsSync(join(dist, 'index.html'))) {
    throw new WebNotBuiltError(`The portal is not built (${dist}/index.html is missing): run npm run web:build`);
  }
  const origins = () => (typeof options.origins === 'function' ? options.origins() : options.origins);
  const server = createServer((request, response) => {
    const security = webSecurityHeaders(origins());
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]!);
    let body: Buffer;
    let file = normalize(path).replace(/^([/\\])+/, '');
    if (file === 'config.json') body = Buffer.from(`${JSON.stringify(webConfig(origins().api, options.signIn()))}\n`);
    else {
      const full = join(dist, file);
      // Unknown paths are the app's routes (SPA fallback); nothing outside dist is ever read.
      if (!full.startsWith(dist) || !file || !existsSync(full) || !extname(full)) file = 'index.html';
      body = readFileSync(join(dist, file));
    }
    const headers: Record<string, string> = {
      ...security,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': file.startsWith(WEB_ASSETS_PREFIX) ? IMMUTABLE_CACHE : NO_CACHE,
      vary: 'accept-encoding',
    };
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? '')) && !/\.(png|jpg|ico)$/.test(file)) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(body.length);
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  const port = await listen(server, options.port ?? DEFAULT_WEB_PORT, LOOPBACK, 'Portal', 'WEB_PORT');
  const url = `http://localhost:${port}`;
  options.log?.(`Portal ready on ${url}`);
  return { url, port, stop: () => closeServer(server) };
}
