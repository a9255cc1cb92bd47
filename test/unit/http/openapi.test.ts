// The OpenAPI document covers the route table exactly: one operation per route with its method,
// path, operationId, security, path parameters and the very schemas the handlers validate with;
// it is a valid OpenAPI 3.1 document whose schemas compile as JSON Schema 2020-12.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as z from 'zod/mini';
import packageJson from '../../../package.json';
import { ROUTES, type HandlerGroup, type RouteDefinition } from '../../../lib/routes';
import { AUDITOR_SCOPE } from '../../../lib/local/cognito';
import { DomainError, type ErrorCode } from '../../../functions/core/errors';
import type { Dependencies } from '../../../functions/handlers/dependencies';
import { createHandler as createAdmin } from '../../../functions/handlers/admin';
import { createHandler as createAgency } from '../../../functions/handlers/agency';
import { createHandler as createPublic } from '../../../functions/handlers/public';
import { createHandler as createReports } from '../../../functions/handlers/reports';
import {
  buildOpenApiDocument,
  ERROR_STATUSES,
  LOCAL_TOKEN_URL,
  OPERATION_DOCS,
  openApiTemplate,
  REPORTS_SCOPE,
  type JsonSchema,
  type OperationObject,
  type ParameterObject,
} from '../../../functions/http/openapi';
import { AUDITOR_SCOPE as PRINCIPAL_AUDITOR_SCOPE } from '../../../functions/http/principal';
import { openApiResponse, TOKEN_URL_PLACEHOLDER } from '../../../functions/http/openapi-asset';
import { errorResponse } from '../../../functions/http/responses';
import type { Operation } from '../../../functions/http/router';
import { MAX_BODY_BYTES } from '../../../functions/http/schemas';

// The operations each handler registers, captured from createRouter: the schemas the document
// shows must be the very ones requests are validated with.
const mockRegistered: Partial<Record<string, Record<string, Operation<any, any, any>>>> = {};
jest.mock('../../../functions/http/router', () => {
  const actual = jest.requireActual('../../../functions/http/router');
  return {
    ...actual,
    createRouter: (group: string, operations: Record<string, Operation<any, any, any>>) => {
      mockRegistered[group] = operations;
      return actual.createRouter(group, operations);
    },
  };
});

const doc = buildOpenApiDocument();
const routes = ROUTES as readonly RouteDefinition[];
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const operationsOf = (document: typeof doc) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation: operation as OperationObject })),
  );
const operationOf = (route: RouteDefinition) => doc.paths[route.path]![route.method.toLowerCase()]!;
const parametersOf = (route: RouteDefinition) =>
  (operationOf(route).parameters ?? []).filter((p): p is ParameterObject => 'in' in p);

beforeAll(() => {
  const deps = {} as Dependencies;
  for (const create of [createPublic, createAdmin, createAgency, createReports]) create(deps);
});

