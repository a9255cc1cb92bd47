import {
  bearerToken,
  buildEvent,
  collectHeaders,
  flattenClaims,
  gatewayTime,
  isTextContentType,
  matchRoute,
  parseQuery,
  scopesOf,
  toGatewayResponse,
  type RawRequest,
} from '../../../lib/local/api-gateway';
import { ROUTES, type RouteDefinition } from '../../../lib/routes';

const fakeRequest = (overrides: Partial<RawRequest> = {}): RawRequest => ({
  method: 'POST',
  url: '/complaints/BLR-ABC123/responses?lang=id&tag=a&tag=b',
  rawHeaders: [
    'Host', 'localhost:3000',
    'User-Agent', 'curl/8.5.0',
    'Content-Type', 'application/json',
    'X-Access-Token', 'secret-token',
    'Accept', 'application/json',
    'accept', 'text/plain',
    'Cookie', 'session=abc; theme=dark',
    'Cookie', 'other=1',
  ],
  body: Buffer.from('{"rating":5}'),
  sourceIp: '::ffff:127.0.0.1',
  httpVersion: '1.1',
  port: 3000,
  receivedAt: new Date('2026-03-12T19:03:58.123Z'),
  ...overrides,
});

describe('matchRoute', () => {
  it('matches every route of the table by method and template, decoding parameters', () => {
    for (const route of ROUTES) {
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => `value-of-${name}`);
      const match = matchRoute(ROUTES, route.method, path);
      expect(match?.route.operationId).toBe(route.operationId);
    }
    expect(matchRoute(ROUTES, 'GET', '/complaints/BLR%2DX%20Y')?.pathParameters).toEqual({ trackingId: 'BLR-X Y' });
  });

  it('is a miss for the wrong method, a trailing slash, extra or missing segments, or an empty parameter', () => {
    expect(matchRoute(ROUTES, 'DELETE', '/complaints')).toBeUndefined();
    expect(matchRoute(ROUTES, 'GET', '/health/')).toBeUndefined();
    expect(matchRoute(ROUTES, 'GET', '/complaints/a/b')).toBeUndefined();
    expect(matchRoute(ROUTES, 'GET', '/admin')).toBeUndefined();
    expect(matchRoute(ROUTES, 'GET', '/complaints/')).toBeUndefined();
  });

  it('prefers literal segments over parameters, whatever the order in the table', () => {
    const routes: RouteDefinition[] = [
      { operationId: 'byId', method: 'GET', path: '/things/{id}', group: 'public', roles: [], summary: '' },
      { operationId: 'mine', method: 'GET', path: '/things/mine', group: 'public', roles: [], summary: '' },
    ];
    expect(matchRoute(routes, 'GET', '/things/mine')?.route.operationId).toBe('mine');
    expect(matchRoute(routes, 'GET', '/things/42')?.route.operationId).toBe('byId');
  });
});

describe('flattenClaims (HTTP API JWT authorizer)', () => {
  it('turns every claim into a string the way API Gateway does', () => {
    expect(
      flattenClaims({
        sub: 'local-admin',
        'cognito:groups': ['admin'],
        'custom:agencyId': 'dinkes',
        exp: 1795819782,
        version: 2,
        email_verified: true,
        multi: ['admin', 'agency'],
        empty: [],
        nested: { b: 1, a: 'x' },
        skipped: undefined,
      }),
    ).toEqual({
      sub: 'local-admin',
      'cognito:groups': '[admin]',
      'custom:agencyId': 'dinkes',
      exp: '1795819782',
      version: '2',
      email_verified: 'true',
      multi: '[admin agency]',
      empty: '[]',
      nested: 'map[a:x b:1]',
    });
  });

  it('splits the scope claim into scopes, or gives null', () => {
    expect(scopesOf({ scope: 'tuntas/reports.read other/x' })).toEqual(['tuntas/reports.read', 'other/x']);
    expect(scopesOf({ sub: 'x' })).toBeNull();
    expect(scopesOf({ scope: '' })).toBeNull();
  });
});

