// What API Gateway (HTTP API, payload format 2.0) does between the client and the Lambda function,
// as pure functions: route matching, the event, the JWT authorizer's claim flattening, and turning
// the function's result into a response. The server around them is http-adapter.ts.

import { randomBytes } from 'node:crypto';
import type { RouteDefinition } from '../routes';
import { routeKey } from '../routes';
import type { HttpEvent, HttpResult } from '../../functions/http/types';

export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_API_ID = 'local';
/** HTTP API's payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** API Gateway's own error bodies, byte for byte. */
export const GATEWAY_ERRORS = {
  unauthorized: { statusCode: 401, message: 'Unauthorized' },
  notFound: { statusCode: 404, message: 'Not Found' },
  tooLarge: { statusCode: 413, message: 'Request Entity Too Large' },
  internal: { statusCode: 500, message: 'Internal Server Error' },
  unavailable: { statusCode: 503, message: 'Service Unavailable' },
} as const;

export interface RouteMatch<R extends RouteDefinition = RouteDefinition> {
  route: R;
  pathParameters: Record<string, string>;
}

/**
 * Finds the route for a method and raw path. Like API Gateway, the most specific template wins
 * (literal segments before {parameters}), a path with the wrong method is a 404, and a trailing
 * slash is a different path. Parameters match one non-empty segment and arrive decoded. (Greedy
 * {proxy+} parameters are not supported: the route table has none.)
 */
export function matchRoute<R extends RouteDefinition>(routes: readonly R[], method: string, rawPath: string): RouteMatch<R> | undefined {
  const segments = rawPath.split('/').slice(1);
  let best: { match: RouteMatch<R>; literals: number } | undefined;
  for (const route of routes) {
    if (route.method !== method.toUpperCase()) continue;
    const template = route.path.split('/').slice(1);
    if (template.length !== segments.length) continue;
    const pathParameters: Record<string, string> = {};
    let literals = 0;
    const matched = template.every((part, index) => {
      const segment = segments[index];
      const parameter = /^\{(\w+)\}$/.exec(part);
      if (!parameter) {
        literals++;
        return decodeSegment(segment) === part;
      }
      pathParameters[parameter[1]] = decodeSegment(segment);
      return segment !== '';
    });
    if (matched && (!best || literals > best.literals)) best = { match: { route, pathParameters }, literals };
  }
  return best?.match;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The JWT authorizer's claims as HTTP APIs hand them to the function: every value a string,
 * arrays as "[a b]", numbers and booleans in their plain text form, objects Go-style "map[k:v]".
 */
export function flattenClaims(claims: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value !== undefined) flat[name] = flattenValue(value);
  }
  return flat;
}

function flattenValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(flattenValue).join(' ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${flattenValue((value as Record<string, unknown>)[key])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** The authorizer's scopes: the scope claim split on spaces, or null when the token has none. */
export function scopesOf(claims: Record<string, unknown>): string[] | null {
  return typeof claims.scope === 'string' && claims.scope.trim() !== '' ? claims.scope.trim().split(/\s+/) : null;
}

/** The bearer token of an Authorization header; API Gateway also accepts the bare token. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const token = authorization.replace(/^bearer\s+/i, '').trim();
  return token === '' ? undefined : token;
}

/** Bodies API Gateway passes as text; everything else (also form posts) arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mime = contentType.split(';')[0].trim().toLowerCase();
  return (
    mime.startsWith('text/') ||
    /^application\/([\w.-]+\+)?(json|xml)$/.test(mime) ||
    mime === 'application/javascript' ||
    mime === 'application/graphql'
  );
}

/** A request as it arrived on the socket: enough to build the event, easy to fake in tests. */
export interface RawRequest {
  method: string;
  /** Path and query exactly as sent, e.g. "/complaints?status=NEW". */
  url: string;
  /** Header names and values alternating, as node:http's rawHeaders. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  httpVersion: string;
  /** Local port, for x-forwarded-port. */
  port: number;
  receivedAt: Date;
}

export interface AuthorizerResult {
  claims: Record<string, unknown>;
}

/** Headers lower-cased, repeats comma-joined (no space), cookies taken out into their own list. */
export function collectHeaders(rawHeaders: readonly string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index].toLowerCase();
    const value = rawHeaders[index + 1];
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter(Boolean));
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return { headers, cookies };
}

