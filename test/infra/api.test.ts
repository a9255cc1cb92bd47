// The HTTP API is the route table, route for route: method and path, the group's function, and
// the authorizer its roles call for.

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { REPORTS_READ_SCOPE_FULL } from '../../lib/constructs/auth';
import { ACCESS_LOG_FIELDS } from '../../lib/constructs/api';
import { ROUTES, routeKey, type RouteDefinition } from '../../lib/routes';
import { ROOT, functionLogicalId, refOf, refsIn, resourcesOfType, synth, type CfnResource, type CfnTemplate } from './synth';

let template: CfnTemplate;
beforeAll(() => {
  // With the optional client-credentials client (tuntas:auditorClient), so its settings are checked too.
  template = synth({ context: { 'tuntas:auditorClient': true } }).json;
});

const resource = (id: string): CfnResource => {
  const found = template.Resources[id];
  if (!found) throw new Error(`No resource ${id}`);
  return found;
};

function routeByKey(t: CfnTemplate, key: string): CfnResource {
  const matches = resourcesOfType(t, 'AWS::ApiGatewayV2::Route').filter(([, r]) => r.Properties.RouteKey === key);
  if (matches.length !== 1) throw new Error(`Expected one route "${key}", found ${matches.length}`);
  return matches[0][1];
}

/** Route → its integration → the Lambda function it invokes (logical id). */
function functionBehind(t: CfnTemplate, route: CfnResource): string {
  const target = route.Properties.Target as { 'Fn::Join': [string, unknown[]] };
  const integrationId = refsIn(target)[0];
  const integration = t.Resources[integrationId];
  expect(integration.Type).toBe('AWS::ApiGatewayV2::Integration');
  expect(integration.Properties.IntegrationType).toBe('AWS_PROXY');
  expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
  return refOf(integration.Properties.IntegrationUri);
}

const staffClient = () => resourcesOfType(template, 'AWS::Cognito::UserPoolClient').find(([id, r]) => r.Properties.GenerateSecret === false && id.includes('StaffClient'))![0];
const browserClient = () => resourcesOfType(template, 'AWS::Cognito::UserPoolClient').find(([id]) => id.includes('BrowserClient'))![0];
const auditorClient = () => resourcesOfType(template, 'AWS::Cognito::UserPoolClient').find(([, r]) => r.Properties.GenerateSecret === true)![0];
const userPool = () => resourcesOfType(template, 'AWS::Cognito::UserPool')[0][0];

describe.each(ROUTES.map((route) => [routeKey(route), route] as const))('%s', (key, route: RouteDefinition) => {
  it(`invokes the ${route.group} function, built from functions/handlers/${route.group}.ts`, () => {
    const fnId = functionBehind(template, routeByKey(template, key));
    expect(fnId).toBe(functionLogicalId(template, route.group));
    const fn = resource(fnId);
    expect(fn.Metadata?.['tuntas:entry']).toBe(`functions/handlers/${route.group}.ts`);
    expect(existsSync(path.join(ROOT, fn.Metadata?.['tuntas:entry']))).toBe(true);
    expect(fn.Properties.Handler).toBe('index.handler');
  });

  if (route.roles.length === 0) {
    it('is public: AuthorizationType NONE and no authorizer', () => {
      const props = routeByKey(template, key).Properties;
      expect(props.AuthorizationType).toBe('NONE');
      expect(props.AuthorizerId).toBeUndefined();
    });
  } else {
    const staff = route.roles.some((role) => role !== 'auditor');
    const auditor = route.roles.includes('auditor');
    const clients = [staff && 'staff', auditor && 'auditor'].filter(Boolean).join(' and ');
    it(`requires a Cognito JWT from the ${clients} app client${staff && auditor ? 's' : ''}`, () => {
      const props = routeByKey(template, key).Properties;
      expect(props.AuthorizationType).toBe('JWT');
      const authorizer = resource(refOf(props.AuthorizerId)).Properties;
      expect(authorizer.AuthorizerType).toBe('JWT');
      expect(authorizer.IdentitySource).toEqual(['$request.header.Authorization']);
      expect(refOf(authorizer.JwtConfiguration.Issuer)).toBe(userPool());
      expect(authorizer.JwtConfiguration.Issuer['Fn::GetAtt'][1]).toBe('ProviderURL');
      // Only the clients whose principals can hold one of the route's roles: an auditor's machine
      // token must not get past API Gateway on a staff-only route, nor a staff token on an
      // auditor-only one.
      // Staff: the CLI client's ID tokens and the consoles' browser-client access tokens.
      const expected = [...(staff ? [staffClient(), browserClient()] : []), auditor && auditorClient()].filter((id): id is string => Boolean(id));
      expect(authorizer.JwtConfiguration.Audience.map(refOf).sort()).toEqual(expected.sort());
      // The reports.read scope only where auditors alone may call (staff ID tokens carry no scope).
      expect(props.AuthorizationScopes).toEqual(auditor && !staff ? [REPORTS_READ_SCOPE_FULL] : undefined);
    });
  }

  it('lets only this route invoke its function (permission scoped to the path)', () => {
    const fnId = functionLogicalId(template, route.group);
    const permissions = resourcesOfType(template, 'AWS::Lambda::Permission').filter(
      ([, p]) => refOf(p.Properties.FunctionName) === fnId && JSON.stringify(p.Properties.SourceArn).endsWith(`/*/*${route.path}"]]}`),
    );
    // One per route: GET and POST of one path each have their own.
    const sharing = ROUTES.filter((r) => r.group === route.group && r.path === route.path);
    expect(permissions).toHaveLength(sharing.length);
    // One per route: routes sharing a path (GET and POST /complaints) each have their own.
    expect(permissions).toHaveLength(ROUTES.filter((r) => r.path === route.path && r.group === route.group).length);
    for (const [, permission] of permissions) expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
  });
});