describe('request pieces', () => {
  it('reads the bearer token with or without the Bearer prefix', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer   abc')).toBe('abc');
    expect(bearerToken('abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });

  it('treats JSON, XML and text as text and everything else (form posts too) as binary', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/problem+json', 'text/plain', 'text/csv', 'application/xml']) {
      expect(isTextContentType(type)).toBe(true);
    }
    for (const type of ['application/octet-stream', 'image/png', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', undefined]) {
      expect(isTextContentType(type)).toBe(false);
    }
  });

  it('lower-cases headers, joins repeats with a comma and moves cookies out', () => {
    const { headers, cookies } = collectHeaders(['Accept', 'a', 'ACCEPT', 'b', 'Cookie', 'x=1; y=2', 'cookie', 'z=3']);
    expect(headers).toEqual({ accept: 'a,b' });
    expect(cookies).toEqual(['x=1', 'y=2', 'z=3']);
  });

  it('decodes the query and joins repeated parameters; none gives undefined', () => {
    expect(parseQuery('a=1&a=2&b=%20x&c')).toEqual({ a: '1,2', b: ' x', c: '' });
    expect(parseQuery('')).toBeUndefined();
  });

  it('formats requestContext.time like API Gateway', () => {
    expect(gatewayTime(new Date('2020-03-02T09:03:58Z'))).toBe('02/Mar/2020:09:03:58 +0000');
  });
});

describe('buildEvent', () => {
  const route = ROUTES.find((candidate) => candidate.operationId === 'respondToComplaint')!;

  it('builds the payload-2.0 event of a public route', () => {
    const event = buildEvent(fakeRequest(), { route, pathParameters: { trackingId: 'BLR-ABC123' } }, undefined, 'req-1');
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'POST /complaints/{trackingId}/responses',
      rawPath: '/complaints/BLR-ABC123/responses',
      rawQueryString: 'lang=id&tag=a&tag=b',
      cookies: ['session=abc', 'theme=dark', 'other=1'],
      headers: {
        host: 'localhost:3000',
        'user-agent': 'curl/8.5.0',
        'content-type': 'application/json',
        'x-access-token': 'secret-token',
        accept: 'application/json,text/plain',
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-port': '3000',
        'x-forwarded-proto': 'http',
        'x-amzn-trace-id': expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/),
      },
      queryStringParameters: { lang: 'id', tag: 'a,b' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost:3000',
        domainPrefix: 'localhost',
        http: {
          method: 'POST',
          path: '/complaints/BLR-ABC123/responses',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/8.5.0',
        },
        requestId: 'req-1',
        routeKey: 'POST /complaints/{trackingId}/responses',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: Date.parse('2026-03-12T19:03:58.123Z'),
      },
      pathParameters: { trackingId: 'BLR-ABC123' },
      body: '{"rating":5}',
      isBase64Encoded: false,
    });
    // Public routes have no authorizer at all.
    expect('authorizer' in event.requestContext).toBe(false);
  });

  it('leaves out what the request does not have', () => {
    const health = ROUTES.find((candidate) => candidate.operationId === 'health')!;
    const event = buildEvent(
      fakeRequest({ method: 'GET', url: '/health', rawHeaders: ['Host', 'localhost:3000'], body: Buffer.alloc(0) }),
      { route: health, pathParameters: {} },
      undefined,
    );
    expect(event.rawQueryString).toBe('');
    for (const key of ['cookies', 'queryStringParameters', 'pathParameters', 'body'] as const) expect(key in event).toBe(false);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext.http.userAgent).toBe('');
  });

  it('base64-encodes a body that is not text', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const event = buildEvent(
      fakeRequest({ rawHeaders: ['Content-Type', 'application/octet-stream'], body: bytes }),
      { route, pathParameters: { trackingId: 'x' } },
      undefined,
    );
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64')).toEqual(bytes);
  });

  it('puts the flattened claims and scopes of an authorized route where the JWT authorizer does', () => {
    const admin = ROUTES.find((candidate) => candidate.operationId === 'listComplaints')!;
    const event = buildEvent(
      fakeRequest({ method: 'GET', url: '/admin/complaints', body: Buffer.alloc(0) }),
      { route: admin, pathParameters: {} },
      { claims: { sub: 'u1', 'cognito:username': 'u1', 'cognito:groups': ['admin'], token_use: 'id', exp: 1700000000 } },
    );
    expect(event.requestContext.authorizer).toEqual({
      principalId: '',
      integrationLatency: 0,
      jwt: {
        claims: { sub: 'u1', 'cognito:username': 'u1', 'cognito:groups': '[admin]', token_use: 'id', exp: '1700000000' },
        scopes: null,
      },
    });
  });
});

describe('toGatewayResponse', () => {
  it('uses a structured result: status, lower-cased headers, cookies as set-cookie, base64 bodies decoded', () => {
    const response = toGatewayResponse(
      {
        statusCode: 201,
        headers: { 'Content-Type': 'application/json', 'X-Count': 3 },
        cookies: ['a=1; Path=/', 'b=2'],
        body: Buffer.from('hello').toString('base64'),
        isBase64Encoded: true,
      },
      'rid',
    );
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({
      'content-type': 'application/json',
      'x-count': '3',
      'set-cookie': ['a=1; Path=/', 'b=2'],
      'apigw-requestid': 'rid',
    });
    expect(response.body.toString()).toBe('hello');
  });

  it('infers a 200 JSON response from a result without statusCode, as HTTP APIs do', () => {
    const response = toGatewayResponse({ ok: true }, 'rid');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString()).toBe('{"ok":true}');
  });

  it('answers 500 for a status code API Gateway cannot use', () => {
    const response = toGatewayResponse({ statusCode: 'nope' } as never, 'rid');
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body.toString())).toEqual({ message: 'Internal Server Error' });
  });
});
