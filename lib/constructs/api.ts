// The HTTP API, built in a loop from the route table (lib/routes.ts): the only place routes are
// declared, so the cloud API, the local runtime and the authorization tests cannot drift apart.

import { Duration, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
  CfnStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { StaffRole } from '../../functions/core/model';
import { routeKey, type HandlerGroup, type RouteDefinition } from '../routes';
import { REPORTS_READ_SCOPE_FULL, type TuntasAuth } from './auth';
import { corsHeadersOf } from '../../functions/http/cors';
import { buildOpenApiDocument } from '../../functions/http/openapi';

const CORS = corsHeadersOf(buildOpenApiDocument());

export interface ThrottleOptions {
  /** Steady-state requests per second across the whole API. */
  rateLimit: number;
  /** Short bursts above the rate. */
  burstLimit: number;
}

/**
 * Per-route throttles on the public (unauthenticated) routes, requests per second with a burst, on
 * top of the stage's limit for the whole API. Filing is the tightest: a kabupaten files tens of
 * reports a day, and each one is a DynamoDB transaction and an email. API Gateway answers 429
 * above these; the per-client hourly limit in the handler (limits.submissionsPerClientPerHour)
 * still applies below them. The README's "Abuse limits" table is this one.
 */
export const PUBLIC_ROUTE_THROTTLES: Readonly<Record<string, ThrottleOptions>> = {
  'POST /complaints': { rateLimit: 1, burstLimit: 5 },
};
/** Any other public route, by method: reads (tracking, listing, the OpenAPI document) and reporter actions. */
export const PUBLIC_METHOD_THROTTLES: Readonly<Record<string, ThrottleOptions>> = {
  GET: { rateLimit: 10, burstLimit: 20 },
  POST: { rateLimit: 2, burstLimit: 5 },
  PUT: { rateLimit: 2, burstLimit: 5 },
};

/** The throttle of one public route. */
export function publicThrottleOf(route: Pick<RouteDefinition, 'method' | 'path'>): ThrottleOptions {
  return PUBLIC_ROUTE_THROTTLES[routeKey(route)] ?? PUBLIC_METHOD_THROTTLES[route.method];
}

export interface TuntasApiProps {
  routes: readonly RouteDefinition[];
  functions: ReadonlyMap<HandlerGroup, IFunction>;
  auth: TuntasAuth;
  throttle: ThrottleOptions;
  /** Browser origins allowed by CORS; empty disables CORS (see below). */
  corsAllowOrigins: readonly string[];
  logRetention: RetentionDays;
}

/**
 * The JSON access log line. Contact details never appear in URLs (they travel in bodies), and the
 * routeKey (not the raw path) names the operation. status and responseLatency are always numbers,
 * so they are emitted unquoted for Logs Insights arithmetic; the rest may be "-".
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  responseLength: '$context.responseLength',
  protocol: '$context.protocol',
  userAgent: '$context.identity.userAgent',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
} as const;
const UNQUOTED_FIELDS = new Set(['status', 'latency']);

function accessLogFormat(): string {
  const parts = Object.entries(ACCESS_LOG_FIELDS).map(([key, value]) =>
    UNQUOTED_FIELDS.has(key) ? `"${key}":${value}` : `"${key}":"${value}"`,
  );
  return `{${parts.join(',')}}`;
}

type Audience = 'staff' | 'auditor';

/** Which app client's tokens can carry a role: staff log in, auditors use client credentials. */
const AUDIENCE_OF_ROLE: Record<StaffRole, Audience> = { admin: 'staff', agency: 'staff', auditor: 'auditor' };

export class TuntasApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly routes: ReadonlyMap<string, HttpRoute>;

  constructor(scope: Construct, id: string, props: TuntasApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Tuntas complaint management API',
      // The stage is created below so it can carry throttling and access logs.
      createDefaultStage: false,
      // No CORS unless origins are configured: the API is called with bearer tokens (no cookies),
      // so CORS protects nothing server-side, but a wildcard would invite any site to embed the
      // public form. A region that hosts a web front-end lists its origin(s) in context.
      corsPreflight:
        props.corsAllowOrigins.length > 0
          ? {
              allowOrigins: [...props.corsAllowOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.OPTIONS],
              // Exactly the headers the OpenAPI document declares (in: Idempotency-Key,
              // X-Access-Token, X-Correlation-Id…; out: Location, Retry-After, Content-Disposition…).
              allowHeaders: CORS.allowHeaders,
              exposeHeaders: CORS.exposeHeaders,
              maxAge: Duration.hours(1),
            }
          : undefined,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // Protects the Lambda concurrency and DynamoDB bill of a small region from floods; the
      // public form is unauthenticated, so this is the first line against abuse.
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(accessLogFormat()),
      },
    });
    Validations.of(this.stage).acknowledge({
      id: 'Serverless-APIGWStructuredLogging',
      reason:
        'The access log format is JSON: every line API Gateway writes parses as JSON. The rule JSON.parses the format ' +
        'template itself, in which status and latency are deliberately unquoted ($context.status) so Logs Insights ' +
        'reads them as numbers; the template is therefore not JSON until API Gateway fills it in.',
    });

    // One integration per handler group; each route gets its own invoke permission scoped to its
    // path (HttpLambdaIntegration's default), so a function can only be invoked by its routes.
    const integrations = new Map<HandlerGroup, HttpLambdaIntegration>();
    const integrationOf = (group: HandlerGroup) => {
      let integration = integrations.get(group);
      if (!integration) {
        const fn = props.functions.get(group);
        if (!fn) throw new Error(`Route table references handler group "${group}" but no function was built for it`);
        integration = new HttpLambdaIntegration(`${capitalize(group)}Integration`, fn);
        integrations.set(group, integration);
        Validations.of(fn).acknowledge({
          id: 'Serverless-LambdaDLQ',
          reason:
            'Invoked only synchronously, by this HTTP API: a failure goes back to the caller as a 5xx (and raises the ' +
            'Api5xx and function Errors alarms); a dead-letter queue only ever receives asynchronous events.',
        });
      }
      return integration;
    };

    // Authorizers by audience: a route accepts tokens only from the app clients whose principals
    // can hold one of its roles. An auditor's machine token is thus rejected by API Gateway on
    // admin and agency routes, before any handler runs; handlers still check the role claims.
    const authorizers = new Map<string, HttpJwtAuthorizer>();
    const authorizerFor = (audiences: Audience[]): IHttpRouteAuthorizer => {
      const key = audiences.join('+');
      let authorizer = authorizers.get(key);
      if (!authorizer) {
        // Staff sign in through the CLI client (ID tokens) or the consoles' browser client (access tokens).
        const clientIds = audiences.flatMap((audience) =>
          audience === 'staff'
            ? [props.auth.staffClient.userPoolClientId, props.auth.browserClient.userPoolClientId]
            : props.auth.auditorClient
              ? [props.auth.auditorClient.userPoolClientId]
              : // Without the client-credentials client, auditors sign in as users (group auditor).
                [props.auth.staffClient.userPoolClientId, props.auth.browserClient.userPoolClientId],
        );
        const uniqueClientIds = [...new Set(clientIds)];
        // Cognito access tokens carry client_id instead of aud; API Gateway checks client_id
        // against this audience list when aud is absent, so both ID and access tokens work.
        authorizer = new HttpJwtAuthorizer(
          `${audiences.map(capitalize).join('')}Authorizer`,
          props.auth.issuerUrl,
          { jwtAudience: uniqueClientIds },
        );
        authorizers.set(key, authorizer);
      }
      return authorizer;
    };

    const routes = new Map<string, HttpRoute>();
    for (const route of props.routes) {
      const audiences = [...new Set(route.roles.map((role) => AUDIENCE_OF_ROLE[role]))].sort() as Audience[];
      const isPublic = route.roles.length === 0;
      // Auditor-only routes also require the read scope: only the auditor client's
      // client-credentials access tokens carry it.
      const auditorOnly = !isPublic && audiences.length === 1 && audiences[0] === 'auditor' && props.auth.auditorClient !== undefined;
      const httpRoute = new HttpRoute(this, route.operationId, {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integrationOf(route.group),
        // Explicitly NONE on public routes, so a default authorizer added later cannot lock
        // citizens out without this file changing.
        authorizer: isPublic ? new HttpNoneAuthorizer() : authorizerFor(audiences),
        authorizationScopes: auditorOnly ? [REPORTS_READ_SCOPE_FULL] : undefined,
      });
      if (isPublic) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'A public route of the route table (no roles): citizens file and follow complaints without an account, as ' +
            'SP4N-LAPOR! requires. The reporter proves ownership with the X-Access-Token header inside the handler; the ' +
            'stage throttle, the public function\'s reserved concurrency and per-client rate limits bound abuse.',
        });
      }
      routes.set(routeKey(route), httpRoute);
    }
    this.routes = routes;

    // Per-route throttles on the public routes. A route setting names a route that must exist
    // first, so the stage waits for the routes.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const route of props.routes.filter((r) => r.roles.length === 0)) {
      const limit = publicThrottleOf(route);
      routeSettings[routeKey(route)] = { ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit };
    }
    (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    for (const route of routes.values()) this.stage.node.addDependency(route);
  }

  /** The API's base URL (default stage), ending with "/". */
  get url(): string {
    return this.stage.url;
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