describe('coverage of the route table', () => {
  test('every route has exactly one operation with its method, path and operationId, and nothing else is described', () => {
    const operations = operationsOf(doc);
    expect(operations).toHaveLength(routes.length);
    for (const route of routes) {
      const matching = operations.filter((o) => o.operation.operationId === route.operationId);
      expect(matching).toHaveLength(1);
      expect(matching[0]).toMatchObject({ path: route.path, method: route.method });
      expect(matching[0]!.operation).toMatchObject({ summary: route.summary, tags: [route.group] });
    }
    expect(Object.keys(OPERATION_DOCS).sort()).toEqual(routes.map((r) => r.operationId).sort());
  });

  test('the document serves itself: GET /openapi.json is a public route of the table', () => {
    expect(routes).toContainEqual(expect.objectContaining({ operationId: 'openApiDocument', method: 'GET', path: '/openapi.json', roles: [] }));
  });

  test.each(routes.map((r) => [r.operationId, r] as const))('%s: security follows its roles', (_id, route) => {
    const expected: Array<Record<string, string[]>> = [];
    if (route.roles.length === 0) {
      const reporter = { reporterAccessToken: [] };
      const reporterOnly = ['respondToComplaint', 'escalateComplaint', 'requestAttachmentUpload', 'completeAttachmentUpload'];
      if (reporterOnly.includes(route.operationId)) expected.push(reporter);
      if (route.operationId === 'getComplaint') expected.push({}, reporter);
    }
    for (const role of route.roles) {
      const requirement: Record<string, string[]> = role === 'auditor' ? { auditorClientCredentials: ['tuntas/reports.read'] } : { staffToken: [] };
      if (!expected.some((r) => JSON.stringify(r) === JSON.stringify(requirement))) expected.push(requirement);
    }
    const operation = operationOf(route);
    expect(operation.security).toEqual(expected);
    if (route.roles.length > 0) {
      expect(operation['x-tuntas-roles']).toEqual(route.roles);
      expect(operation.responses).toHaveProperty('401');
      expect(operation.responses).toHaveProperty('403');
    }
    for (const requirement of operation.security) {
      for (const [scheme, scopes] of Object.entries(requirement)) {
        const defined = doc.components.securitySchemes[scheme] as { flows?: { clientCredentials: { scopes: object } } };
        expect(defined).toBeDefined();
        for (const scope of scopes) expect(defined.flows?.clientCredentials.scopes).toHaveProperty([scope]);
      }
    }
  });

  test('the security schemes: bearer JWT for staff, client credentials for auditors, X-Access-Token for reporters', () => {
    expect(doc.components.securitySchemes).toEqual({
      staffToken: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: expect.stringMatching(/cognito:groups[\s\S]*agencyId/) }),
      auditorClientCredentials: expect.objectContaining({
        type: 'oauth2',
        flows: { clientCredentials: { tokenUrl: LOCAL_TOKEN_URL, scopes: { 'tuntas/reports.read': expect.any(String) } } },
      }),
      reporterAccessToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Access-Token' }),
    });
    // The scope is the one Cognito grants and the one the handlers look for.
    expect(REPORTS_SCOPE).toBe(PRINCIPAL_AUDITOR_SCOPE);
  });

  test.each(routes.map((r) => [r.operationId, r] as const))('%s: every path parameter is declared, and only those', (_id, route) => {
    const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const declared = parametersOf(route).filter((p) => p.in === 'path');
    expect(declared.map((p) => p.name).sort()).toEqual(inPath.sort());
    for (const parameter of declared) expect(parameter.required).toBe(true);
    if (inPath.length > 0) expect(operationOf(route).responses).toHaveProperty('400');
  });
});

describe('the request schemas are the ones the handlers validate with', () => {
  const registered = (route: RouteDefinition) => mockRegistered[route.group as HandlerGroup]?.[route.operationId];
  const resolveRef = (schema: JsonSchema) => doc.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')];
  const inputJson = (schema: z.ZodMiniType) => {
    const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
    return json;
  };
  // The document drops zod's regular expression beside a standard format, and ±2^53 integer bounds.
  const tidy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(tidy);
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    const object = value as Record<string, unknown>;
    for (const [key, child] of Object.entries(object)) {
      if (key === 'pattern' && typeof object.format === 'string') continue;
      if ((key === 'maximum' || key === 'minimum') && Math.abs(child as number) === Number.MAX_SAFE_INTEGER) continue;
      out[key] = tidy(child);
    }
    return out;
  };

  test.each(routes.map((r) => [r.operationId, r] as const))('%s', (_id, route) => {
    const op = registered(route);
    expect(op).toBeDefined();
    const documented = OPERATION_DOCS[route.operationId as keyof typeof OPERATION_DOCS];
    expect(documented.body).toBe(op!.body);
    expect(documented.query).toBe(op!.query);
    expect(documented.params).toBe(op!.params);

    const operation = operationOf(route);
    if (op!.body) {
      expect(operation.requestBody?.required).toBe(!op!.bodyOptional);
      const schema = operation.requestBody!.content['application/json']!.schema;
      expect(tidy(resolveRef(schema))).toEqual(tidy(inputJson(op!.body)));
      expect(operation.responses).toHaveProperty('413');
      expect(operation.responses).toHaveProperty('415');
    } else {
      expect(operation.requestBody).toBeUndefined();
    }
    for (const [location, schema] of [
      ['query', op!.query],
      ['path', op!.params],
    ] as const) {
      const parameters = parametersOf(route).filter((p) => p.in === location);
      if (!schema) {
        expect(parameters).toEqual([]);
        continue;
      }
      const json = tidy(inputJson(schema)) as { properties: Record<string, unknown>; required?: string[] };
      expect(parameters.map((p) => p.name)).toEqual(Object.keys(json.properties));
      for (const parameter of parameters) {
        expect(parameter.schema).toEqual(json.properties[parameter.name]);
        expect(parameter.required).toBe(location === 'path' || (json.required ?? []).includes(parameter.name));
      }
    }
  });
});