/** Query parameters decoded, repeats comma-joined; undefined when there are none. */
export function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    if (name === '') continue;
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/** API Gateway's request ids look like "JKJaXmPLvHcESHA=": 10 random bytes, base64. */
export const newGatewayRequestId = () => randomBytes(10).toString('base64');

/** "12/Mar/2020:19:03:58 +0000", the format of requestContext.time. */
export function gatewayTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** The payload-2.0 event API Gateway would send the function for this request. */
export function buildEvent(
  request: RawRequest,
  match: RouteMatch,
  authorizer: AuthorizerResult | undefined,
  requestId: string = newGatewayRequestId(),
): HttpEvent {
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart < 0 ? '' : request.url.slice(queryStart + 1).split('#')[0];
  const { headers, cookies } = collectHeaders(request.rawHeaders);
  const sourceIp = request.sourceIp.replace(/^::ffff:/, '');
  // API Gateway adds these on the way in; a client's own values are kept (x-forwarded-for grows).
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-port'] ??= String(request.port);
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(request.receivedAt.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const domainName = headers.host ?? `localhost:${request.port}`;
  const key = routeKey(match.route);
  const hasBody = request.body.length > 0;
  const text = isTextContentType(headers['content-type']);
  const queryStringParameters = parseQuery(rawQueryString);
  const event = {
    version: '2.0',
    routeKey: key,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(queryStringParameters && { queryStringParameters }),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: LOCAL_API_ID,
      ...(authorizer && {
        authorizer: {
          principalId: '',
          integrationLatency: 0,
          jwt: { claims: flattenClaims(authorizer.claims), scopes: scopesOf(authorizer.claims) },
        },
      }),
      domainName,
      domainPrefix: domainName.split('.')[0].split(':')[0],
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: key,
      stage: '$default',
      time: gatewayTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    ...(Object.keys(match.pathParameters).length > 0 && { pathParameters: match.pathParameters }),
    ...(hasBody && { body: text ? request.body.toString('utf8') : request.body.toString('base64') }),
    isBase64Encoded: hasBody && !text,
  };
  // Routes without an authorizer have no requestContext.authorizer at all, which HttpEvent's type
  // (written for authorized routes) does not express.
  return event as unknown as HttpEvent;
}

export interface GatewayResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** A response API Gateway makes itself: {"message": "..."} as JSON. */
export function gatewayError(error: { statusCode: number; message: string }, requestId: string): GatewayResponse {
  return {
    statusCode: error.statusCode,
    headers: { 'content-type': 'application/json', 'apigw-requestid': requestId },
    body: Buffer.from(JSON.stringify({ message: error.message })),
  };
}

/**
 * Turns the function's result into the HTTP response. A structured result ({statusCode, ...}) is
 * used as is; anything else is, as HTTP APIs infer for payload 2.0, a 200 JSON body. A result API
 * Gateway could not use becomes its 500.
 */
export function toGatewayResponse(result: HttpResult | unknown, requestId: string): GatewayResponse {
  if (result !== null && typeof result === 'object' && 'statusCode' in result) {
    const structured = result as HttpResult;
    const status = structured.statusCode;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
      return gatewayError(GATEWAY_ERRORS.internal, requestId);
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(structured.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = String(value);
    }
    if (structured.cookies && structured.cookies.length > 0) headers['set-cookie'] = [...structured.cookies];
    headers['apigw-requestid'] = requestId;
    const rawBody = structured.body ?? '';
    const body = structured.isBase64Encoded ? Buffer.from(rawBody, 'base64') : Buffer.from(rawBody, 'utf8');
    return { statusCode: status, headers, body };
  }
  const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'apigw-requestid': requestId },
    body: Buffer.from(body, 'utf8'),
  };
}
