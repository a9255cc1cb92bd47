// The Tuntas stack for one region: tables, identity, one Lambda per handler group and the HTTP API
// built from the route table. Everything region-specific comes from the validated RegionConfig;
// physical names are left to CloudFormation.

import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { TuntasApi, type ThrottleOptions } from './constructs/api';
import { TuntasAuth, type ThreatProtection } from './constructs/auth';
import { TuntasFunction, type TableAccess } from './constructs/function';
import { slugify } from './constructs/naming';
import { TuntasTables } from './constructs/tables';
import { ConfigError, SETTINGS_ENV_VAR, toRegionSettings, type RegionConfig } from './config';
import { HANDLER_GROUPS, ROUTES, type HandlerGroup, type RouteDefinition } from './routes';
import { AGENCIES_TABLE, COMPLAINTS_TABLE, TABLES, type TableDefinition } from './tables';
// Pure key builders (no AWS SDK): the stack scopes IAM to the same keys the repository writes.
import { countersPk } from '../functions/adapters/dynamodb/keys';

/** Deployment knobs that are not part of the region's business config (read from cdk context). */
export interface TuntasOptions {
  logRetention: RetentionDays;
  throttle: ThrottleOptions;
  corsAllowOrigins: string[];
  threatProtection: ThreatProtection;
}

export const DEFAULT_OPTIONS: TuntasOptions = {
  logRetention: RetentionDays.ONE_YEAR,
  // A kabupaten receives tens of reports a day and has a few hundred staff: 50 rps steady with
  // bursts of 100 is far above real use and far below what would run up the bill.
  throttle: { rateLimit: 50, burstLimit: 100 },
  corsAllowOrigins: [],
  threatProtection: 'off',
};

const THREAT_PROTECTION = ['off', 'audit', 'enforced'] as const;

/** Deployment options from cdk context (cdk.json, or `-c key=value`, which always gives strings). */
export function optionsFromContext(scope: Construct): TuntasOptions {
  const ctx = (key: string): unknown => scope.node.tryGetContext(key);
  const positiveInt = (key: string, fallback: number): number => {
    const raw = ctx(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new ConfigError(`Context ${key} must be a positive integer, got ${JSON.stringify(raw)}`);
    return value;
  };

  const retentionDays = positiveInt('tuntas:logRetentionDays', DEFAULT_OPTIONS.logRetention);
  const validRetentions = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');
  if (!validRetentions.includes(retentionDays)) {
    throw new ConfigError(`Context tuntas:logRetentionDays must be one of ${validRetentions.join(', ')}; got ${retentionDays}`);
  }

  const rawOrigins = ctx('tuntas:corsAllowOrigins');
  const corsAllowOrigins =
    rawOrigins === undefined || rawOrigins === ''
      ? []
      : Array.isArray(rawOrigins)
        ? rawOrigins.map(String)
        : String(rawOrigins).split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of corsAllowOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`Context tuntas:corsAllowOrigins: "${origin}" is not an origin like https://lapor.example.go.id`);
    }
  }

  const threatProtection = (ctx('tuntas:threatProtection') ?? DEFAULT_OPTIONS.threatProtection) as string;
  if (!(THREAT_PROTECTION as readonly string[]).includes(threatProtection)) {
    throw new ConfigError(`Context tuntas:threatProtection must be one of ${THREAT_PROTECTION.join(', ')}; got "${threatProtection}"`);
  }

  return {
    logRetention: retentionDays as RetentionDays,
    throttle: {
      rateLimit: positiveInt('tuntas:throttleRateLimit', DEFAULT_OPTIONS.throttle.rateLimit),
      burstLimit: positiveInt('tuntas:throttleBurstLimit', DEFAULT_OPTIONS.throttle.burstLimit),
    },
    corsAllowOrigins,
    threatProtection: threatProtection as TuntasOptions['threatProtection'],
  };
}

export interface TuntasStackProps extends StackProps {
  config: RegionConfig;
  options?: Partial<TuntasOptions>;
  /** The route table; only tests pass anything but ROUTES. */
  routes?: readonly RouteDefinition[];
}

/**
 * What each function may do with each table; a table not listed is out of reach.
 * - public: files and tracks complaints. It never reads the Agencies table (dispositions carry the
 *   agency name), but a reporter reopening a completed complaint moves its dispositions back to
 *   IN_PROGRESS, and the %TL counters (Agencies table, pk COUNTERS#<agency>) move in the same
 *   transaction. So it may UpdateItem counter items only: agency records and their email
 *   addresses stay out of reach of the unauthenticated API.
 * - admin: verifies and dispositions (complaint, dispositions and counters in one transaction)
 *   and manages the agency list.
 * - agency: follow-ups and returns move a disposition, its complaint and the counters together;
 *   it reads agency data but never writes agency records.
 * - reports: auditors read; never writes.
 */
export interface GroupTableAccess {
  table: TableDefinition;
  access?: TableAccess;
  /** UpdateItem restricted to these partition-key patterns (on top of `access`). */
  updateItemsWithKeys?: string[];
}