describe('responses', () => {
  test('every operation documents a success, 429 and 5xx, and every error response has the error shape', () => {
    for (const { operation } of operationsOf(doc)) {
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((s) => /^[23]\d\d$/.test(s))).toBe(true);
      expect(statuses).toEqual(expect.arrayContaining(['429', '500', '503']));
    }
    for (const [name, response] of Object.entries(doc.components.responses) as Array<[string, { content: Record<string, { schema: JsonSchema }> }]>) {
      expect(Object.keys(response.content)).toEqual(['application/json']);
      const schema = response.content['application/json']!.schema;
      const refs = (schema.anyOf as JsonSchema[] | undefined)?.map((s) => s.$ref) ?? [schema.$ref];
      for (const ref of refs) {
        expect(ref).toMatch(/^#\/components\/schemas\/(\w+Error)$/);
        const target = doc.components.schemas[String(ref).split('/').pop()!]!;
        expect(target.additionalProperties).toBe(false);
      }
      expect(name).toMatch(/^[A-Z]/);
    }
  });

  test('each error code is documented under the status the API answers it with', () => {
    const documented = Object.entries(ERROR_STATUSES).flatMap(([status, codes]) => codes.map((code) => [code, Number(status)] as const));
    for (const [code, status] of documented) expect(errorResponse(new DomainError(code as ErrorCode, 'x')).statusCode).toBe(status);
    const errorSchemas = Object.values(doc.components.schemas).flatMap((schema) => {
      const code = (schema as { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } }).properties?.error?.properties?.code?.enum;
      return code ?? [];
    });
    expect(errorSchemas.sort()).toEqual(documented.map(([code]) => code).sort());
  });

  test('every response object schema is strict: a field the document does not describe is an error', () => {
    const loose: string[] = [];
    const visit = (schema: unknown, where: string) => {
      if (Array.isArray(schema)) return schema.forEach((s, i) => visit(s, `${where}/${i}`));
      if (schema === null || typeof schema !== 'object') return;
      const s = schema as JsonSchema;
      if (s.type === 'object' && s.properties && s.additionalProperties !== false) loose.push(where);
      for (const [key, child] of Object.entries(s)) visit(child, `${where}/${key}`);
    };
    for (const [name, schema] of Object.entries(doc.components.schemas)) if (name !== 'OpenApiDocument') visit(schema, name);
    expect(loose).toEqual([]);
  });

  test('CSV answers for the format=csv routes, 303 for the large export, 201/202 where handlers create or accept', () => {
    const byId = Object.fromEntries(operationsOf(doc).map((o) => [o.operation.operationId, o.operation]));
    const successes = Object.fromEntries(
      Object.entries(byId).map(([id, op]) => [id, Object.keys(op.responses).filter((s) => /^[23]/.test(s)).join(',')]),
    );
    expect(successes).toMatchObject({
      submitComplaint: '201',
      respondToComplaint: '201',
      escalateComplaint: '202',
      addDisposition: '201',
      postFollowUp: '201',
      putAgency: '200,201',
      exportComplaints: '200,201,303',
    });
    const csvOps = Object.entries(byId)
      .filter(([, op]) => Object.values(op.responses).some((r) => (r as { content?: object }).content && 'text/csv' in (r as { content: object }).content))
      .map(([id]) => id)
      .sort();
    expect(csvOps).toEqual(['complianceReport', 'exportComplaints']);
    const formatted = routes.filter((r) => parametersOf(r).some((p) => p.name === 'format')).map((r) => r.operationId).sort();
    expect(formatted).toEqual(csvOps);
  });
});