describe('the API as a whole', () => {
  it('has exactly the routes of the route table: no catch-all, nothing undeclared', () => {
    const keys = resourcesOfType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey).sort();
    expect(keys).toEqual(ROUTES.map(routeKey).sort());
  });

  it('every invoke permission names one route path of its own function (no wildcard paths)', () => {
    const fromApi = resourcesOfType(template, 'AWS::Lambda::Permission').filter(([, p]) => p.Properties.Principal === 'apigateway.amazonaws.com');
    expect(fromApi.length).toBeGreaterThanOrEqual(ROUTES.length);
    for (const [, permission] of fromApi) {
      const parts = permission.Properties.SourceArn['Fn::Join'][1] as unknown[];
      const suffix = parts[parts.length - 1] as string;
      const fnId = refOf(permission.Properties.FunctionName);
      const paths = ROUTES.filter((r) => functionLogicalId(template, r.group) === fnId).map((r) => `/*/*${r.path}`);
      expect(paths).toContain(suffix);
    }
  });

  it('serves the default stage with throttling and JSON access logs', () => {
    const stages = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const stage = stages[0][1].Properties;
    expect(stage.StageName).toBe('$default');
    expect(stage.AutoDeploy).toBe(true);
    expect(stage.DefaultRouteSettings.ThrottlingRateLimit).toBe(50);
    expect(stage.DefaultRouteSettings.ThrottlingBurstLimit).toBe(100);

    const logGroup = resource(refOf(stage.AccessLogSettings.DestinationArn));
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties.RetentionInDays).toBe(365);
    // The format is a JSON template: substitute sample values for $context variables and parse.
    const sample = (stage.AccessLogSettings.Format as string).replace(/\$context\.[A-Za-z.]+/g, '1');
    const line = JSON.parse(sample) as Record<string, unknown>;
    for (const field of ['requestId', 'ip', 'routeKey', 'status', 'latency']) expect(line).toHaveProperty(field);
    expect(stage.AccessLogSettings.Format).toContain('"requestId":"$context.requestId"');
    expect(stage.AccessLogSettings.Format).toContain('"ip":"$context.identity.sourceIp"');
    expect(stage.AccessLogSettings.Format).toContain('"routeKey":"$context.routeKey"');
    expect(stage.AccessLogSettings.Format).toContain('"status":$context.status');
    expect(stage.AccessLogSettings.Format).toContain('"latency":$context.responseLatency');
    expect(Object.keys(ACCESS_LOG_FIELDS)).toEqual(Object.keys(line));
  });

  it('has no CORS configuration unless origins are configured', () => {
    const api = resourcesOfType(template, 'AWS::ApiGatewayV2::Api')[0][1].Properties;
    expect(api.ProtocolType).toBe('HTTP');
    expect(api.CorsConfiguration).toBeUndefined();
  });

  it('exports the API URL', () => {
    const api = resourcesOfType(template, 'AWS::ApiGatewayV2::Api')[0][0];
    expect(refsIn(template.Outputs.ApiUrl.Value)).toContain(api);
  });
});

