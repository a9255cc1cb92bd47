// The adapter over a real socket, with fake handlers and a fake token verifier: what API Gateway
// does in front of the functions, without the functions.

import type { Context } from 'aws-lambda';
import { startHttpAdapter, type HttpAdapter } from '../../../lib/local/http-adapter';
import type { HttpEvent, HttpHandler } from '../../../functions/http/types';

const GOOD_TOKEN = 'good-token';
const claims = { sub: 'local-admin', 'cognito:groups': ['admin'], token_use: 'id', exp: 1900000000 };

describe('local HTTP API adapter', () => {
  let adapter: HttpAdapter;
  const calls: { event: HttpEvent; context: Context }[] = [];
  const lines: string[] = [];
  const echo: HttpHandler = async (event, context) => {
    calls.push({ event, context });
    return {
      statusCode: 201,
      headers: { 'content-type': 'application/json', 'x-handler': 'echo' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: JSON.stringify({ routeKey: event.routeKey }),
    };
  };
  const failing: HttpHandler = async () => {
    throw new Error('handler bug with internal details');
  };

  beforeAll(async () => {
    adapter = await startHttpAdapter({
      handlers: { public: echo, admin: echo, agency: failing },
      verifyToken: async (token) => {
        if (token !== GOOD_TOKEN) throw new Error('bad signature');
        return claims;
      },
      port: 0,
      log: (line) => lines.push(line),
    });
  });
  afterAll(() => adapter.stop());
  beforeEach(() => {
    calls.length = 0;
    lines.length = 0;
  });

  it('calls the group handler with the event and a Lambda-like context, and writes its response back', async () => {
    const response = await fetch(`${adapter.url}/complaints/BLR-1/responses?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"rating":5}',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ routeKey: 'POST /complaints/{trackingId}/responses' });
    expect(response.headers.get('x-handler')).toBe('echo');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    expect(response.headers.get('apigw-requestid')).toBe(calls[0].event.requestContext.requestId);

    const { event, context } = calls[0];
    expect(event).toMatchObject({
      rawPath: '/complaints/BLR-1/responses',
      rawQueryString: 'x=1',
      pathParameters: { trackingId: 'BLR-1' },
      queryStringParameters: { x: '1' },
      body: '{"rating":5}',
      isBase64Encoded: false,
    });
    expect(event.requestContext.http.sourceIp).toBe('127.0.0.1');
    expect(context.functionName).toBe('tuntas-public');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(20_000);
    expect(lines).toContainEqual(expect.stringMatching(/^POST \/complaints\/BLR-1\/responses\?x=1 201 \d+ms$/));
  });

  it('answers 401 {"message":"Unauthorized"} without calling the handler when the token is missing or invalid', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic abc' }] as Record<string, string>[]) {
      const response = await fetch(`${adapter.url}/admin/complaints`, { headers });
      expect(response.status).toBe(401);
      expect(await response.text()).toBe('{"message":"Unauthorized"}');
    }
    expect(calls).toHaveLength(0);
  });

  it('passes the verified, flattened claims on an authorized route', async () => {
    const response = await fetch(`${adapter.url}/admin/complaints`, { headers: { authorization: `Bearer ${GOOD_TOKEN}` } });
    expect(response.status).toBe(201);
    expect(calls[0].event.requestContext.authorizer).toEqual({
      principalId: '',
      integrationLatency: 0,
      jwt: { claims: { sub: 'local-admin', 'cognito:groups': '[admin]', token_use: 'id', exp: '1900000000' }, scopes: null },
    });
    expect(calls[0].context.functionName).toBe('tuntas-admin');
  });

  it('does not check tokens on public routes', async () => {
    const response = await fetch(`${adapter.url}/health`, { headers: { authorization: 'Bearer wrong' } });
    expect(response.status).toBe(201);
  });

  it('answers 404 {"message":"Not Found"} for unknown paths and wrong methods', async () => {
    for (const [method, path] of [['GET', '/nope'], ['DELETE', '/complaints'], ['GET', '/health/']]) {
      const response = await fetch(`${adapter.url}${path}`, { method });
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('{"message":"Not Found"}');
    }
    expect(calls).toHaveLength(0);
  });

  it('answers 413 for a body over 10 MB', async () => {
    const response = await fetch(`${adapter.url}/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1, 32),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toBe('{"message":"Request Entity Too Large"}');
    expect(calls).toHaveLength(0);
  });

  it('hides a handler error behind API Gateway\'s 500 and logs it', async () => {
    const response = await fetch(`${adapter.url}/agency/dispositions`, { headers: { authorization: `Bearer ${GOOD_TOKEN}` } });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"message":"Internal Server Error"}');
    expect(lines.join('\n')).toContain('tuntas-agency failed');
  });

  it('answers 503 when the handler outlives the integration timeout', async () => {
    const slow = await startHttpAdapter({
      handlers: { public: () => new Promise(() => undefined) },
      verifyToken: async () => claims,
      port: 0,
      integrationTimeoutMs: 50,
    });
    try {
      const response = await fetch(`${slow.url}/health`);
      expect(response.status).toBe(503);
      expect(await response.text()).toBe('{"message":"Service Unavailable"}');
    } finally {
      await slow.stop();
    }
  });

  it('answers 500 for a route whose group has no handler', async () => {
    const partial = await startHttpAdapter({ handlers: {}, verifyToken: async () => claims, port: 0 });
    try {
      expect((await fetch(`${partial.url}/health`)).status).toBe(500);
    } finally {
      await partial.stop();
    }
  });
});