describe('headers', () => {
  test('filing and key-in take an Idempotency-Key (422 when reused with another body); every operation takes X-Correlation-Id', () => {
    const creating = ['submitComplaint', 'keyInComplaint'];
    for (const operationId of creating) {
      const route = routes.find((r) => r.operationId === operationId)!;
      expect(parametersOf(route)).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
      expect(operationOf(route).responses).toHaveProperty('422');
    }
    for (const route of routes) {
      expect(operationOf(route).parameters).toContainEqual({ $ref: '#/components/parameters/CorrelationId' });
      if (!creating.includes(route.operationId)) {
        expect(parametersOf(route).map((p) => p.name)).not.toContain('Idempotency-Key');
        expect(operationOf(route).responses).not.toHaveProperty('422');
      }
    }
  });
});

describe('the document', () => {
  test('is a valid OpenAPI 3.1 document (official schema, checked by @seriousme/openapi-schema-validator)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuntas-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc));
      const cli = resolve(__dirname, '../../../node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
      // The validator is ESM-only; a child process keeps jest's CommonJS transform out of it.
      let output: string;
      try {
        output = execFileSync(process.execPath, [cli, file], { encoding: 'utf8' });
      } catch (error) {
        throw new Error(`The document is not valid OpenAPI 3.1:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
      }
      expect(JSON.parse(output)).toEqual({ valid: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every $ref resolves, and every schema compiles as strict JSON Schema 2020-12', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of new Set(refs)) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect([ref, target !== undefined]).toEqual([ref, true]);
    }
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    const base = 'https://tuntas.invalid/schemas/';
    const rewrite = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${base}`));
    for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema({ ...rewrite(schema), $id: `${base}${name}` });
    for (const name of Object.keys(doc.components.schemas)) expect(() => ajv.getSchema(`${base}${name}`)).not.toThrow();
  });

  test('info, servers and tags', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Tuntas API', version: packageJson.version });
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(doc.tags.map((t) => t.name)).toEqual(['public', 'admin', 'agency', 'reports']);
    expect(JSON.stringify(doc)).toContain(`${MAX_BODY_BYTES} bytes`);
  });

  test('is pure: the same options give the same document; options reach it', () => {
    expect(buildOpenApiDocument()).toEqual(doc);
    const other = buildOpenApiDocument({ version: '9.9.9', tokenUrl: 'https://tuntas-blora.auth.ap-southeast-3.amazoncognito.com/oauth2/token' });
    expect(other.info.version).toBe('9.9.9');
    expect(JSON.stringify(other.components.securitySchemes)).toContain('amazoncognito.com/oauth2/token');
  });

  test('is served from the build-time template with the token URL filled in, once per process, and stays small', () => {
    const template = openApiTemplate();
    expect(template).toContain(TOKEN_URL_PLACEHOLDER);
    const first = openApiResponse(template, {});
    expect(openApiResponse(template, { AUTH_TOKEN_URL: 'https://elsewhere.example/oauth2/token' })).toBe(first);
    expect(first).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
    // Without AUTH_TOKEN_URL: exactly the document built for the local issuer.
    expect(JSON.parse(first.body!)).toEqual(doc);
    // Built at deploy time, so its size costs no cold start; 35 routes fit in 128 KiB.
    expect(Buffer.byteLength(first.body!)).toBeLessThan(128 * 1024);
  });
});