describe('deployment options from context', () => {
  it('configured origins and throttling reach the API', () => {
    const { json } = synth({
      context: {
        'tuntas:corsAllowOrigins': 'https://lapor.blorakab.go.id, https://admin.blorakab.go.id',
        'tuntas:throttleRateLimit': '5',
        'tuntas:throttleBurstLimit': '10',
      },
    });
    const api = resourcesOfType(json, 'AWS::ApiGatewayV2::Api')[0][1].Properties;
    expect(api.CorsConfiguration.AllowOrigins).toEqual(['https://lapor.blorakab.go.id', 'https://admin.blorakab.go.id']);
    expect(api.CorsConfiguration.AllowHeaders).toEqual(expect.arrayContaining(['Authorization', 'X-Access-Token']));
    const stage = resourcesOfType(json, 'AWS::ApiGatewayV2::Stage')[0][1].Properties;
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 });
  });

  it('rejects a CORS entry that is not an origin', () => {
    expect(() => synth({ context: { 'tuntas:corsAllowOrigins': 'lapor.blorakab.go.id/path' } })).toThrow(/corsAllowOrigins/);
  });
});

describe('routes for auditors (derived from roles, checked with a route table that has both kinds)', () => {
  // The route table may have no auditor-only route; the authorizer depends on roles only, so these
  // test routes (paths the real table does not use) borrow the reports function.
  const reportsRoutes: RouteDefinition[] = [
    ...ROUTES,
    { operationId: 'testAuditorOnly', method: 'GET', path: '/reports/test-auditor-only', group: 'reports', roles: ['auditor'], summary: 'test' },
    { operationId: 'testMixed', method: 'GET', path: '/reports/test-mixed', group: 'reports', roles: ['admin', 'auditor'], summary: 'test' },
  ];
  let t: CfnTemplate;
  beforeAll(() => {
    t = synth({ routes: reportsRoutes, context: { 'tuntas:auditorClient': true } }).json;
  });
  const authorizerOf = (key: string) => t.Resources[refOf(routeByKey(t, key).Properties.AuthorizerId)].Properties;
  it('without the client-credentials client (the default), auditors sign in through the staff client', () => {
    const plain = synth({ routes: reportsRoutes }).json;
    const clients = resourcesOfType(plain, 'AWS::Cognito::UserPoolClient');
    // The CLI's staff client and the consoles' browser client; no client-credentials client.
    expect(clients).toHaveLength(2);
    expect(clients.some(([, r]) => r.Properties.GenerateSecret === true)).toBe(false);
    const route = routeByKey(plain, 'GET /reports/test-mixed').Properties;
    const authorizer = plain.Resources[refOf(route.AuthorizerId)].Properties;
    expect(authorizer.JwtConfiguration.Audience.map(refOf).sort()).toEqual(clients.map(([id]) => id).sort());
    expect(plain.Outputs.AuditorClientId).toBeUndefined();
  });
  const clientIds = () => {
    const clients = resourcesOfType(t, 'AWS::Cognito::UserPoolClient');
    return {
      staff: clients.find(([id, r]) => r.Properties.GenerateSecret === false && id.includes('StaffClient'))![0],
      browser: clients.find(([id]) => id.includes('BrowserClient'))![0],
      auditor: clients.find(([, r]) => r.Properties.GenerateSecret === true)![0],
    };
  };

  it('an auditor-only route accepts only the auditor client and requires the reports.read scope', () => {
    const route = routeByKey(t, 'GET /reports/test-auditor-only').Properties;
    expect(route.AuthorizationType).toBe('JWT');
    expect(route.AuthorizationScopes).toEqual([REPORTS_READ_SCOPE_FULL]);
    expect(authorizerOf('GET /reports/test-auditor-only').JwtConfiguration.Audience.map(refOf)).toEqual([clientIds().auditor]);
  });

  it('a route open to staff and auditors accepts both clients and requires no scope (ID tokens have none)', () => {
    const route = routeByKey(t, 'GET /reports/test-mixed').Properties;
    expect(route.AuthorizationScopes).toBeUndefined();
    expect(authorizerOf('GET /reports/test-mixed').JwtConfiguration.Audience.map(refOf).sort()).toEqual(
      [clientIds().staff, clientIds().browser, clientIds().auditor].sort(),
    );
  });

  it('staff routes keep the staff-only authorizer', () => {
    expect(authorizerOf('GET /admin/complaints').JwtConfiguration.Audience.map(refOf).sort()).toEqual([clientIds().staff, clientIds().browser].sort());
  });
});
