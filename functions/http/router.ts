// The shared middy stack: one router per handler group, built from the route table, so a group
// cannot serve a route the table does not list (nor miss one: the operation map is typed by it).
// Each route: size and media-type checks, JSON parsing, schema validation, role check, then the
// operation. Errors become {"error": {code, message, details?}}; a 5xx never carries internals.

import middy from '@middy/core';
import httpRouterHandler from '@middy/http-router';
import type { Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { authorize, type Principal } from '../core/access';
import { DomainError, isDomainError } from '../core/errors';
import { type HandlerGroup, type OperationsOf, type RouteDefinition, routeKey, routesOf } from '../../lib/routes';
import { logger } from './logger';
import { principalOf } from './principal';
import { errorResponse, internalErrorResponse, json } from './responses';
import { MAX_BODY_BYTES } from './schemas';
import type { HttpEvent, HttpHandler, HttpResult } from './types';
import { parseWith } from './validation';

export interface OperationRequest<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  principal: Principal;
  headers: Record<string, string | undefined>;
  event: HttpEvent;
  context: Context;
}

export interface Operation<B = unknown, Q = unknown, P = unknown> {
  body?: z.ZodMiniType<B>;
  /** The body may be left out altogether (the handler gets undefined); one that is sent is validated. */
  bodyOptional?: boolean;
  query?: z.ZodMiniType<Q>;
  params?: z.ZodMiniType<P>;
  handle(request: OperationRequest<B, Q, P>): Promise<HttpResult>;
}

/** Declares an operation with its schemas; the request passed to `handle` is typed from them. */
export function operation<B = undefined, Q = Record<string, never>, P = Record<string, never>>(
  spec: Operation<B, Q, P>,
): Operation<B, Q, P> {
  return spec;
}

export function createRouter<G extends HandlerGroup>(
  group: G,
  operations: { [K in OperationsOf<G>]: Operation<any, any, any> },
): HttpHandler {
  const routes = routesOf(group).map((route) => ({
    method: route.method,
    path: route.path,
    handler: routeHandler(route, (operations as Record<string, Operation<any, any, any>>)[route.operationId]),
  }));
  const router = httpRouterHandler<HttpEvent, HttpResult>({
    routes: routes as never,
    notFoundResponse: () => {
      throw new DomainError('NOT_FOUND', 'No such route');
    },
  });
  return middy<HttpEvent, HttpResult>()
    .use(errorsAsJson())
    .handler(router as never) as unknown as HttpHandler;
}

function routeHandler(route: RouteDefinition, op: Operation<any, any, any> | undefined) {
  if (!op) throw new Error(`No operation implements ${routeKey(route)}`);
  return async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const started = Date.now();
    const correlationId = correlationIdOf(event, context);
    const principal = principalOf(event);
    authorize(principal, route.roles);
    const request: OperationRequest<unknown, unknown, unknown> = {
      body: op.body ? parseBody(op, readJsonBody(event)) : undefined,
      // Routes without a query schema ignore the query string (cache busters, tracking tags).
      query: op.query ? parseWith(op.query, event.queryStringParameters ?? {}, 'query') : {},
      params: parseWith(op.params ?? emptyObject, event.pathParameters ?? {}, 'path'),
      principal,
      headers: event.headers ?? {},
      event,
      context,
    };
    const result = await op.handle(request);
    logger.info('request', { correlationId, route: routeKey(route), status: result.statusCode, durationMs: Date.now() - started });
    return result;
  };
}

function parseBody(op: Operation<any, any, any>, raw: unknown) {
  if (raw === undefined && op.bodyOptional) return undefined;
  return parseWith(op.body!, raw, 'body');
}

function readJsonBody(event: HttpEvent): unknown {
  const raw = event.body;
  if (raw === undefined || raw === null || raw === '') return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `The request body exceeds ${MAX_BODY_BYTES} bytes`, {
      limitBytes: MAX_BODY_BYTES,
    });
  }
  const contentType = event.headers?.['content-type'];
  if (contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json');
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'The request body is not valid JSON', [
      { field: 'body', message: 'is not valid JSON' },
    ]);
  }
}

const emptyObject = {
  safeParse(input: unknown) {
    const keys = Object.keys((input ?? {}) as object);
    if (keys.length === 0) return { success: true, data: {} };
    return {
      success: false,
      error: { issues: [{ code: 'unrecognized_keys', keys, path: [], message: '' }] },
    };
  },
} as unknown as z.ZodMiniType<Record<string, never>>;

/**
 * The id that ties a client's request to its log lines: the caller's X-Correlation-Id when it is a
 * sane token, otherwise API Gateway's request id. Echoed back in the response.
 */
export function correlationIdOf(event: HttpEvent, context: Context): string {
  const given = event.headers?.['x-correlation-id'];
  if (given && /^[A-Za-z0-9._:-]{1,128}$/.test(given)) return given;
  return event.requestContext?.requestId ?? context.awsRequestId ?? 'unknown';
}

function errorsAsJson(): middy.MiddlewareObj<HttpEvent, HttpResult> {
  return {
    after: async (request) => {
      if (request.response) request.response = withCorrelationId(request.response, correlationIdOf(request.event, request.context));
    },
    onError: async (request) => {
      const error = request.error;
      const correlationId = correlationIdOf(request.event, request.context);
      if (isDomainError(error)) {
        request.response = withCorrelationId(errorResponse(error), correlationId);
        logger.info('request refused', { correlationId, route: request.event.routeKey, status: request.response.statusCode, errorCode: error.code });
        return;
      }
      logger.error('unhandled error', {
        correlationId,
        route: request.event.routeKey,
        errorName: (error as Error | undefined)?.name,
        errorMessage: (error as Error | undefined)?.message,
        stack: (error as Error | undefined)?.stack,
      });
      request.response = withCorrelationId(internalErrorResponse(correlationId), correlationId);
    },
  };
}

/** A new response: handlers may return shared (cached) ones, which must never carry one request's id. */
function withCorrelationId(response: HttpResult, correlationId: string): HttpResult {
  return { ...response, headers: { ...response.headers, 'x-correlation-id': correlationId } };
}

export { json };