export const COUNTER_ITEMS = [countersPk('*')];

export const TABLE_ACCESS: Record<HandlerGroup, GroupTableAccess[]> = {
  public: [
    { table: COMPLAINTS_TABLE, access: 'readWrite' },
    { table: AGENCIES_TABLE, updateItemsWithKeys: COUNTER_ITEMS },
  ],
  admin: [
    { table: COMPLAINTS_TABLE, access: 'readWrite' },
    { table: AGENCIES_TABLE, access: 'readWrite' },
  ],
  agency: [
    { table: COMPLAINTS_TABLE, access: 'readWrite' },
    { table: AGENCIES_TABLE, access: 'read', updateItemsWithKeys: COUNTER_ITEMS },
  ],
  reports: [
    { table: COMPLAINTS_TABLE, access: 'read' },
    { table: AGENCIES_TABLE, access: 'read' },
  ],
};

const GROUP_DESCRIPTIONS: Record<HandlerGroup, string> = {
  public: 'Tuntas public API (citizens, no login)',
  admin: 'Tuntas admin API (coordinator)',
  agency: 'Tuntas agency API (OPD officers)',
  reports: 'Tuntas reports API (auditors, read-only)',
};

/** Lambda's limit is 4 KB for all variables together; keep the settings well inside it. */
const MAX_SETTINGS_BYTES = 2_500;

export class TuntasStack extends Stack {
  readonly tables: TuntasTables;
  readonly auth: TuntasAuth;
  readonly functions: ReadonlyMap<HandlerGroup, TuntasFunction>;
  readonly api: TuntasApi;

  constructor(scope: Construct, id: string, props: TuntasStackProps) {
    super(scope, id, {
      description: `Tuntas complaint management and %TL compliance for ${props.config.regionName}`,
      ...props,
    });
    const { config } = props;
    const options: TuntasOptions = { ...DEFAULT_OPTIONS, ...props.options };
    const routes = props.routes ?? ROUTES;

    Tags.of(this).add('tuntas:region', slugify(config.regionName));

    this.tables = new TuntasTables(this, 'Tables', { definitions: TABLES });
    this.auth = new TuntasAuth(this, 'Auth', {
      regionName: config.regionName,
      threatProtection: options.threatProtection,
    });

    const settings = JSON.stringify(toRegionSettings(config));
    if (Buffer.byteLength(settings) > MAX_SETTINGS_BYTES) {
      throw new ConfigError(
        `The region settings are ${Buffer.byteLength(settings)} bytes as JSON; Lambda environment variables are limited to 4 KB in total. Shorten extraHolidays.`,
      );
    }
    // Every function gets every table name (names are not secrets; IAM below is the boundary),
    // so the shared composition root (functions/handlers/dependencies.ts) works unchanged in each.
    const environment: Record<string, string> = {
      ...this.tables.environment(),
      [SETTINGS_ENV_VAR]: settings,
      EMAIL_SENDER: config.email.sender,
      EMAIL_COORDINATOR: config.email.coordinator.join(','),
      EMAIL_OMBUDSMAN: config.email.ombudsman,
    };

    // One function per handler group that has routes: a group without routes has nothing to run.
    const groups = HANDLER_GROUPS.filter((group) => routes.some((route) => route.group === group));
    const functions = new Map<HandlerGroup, TuntasFunction>();
    for (const group of groups) {
      const fn = new TuntasFunction(this, `${capitalize(group)}Function`, {
        entry: `functions/handlers/${group}.ts`,
        handler: 'handler',
        description: GROUP_DESCRIPTIONS[group],
        environment,
        logRetention: options.logRetention,
      });
      for (const { table, access, updateItemsWithKeys } of TABLE_ACCESS[group]) {
        if (access) fn.grantTable(this.tables.get(table.id), access);
        if (updateItemsWithKeys) fn.grantUpdateItems(this.tables.get(table.id), updateItemsWithKeys);
      }
      functions.set(group, fn);
    }
    this.functions = functions;

    this.api = new TuntasApi(this, 'Api', {
      routes,
      functions,
      auth: this.auth,
      throttle: options.throttle,
      corsAllowOrigins: options.corsAllowOrigins,
      logRetention: options.logRetention,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'StaffClientId', {
      value: this.auth.staffClient.userPoolClientId,
      description: 'App client for staff login (admin, agency)',
    });
    new CfnOutput(this, 'AuditorClientId', {
      value: this.auth.auditorClient.userPoolClientId,
      description: 'App client for auditors (client credentials); its secret is in the Cognito console',
    });
    new CfnOutput(this, 'TokenEndpoint', {
      value: this.auth.tokenEndpoint,
      description: 'OAuth2 token endpoint for the client-credentials grant',
    });
    for (const { definition, table } of this.tables.byId.values()) {
      new CfnOutput(this, `${definition.id}TableName`, { value: table.tableName });
    }
  }
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
