// The local API Gateway: a node:http server serving the route table with the same handlers Lambda
// runs, through the same payload-2.0 events, the same JWT check and the same gateway errors.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import { ROUTES, type HandlerGroup, type RouteDefinition } from '../routes';
import type { HttpHandler } from '../../functions/http/types';
import {
  bearerToken,
  buildEvent,
  gatewayError,
  GATEWAY_ERRORS,
  MAX_BODY_BYTES,
  matchRoute,
  newGatewayRequestId,
  toGatewayResponse,
  type AuthorizerResult,
  type GatewayResponse,
  type RawRequest,
} from './api-gateway';
import { closeServer, listen, LOOPBACK } from './net';
import { corsHeadersOf } from '../../functions/http/cors';
import { buildOpenApiDocument } from '../../functions/http/openapi';

export const DEFAULT_API_PORT = 3000;

export interface HttpAdapterOptions {
  handlers: Partial<Record<HandlerGroup, HttpHandler>>;
  /** Verifies a bearer token and returns its claims, or throws: the JWT authorizer. */
  verifyToken: (token: string) => Promise<Record<string, unknown>>;
  routes?: readonly RouteDefinition[];
  /** TCP port; 0 picks a free one. Default 3000. */
  port?: number;
  host?: string;
  log?: (line: string) => void;
  /** API Gateway gives up on the integration after 30 s with a 503. */
  integrationTimeoutMs?: number;
  /** What context.getRemainingTimeInMillis counts down from: the function's timeout. */
  functionTimeoutMs?: number;
}

export interface HttpAdapter {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startHttpAdapter(options: HttpAdapterOptions): Promise<HttpAdapter> {
  const log = options.log ?? (() => undefined);
  const routes = options.routes ?? ROUTES;
  const integrationTimeoutMs = options.integrationTimeoutMs ?? 30_000;
  const functionTimeoutMs = options.functionTimeoutMs ?? 29_000;
  let port = 0;

  const cors = corsHeadersOf(buildOpenApiDocument());
  const server = createServer((request, response) => {
    const started = Date.now();
    // CORS as the stack configures it on API Gateway: API Gateway answers preflights itself and
    // adds the headers to every answer. Locally any origin may call (the portal runs on :3002).
    const origin = request.headers.origin;
    const corsHeaders: Record<string, string> = origin
      ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': cors.exposeHeaders.join(','), vary: 'origin' }
      : {};
    if (request.method === 'OPTIONS' && origin && request.headers['access-control-request-method']) {
      response.writeHead(204, {
        ...corsHeaders,
        'access-control-allow-methods': 'GET,POST,PUT,OPTIONS',
        'access-control-allow-headers': cors.allowHeaders.join(','),
        'access-control-max-age': '3600',
      });
      response.end();
      request.resume();
      return;
    }
    serve(request)
      .catch((error: unknown) => {
        log(`${request.method} ${request.url}: adapter error: ${(error as Error).stack ?? String(error)}`);
        return gatewayError(GATEWAY_ERRORS.internal, newGatewayRequestId());
      })
      .then((result) => {
        write(response, { ...result, headers: { ...result.headers, ...corsHeaders } });
        log(`${request.method} ${request.url} ${result.statusCode} ${Date.now() - started}ms`);
      });
  });

  async function serve(request: IncomingMessage): Promise<GatewayResponse> {
    const requestId = newGatewayRequestId();
    const receivedAt = new Date();
    const url = request.url ?? '/';
    const rawPath = url.split('?')[0];
    const method = request.method ?? 'GET';

    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === undefined) return gatewayError(GATEWAY_ERRORS.tooLarge, requestId);

    const match = matchRoute(routes, method, rawPath);
    if (!match) return gatewayError(GATEWAY_ERRORS.notFound, requestId);

    let authorizer: AuthorizerResult | undefined;
    if (match.route.roles.length > 0) {
      const token = bearerToken(request.headers.authorization);
      if (!token) return gatewayError(GATEWAY_ERRORS.unauthorized, requestId);
      try {
        authorizer = { claims: await options.verifyToken(token) };
      } catch (error) {
        log(`  token rejected: ${(error as Error).message}`);
        return gatewayError(GATEWAY_ERRORS.unauthorized, requestId);
      }
    }

    const group = match.route.group;
    const handler = options.handlers[group];
    if (!handler) {
      log(`  no handler for group "${group}" (route ${match.route.operationId})`);
      return gatewayError(GATEWAY_ERRORS.internal, requestId);
    }

    const raw: RawRequest = {
      method,
      url,
      rawHeaders: request.rawHeaders,
      body,
      sourceIp: request.socket.remoteAddress ?? LOOPBACK,
      httpVersion: request.httpVersion,
      port,
      receivedAt,
    };
    const event = buildEvent(raw, match, authorizer, requestId);
    const context = lambdaContext(group, functionTimeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), integrationTimeoutMs);
    });
    try {
      const result = await Promise.race([handler(event, context), timedOut]);
      if (result === 'timeout') {
        log(`  ${context.functionName} did not answer within ${integrationTimeoutMs} ms`);
        return gatewayError(GATEWAY_ERRORS.unavailable, requestId);
      }
      return toGatewayResponse(result, requestId);
    } catch (error) {
      // What CloudWatch would show for an unhandled error; the client gets API Gateway's 500 only.
      log(`  ${context.functionName} failed (${context.awsRequestId}): ${(error as Error).stack ?? String(error)}`);
      return gatewayError(GATEWAY_ERRORS.internal, requestId);
    } finally {
      clearTimeout(timer);
    }
  }

  port = await listen(server, options.port ?? DEFAULT_API_PORT, options.host ?? LOOPBACK, 'Local API', 'PORT');
  const url = `http://${LOOPBACK}:${port}`;
  log(`API ready on ${url} (${routes.length} routes)`);
  return { url, port, stop: () => closeServer(server) };
}

/** Reads the body, or answers undefined once it passes the limit (the rest is discarded). */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) tooLarge = true;
    // Keep draining so the client can read the 413 instead of seeing a reset connection.
    if (!tooLarge) chunks.push(chunk as Buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

function write(response: ServerResponse, result: GatewayResponse): void {
  if (response.headersSent) return;
  response.writeHead(result.statusCode, { ...result.headers, 'content-length': String(result.body.length) });
  response.end(result.body);
}

/** The Lambda context object a handler receives; names follow the stack's functions. */
export function lambdaContext(group: HandlerGroup, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const functionName = `tuntas-${group}`;
  const awsRequestId = randomUUID();
  const unsupported = () => {
    throw new Error('callback-style context methods are not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-southeast-3:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${awsRequestId.replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
