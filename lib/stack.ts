// The Tuntas stack for one region: tables, identity, one Lambda per handler group and the HTTP API
// built from the route table, the scheduled jobs, and the outbox mailer reading the Complaints
// table's stream. Everything region-specific comes from the validated RegionConfig; physical names
// are left to CloudFormation.

import { Aspects, CfnOutput, CustomResource, Duration, Fn, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { TuntasAlarms } from './constructs/alarms';
import { TuntasApi, type ThrottleOptions } from './constructs/api';
import { MFA_MODES, TuntasAuth, type MfaMode, type ThreatProtection } from './constructs/auth';
import { TuntasDashboard } from './constructs/dashboard';
import { SES_IDENTITY_KINDS, TuntasEmail, type SesIdentityKind } from './constructs/email';
import { TuntasFiles, type AttachmentAccess } from './constructs/files';
import { logicalIdOf, TuntasFunction, type ItemWriteAction, type TableAccess, type TuntasFunctionProps } from './constructs/function';
import { slugify } from './constructs/naming';
import { TuntasNotifications } from './constructs/notifications';
import { RetainExceptOnCreate } from './constructs/retention';
import { UserPoolEmail } from 'aws-cdk-lib/aws-cognito';
import { ComparisonOperator, Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS, METRICS_NAMESPACE_ENV_VAR } from '../functions/adapters/metrics';
import { TuntasSchedules } from './constructs/schedules';
import { TuntasTables } from './constructs/tables';
import { TuntasWeb } from './constructs/web';
import { ConfigError, SETTINGS_ENV_VAR, toRegionSettings, type RegionConfig } from './config';
import { HANDLER_GROUPS, ROUTES, type HandlerGroup, type RouteDefinition } from './routes';
import { EVENT_HANDLER_NEEDS, JOB_NEEDS, ROUTE_NEEDS, type Capability } from './access';
import { cognitoUserApiUrl } from './web-headers';
import {
  AGENCIES_TABLE,
  COMPLAINTS_TABLE,
  EMAIL_LEDGER_TABLE,
  REQUEST_GUARDS_TABLE,
  TABLES,
  type TableDefinition,
} from './tables';
// Pure key builders (no AWS SDK): the stack scopes IAM to the same keys the repository writes.
import { AGENCIES_PK, countersPk, snapshotPk, SIGNINS_PREFIX } from '../functions/adapters/dynamodb/keys';
// Types only (erased): synth does not load the handler or the AWS SDK.
import type { ScheduledJobName } from '../functions/handlers/jobs';

/** Deployment knobs that are not part of the region's business config (read from cdk context). */
export interface TuntasOptions {
  logRetention: RetentionDays;
  throttle: ThrottleOptions;
  corsAllowOrigins: string[];
  threatProtection: ThreatProtection;
  /** Which SES identity the stack creates for the sender (see lib/constructs/email.ts). */
  sesIdentity: SesIdentityKind;
  /** Staff MFA: 'optional' (TOTP offered) or 'required' (TOTP set up at first login). */
  mfa: MfaMode;
  /**
   * Origins the staff consoles are served from (tuntas:webUrl, plus tuntas:devWebUrl for a
   * developer's machine): the browser app client's callback and sign-out URLs.
   */
  webUrls: string[];
  /**
   * Concurrency reserved for the public (unauthenticated) function. It is also its ceiling, so a
   * flood of citizen requests cannot take the Lambda concurrency staff functions and jobs need.
   * Concurrency reserved for the public (unauthenticated) function, or undefined for none. A
   * reservation is also its ceiling, so a flood of citizen requests cannot take the concurrency
   * staff functions and jobs need; but Lambda keeps 100 executions unreserved, so reserving 50
   * needs an account quota of 150, and new accounts start at 10. Off by default: the per-route
   * throttles bound the public routes instead.
   */
  publicReservedConcurrency: number | undefined;
  /**
   * Deletion protection on the tables and the user pool. Off by default, because CloudFormation
   * must be able to delete what a failed first create made (RETAIN_ON_UPDATE_OR_DELETE retains on
   * update and stack deletion, not on a failed create); the go-live checklist turns it on after
   * the first successful deploy.
   */
  deletionProtection: boolean;
  /**
   * Who mails staff invitations and verification codes: 'cognito' (Cognito's own sender, 50 emails
   * a day, from no-reply@verificationemail.com) or 'ses' (the region's sender through SES, no such
   * limit). Cognito refuses an SES identity that is not verified yet, so a first deploy uses
   * 'cognito' and the go-live checklist switches to 'ses' once the identity is verified.
   */
  cognitoEmail: 'cognito' | 'ses';
  /** The client-credentials app client for auditors' machines (Cognito M2M: a monthly price per client). */
  auditorClient: boolean;
  /** The CloudWatch operations dashboard ($3 a month past the free tier of 3 dashboards of 50 metrics). */
  dashboard: boolean;
  /** With sesIdentity 'existing': the identity's name if it is not the sender's domain. */
  sesIdentityName?: string;
  /** Host the citizen portal (lib/constructs/web.ts) behind CloudFront: context tuntas:web (cdk.json: true). */
  web: boolean;
}

export const DEFAULT_OPTIONS: TuntasOptions = {
  logRetention: RetentionDays.ONE_YEAR,
  // A kabupaten receives tens of reports a day and has a few hundred staff: 50 rps steady with
  // bursts of 100 is far above real use and far below what would run up the bill.
  throttle: { rateLimit: 50, burstLimit: 100 },
  corsAllowOrigins: [],
  web: false,
  threatProtection: 'off',
  sesIdentity: 'domain',
  mfa: 'optional',
  webUrls: [],
  publicReservedConcurrency: undefined,
  deletionProtection: false,
  cognitoEmail: 'cognito',
  auditorClient: false,
  dashboard: false,
};

const THREAT_PROTECTION = ['off', 'audit', 'enforced'] as const;

/** "none", "0", "" or absent: no reservation; a positive integer: that many executions. */
function reservedConcurrency(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || raw === '' || raw === 'none' || raw === 0 || raw === '0') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`Context tuntas:publicReservedConcurrency must be "none" (the default) or a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

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

  const flag = (key: string, fallback: boolean): boolean => {
    const raw = ctx(key);
    if (raw === undefined) return fallback;
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    throw new ConfigError(`Context ${key} must be true or false, got ${JSON.stringify(raw)}`);
  };
  const oneOf = <T extends string>(key: string, values: readonly T[], fallback: T): T => {
    const raw = ctx(key) ?? fallback;
    if (!(values as readonly unknown[]).includes(raw)) throw new ConfigError(`Context ${key} must be one of ${values.join(', ')}; got ${JSON.stringify(raw)}`);
    return raw as T;
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

  const sesIdentity = (ctx('tuntas:sesIdentity') ?? DEFAULT_OPTIONS.sesIdentity) as string;
  if (!(SES_IDENTITY_KINDS as readonly string[]).includes(sesIdentity)) {
    throw new ConfigError(`Context tuntas:sesIdentity must be one of ${SES_IDENTITY_KINDS.join(', ')}; got "${sesIdentity}"`);
  }

  const mfa = (ctx('tuntas:mfa') ?? DEFAULT_OPTIONS.mfa) as string;
  if (!(MFA_MODES as readonly string[]).includes(mfa)) {
    throw new ConfigError(`Context tuntas:mfa must be one of ${MFA_MODES.join(', ')}; got "${mfa}"`);
  }

  const webUrls = ['tuntas:webUrl', 'tuntas:devWebUrl'].flatMap((key) => {
    const raw = ctx(key);
    if (raw === undefined || raw === '') return [];
    const url = String(raw).replace(/\/+$/, '');
    // Cognito accepts http only for localhost.
    if (!/^https:\/\/[^/\s]+$/.test(url) && !/^http:\/\/localhost(:\d+)?$/.test(url)) {
      throw new ConfigError(`Context ${key}: "${raw}" is not an origin like https://lapor.example.go.id (http only for localhost)`);
    }
    return [url];
  });

  return {
    logRetention: retentionDays as RetentionDays,
    throttle: {
      rateLimit: positiveInt('tuntas:throttleRateLimit', DEFAULT_OPTIONS.throttle.rateLimit),
      burstLimit: positiveInt('tuntas:throttleBurstLimit', DEFAULT_OPTIONS.throttle.burstLimit),
    },
    corsAllowOrigins,
    web: ctx('tuntas:web') === true || ctx('tuntas:web') === 'true',
    threatProtection: threatProtection as TuntasOptions['threatProtection'],
    sesIdentity: sesIdentity as SesIdentityKind,
    mfa: mfa as MfaMode,
    webUrls,
    publicReservedConcurrency: reservedConcurrency(ctx('tuntas:publicReservedConcurrency')),
    deletionProtection: flag('tuntas:deletionProtection', DEFAULT_OPTIONS.deletionProtection),
    ...(ctx('tuntas:sesIdentityName') ? { sesIdentityName: String(ctx('tuntas:sesIdentityName')) } : {}),
    auditorClient: flag('tuntas:auditorClient', DEFAULT_OPTIONS.auditorClient),
    dashboard: flag('tuntas:dashboard', DEFAULT_OPTIONS.dashboard),
    cognitoEmail: oneOf('tuntas:cognitoEmail', ['cognito', 'ses'] as const, DEFAULT_OPTIONS.cognitoEmail),
  };
}

export interface TuntasStackProps extends StackProps {
  config: RegionConfig;
  options?: Partial<TuntasOptions>;
  /** The route table; only tests pass anything but ROUTES. */
  routes?: readonly RouteDefinition[];
  /**
   * Entry files (relative to the project root) instead of functions/handlers/<name>.ts; only tests
   * pass any, to synthesize a function whose handler file is not written yet.
   */
  entries?: Partial<Record<FunctionName | typeof AGENCY_LOADER_NAME, string>>;
}

/**
 * Every Lambda function of the stack: one per handler group, the scheduled jobs, and the outbox
 * mailer (invoked by the Complaints table's stream).
 */
export const FUNCTION_NAMES = [...HANDLER_GROUPS, 'jobs', 'mailer', 'auth'] as const;
/** The deploy-time agency loader's project name (tuntas:function metadata). */
export const AGENCY_LOADER_NAME = 'agency-loader';

export type FunctionName = (typeof FUNCTION_NAMES)[number];

export interface GroupTableAccess {
  table: TableDefinition;
  access?: TableAccess;
  /** Item writes restricted to these partition-key patterns (on top of `access`), one grant per action set. */
  writeItems?: Array<{ actions: ItemWriteAction[]; keys: string[] }>;
}

export interface FunctionAccess {
  tables: GroupTableAccess[];
  /** SES send permission (from the configured sender only) and the configuration set's name. */
  sendsEmail: boolean;
  /** Writes large exports to the files bucket (exports/ only) and signs download links for them. */
  writesExports?: boolean;
  /**
   * Attachments in the files bucket: 'upload' (presigned PUTs to uploads/pending/, the checked copy
   * to attachments/, download links) or 'read' (download links to attachments/ only).
   */
  attachments?: AttachmentAccess;
  /** User-pool calls on staff accounts (the admin function's staff routes). */
  staffActions?: string[];
}

/**
 * The environment variable functions/http/openapi.ts reads for the OAuth2 token URL in the
 * OpenAPI document (GET /openapi.json, served by the public function only).
 */
export const AUTH_TOKEN_URL_ENV_VAR = 'AUTH_TOKEN_URL';
/** The environment variable through which functions learn the files bucket's name. */
export const FILES_BUCKET_ENV_VAR = 'FILES_BUCKET';

export const COUNTER_ITEMS = [countersPk('*')];
export const SNAPSHOT_ITEMS = [snapshotPk('*')];
export const SIGNIN_ITEMS = [`${SIGNINS_PREFIX}*`];

/** What each table need of lib/access.ts grants. */
const TABLE_GRANTS: Partial<Record<Capability, { table: TableDefinition; access?: TableAccess; writeItems?: { actions: ItemWriteAction[]; keys: string[] } }>> = {
  'complaints:read': { table: COMPLAINTS_TABLE, access: 'read' },
  'complaints:write': { table: COMPLAINTS_TABLE, access: 'readWrite' },
  'agencies:read': { table: AGENCIES_TABLE, access: 'read' },
  'agencies:write': { table: AGENCIES_TABLE, access: 'readWrite' },
  'counters:update': { table: AGENCIES_TABLE, writeItems: { actions: ['UpdateItem'], keys: COUNTER_ITEMS } },
  'counters:replace': { table: AGENCIES_TABLE, writeItems: { actions: ['PutItem'], keys: COUNTER_ITEMS } },
  'snapshots:put': { table: AGENCIES_TABLE, writeItems: { actions: ['PutItem'], keys: SNAPSHOT_ITEMS } },
  'signins:put': { table: AGENCIES_TABLE, writeItems: { actions: ['PutItem'], keys: SIGNIN_ITEMS } },
  'guards:write': { table: REQUEST_GUARDS_TABLE, access: 'readWrite' },
  'ledger:read': { table: EMAIL_LEDGER_TABLE, access: 'read' },
  'ledger:write': { table: EMAIL_LEDGER_TABLE, access: 'readWrite' },
};

/** The user-pool calls each staff need makes (functions/adapters/cognito-directory.ts), on this pool only. */
export const STAFF_ACTIONS: Partial<Record<Capability, string[]>> = {
  'staff:read': ['cognito-idp:ListUsersInGroup', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'],
  'staff:invite': ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup'],
  'staff:enable': ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser', 'cognito-idp:AdminUserGlobalSignOut'],
  'staff:assign': ['cognito-idp:AdminUpdateUserAttributes'],
  'staff:mfa-status': ['cognito-idp:AdminGetUser'],
  'staff:mfa-reset': ['cognito-idp:AdminSetUserMFAPreference'],
};

/** What a function needs: the union of its routes' needs, its jobs' needs, or its own (lib/access.ts). */
export function needsOf(name: FunctionName): Set<Capability> {
  if (name === 'jobs') return new Set(Object.values(JOB_NEEDS).flat());
  if (name === 'mailer' || name === 'auth') return new Set(EVENT_HANDLER_NEEDS[name]);
  return new Set(ROUTES.filter((route) => route.group === name).flatMap((route) => ROUTE_NEEDS[route.operationId]));
}

/**
 * The grants for a set of needs: per table the widest access asked (a write grant covers the
 * item writes), item writes merged by action with their key patterns.
 */
export function accessFor(needs: ReadonlySet<Capability>): FunctionAccess {
  const tables = new Map<string, GroupTableAccess>();
  for (const need of needs) {
    const grant = TABLE_GRANTS[need];
    if (!grant) continue;
    const entry = tables.get(grant.table.id) ?? { table: grant.table };
    if (grant.access && entry.access !== 'readWrite') entry.access = grant.access;
    if (grant.writeItems) {
      const same = entry.writeItems?.find((w) => w.actions.join() === grant.writeItems!.actions.join());
      if (same) same.keys = [...new Set([...same.keys, ...grant.writeItems.keys])].sort();
      else entry.writeItems = [...(entry.writeItems ?? []), { actions: [...grant.writeItems.actions], keys: [...grant.writeItems.keys] }];
    }
    tables.set(grant.table.id, entry);
  }
  for (const entry of tables.values()) if (entry.access === 'readWrite') delete entry.writeItems;
  const staffActions = [...needs].flatMap((need) => STAFF_ACTIONS[need] ?? []);
  return {
    tables: [...tables.values()],
    sendsEmail: needs.has('email:send'),
    ...(needs.has('exports:write') && { writesExports: true }),
    ...(needs.has('attachments:upload') ? { attachments: 'upload' as const } : needs.has('attachments:read') && { attachments: 'read' as const }),
    ...(staffActions.length > 0 && { staffActions: [...new Set(staffActions)] }),
  };
}

/**
 * What each function may do, derived from lib/access.ts: a table not listed is out of reach, and
 * only functions that send email may call SES. Where each function stands:
 * - public: files and tracks complaints; reporters attach evidence. It uses RequestGuards
 *   (idempotency records and filing limits). It never reads the Agencies table (dispositions carry
 *   the agency name); a reopen moves counters, so it may UpdateItem counter items only: agency
 *   records and their addresses stay out of reach of the unauthenticated API. The Ombudsman forward
 *   goes through the outbox; it never sends email.
 * - admin: verifies and dispositions, manages agencies and staff accounts, reads the ledger's
 *   undelivered index, signs download links of every attachment. A complaint keyed in on a
 *   citizen's behalf takes an Idempotency-Key like filing: its records go in RequestGuards.
 * - agency: follow-ups and returns move a disposition, its complaint and the counters together
 *   (UpdateItem on counter items); officers attach evidence. It reads no agency record.
 * - reports: reads complaints, counters, snapshots and sign-ins; writes only exports/ in the bucket.
 * - jobs, mailer, auth: see JOB_NEEDS and EVENT_HANDLER_NEEDS.
 */
export const FUNCTION_ACCESS: Record<FunctionName, FunctionAccess> = Object.fromEntries(
  FUNCTION_NAMES.map((name) => [name, accessFor(needsOf(name))]),
) as Record<FunctionName, FunctionAccess>;

const FUNCTION_DESCRIPTIONS: Record<FunctionName, string> = {
  public: 'Tuntas public API (citizens, no login)',
  admin: 'Tuntas admin API (coordinator)',
  agency: 'Tuntas agency API (OPD officers)',
  reports: 'Tuntas reports API (auditors, read-only)',
  jobs: 'Tuntas scheduled jobs (compliance, escalation, reconciliation, digest)',
  mailer: 'Tuntas outbox mailer (Complaints stream to SES)',
  auth: 'Tuntas user-pool triggers (agency claim in access tokens, sign-in records)',
};

/**
 * The scheduled jobs run longer than an API request: the compliance job reads every agency's
 * counters and open dispositions and mails warnings, the escalation job pages through every open
 * complaint. Five minutes and 1 GB (CPU scales with memory) leave a wide margin for a kabupaten.
 */
const JOBS_FUNCTION = { timeout: Duration.minutes(5), memorySize: 1024 } as const;

/**
 * The reports function pages through every complaint of a period for a CSV export and streams a
 * large one to S3: it gets the most an API integration can use (API Gateway gives up at 30 s) and
 * 1 GB for the CPU that CSV formatting and multipart uploads need.
 */
const REPORTS_FUNCTION = { timeout: Duration.seconds(29), memorySize: 1024 } as const;

/**
 * The mailer sends at most a batch of 10 emails an invocation (a few DynamoDB reads and one SES
 * call each): 60 s leaves room for SDK retries of a throttled SES without the mapping giving up on
 * a batch that is merely slow; 512 MB is the default.
 */
const MAILER_FUNCTION = { timeout: Duration.seconds(60), memorySize: 512 } as const;

/** Why a function's role holds an object wildcard on an attachment prefix (cdk-nag IAM5). */
const ATTACHMENT_WILDCARD_REASONS: Record<string, string> = {
  'uploads/pending/*':
    'Attachment uploads: each upload gets a new key uploads/pending/<trackingId>/<attachmentId> (a random id), ' +
    'written through a presigned PUT and then checked (HEAD, a ranged GET of the magic bytes), copied and deleted ' +
    'by this function, so the object names cannot be known in advance. Limited to the uploads/pending/ prefix ' +
    '(PutObject, GetObject, DeleteObject; no ListBucket), whose objects expire after a day.',
  'attachments/*':
    'Listed attachments: each checked file is copied to a new key attachments/<trackingId>/<attachmentId> and read ' +
    'back through short-lived presigned GET links, so the object names cannot be known in advance. Limited to the ' +
    'attachments/ prefix (no ListBucket); which complaint\'s files a caller may see is decided by the handler before ' +
    'it signs a link.',
};

// The config's schedules must name exactly the jobs the handler runs (checked at compile time;
// a type-only import, so synth does not load the handler).
type ScheduledJob = keyof RegionConfig['schedules'];
const sameJobs: [ScheduledJob, ScheduledJobName] extends [ScheduledJobName, ScheduledJob] ? true : never = true;
void sameJobs;

/** Lambda's limit is 4 KB for all variables together; keep the settings well inside it. */
const MAX_SETTINGS_BYTES = 2_500;

export class TuntasStack extends Stack {
  readonly tables: TuntasTables;
  readonly auth: TuntasAuth;
  /** The API's functions, one per handler group with routes. */
  readonly functions: ReadonlyMap<HandlerGroup, TuntasFunction>;
  /** The scheduled jobs' function: invoked by EventBridge Scheduler only, never by the API. */
  readonly jobsFunction: TuntasFunction;
  /** The outbox mailer: invoked by the Complaints stream's event source mapping only. */
  readonly mailerFunction: TuntasFunction;
  /** The user pool's triggers: invoked by Cognito only. */
  readonly authFunction: TuntasFunction;
  readonly notifications: TuntasNotifications;
  readonly api: TuntasApi;
  readonly email: TuntasEmail;
  readonly schedules: TuntasSchedules<ScheduledJobName>;
  readonly alarms: TuntasAlarms;
  readonly files: TuntasFiles;
  /** The operations dashboard, when the region asks for it (tuntas:dashboard; a fixed monthly price). */
  readonly dashboard?: TuntasDashboard;
  /** Writes the region config's agencies at deploy time (not part of FUNCTION_NAMES: no route, no alarm). */
  readonly agencyLoader: TuntasFunction;
  /** The CloudWatch namespace of the functions' own metrics (functions/adapters/metrics.ts). */
  readonly metricsNamespace: string;
  readonly web: TuntasWeb | undefined;

  constructor(scope: Construct, id: string, props: TuntasStackProps) {
    super(scope, id, {
      description: `Tuntas complaint management and %TL compliance for ${props.config.regionName}`,
      ...props,
    });
    const { config } = props;
    const options: TuntasOptions = { ...DEFAULT_OPTIONS, ...props.options };
    const routes = props.routes ?? ROUTES;

    Tags.of(this).add('tuntas:region', slugify(config.regionName));
    Aspects.of(this).add(new RetainExceptOnCreate());

    this.tables = new TuntasTables(this, 'Tables', { definitions: TABLES, deletionProtection: options.deletionProtection });
    this.email = new TuntasEmail(this, 'Email', {
      sender: config.email.sender,
      identity: options.sesIdentity,
      ...(options.sesIdentityName && { existingIdentityName: options.sesIdentityName }),
    });
    // The portal's origin is allowed automatically (CORS on the API and the files bucket) and is
    // where the consoles' sign-in returns to (the browser client's callback and sign-out URLs).
    this.web = options.web ? new TuntasWeb(this, 'Web') : undefined;
    this.auth = new TuntasAuth(this, 'Auth', {
      deletionProtection: options.deletionProtection,
      auditorClient: options.auditorClient,
      ...(options.cognitoEmail === 'ses' && {
        email: UserPoolEmail.withSES({
          fromEmail: config.email.sender,
          fromName: `Tuntas ${config.regionName}`,
          configurationSetName: this.email.configurationSet.configurationSetName,
          ...(options.sesIdentity === 'domain' && { sesVerifiedDomain: this.email.identityValue }),
        }),
      }),
      regionName: config.regionName,
      threatProtection: options.threatProtection,
      mfa: options.mfa,
      webUrls: this.web ? [this.web.url, ...options.webUrls] : options.webUrls,
    });
    const corsAllowOrigins = this.web ? [...options.corsAllowOrigins, this.web.url] : options.corsAllowOrigins;
    this.files = new TuntasFiles(this, 'Files', {
      corsAllowOrigins,
      accessLogRetentionDays: options.logRetention,
    });
    this.alarms = new TuntasAlarms(this, 'Alarms', { regionName: config.regionName });

    // Per stack: two stages in one account never add to each other's metrics.
    this.metricsNamespace = `Tuntas/${this.stackName}`;
    // Literal JSON; the CloudFront URL (a token) reaches the functions as WEB_URL when the config names none.
    const settings = JSON.stringify(toRegionSettings(config));
    const webUrlEnv: Record<string, string> = this.web && !config.webUrl ? { WEB_URL: this.web.url } : {};
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
      ...webUrlEnv,
      EMAIL_SENDER: config.email.sender,
      EMAIL_COORDINATOR: config.email.coordinator.join(','),
      EMAIL_OMBUDSMAN: config.email.ombudsman,
      [METRICS_NAMESPACE_ENV_VAR]: this.metricsNamespace,
    };

    // Variables only one function needs. The OpenAPI document (GET /openapi.json, a public route)
    // names the Cognito domain's token endpoint for the client-credentials flow.
    const functionEnvironment: Partial<Record<FunctionName, Record<string, string>>> = {
      public: { [AUTH_TOKEN_URL_ENV_VAR]: this.auth.tokenEndpoint },
      // Staff accounts (GET/POST /admin/staff…) are the user pool's users.
      admin: { USER_POOL_ID: this.auth.userPool.userPoolId },
    };

    const createFunction = (name: FunctionName, extra: Partial<TuntasFunctionProps> = {}) => {
      const access = FUNCTION_ACCESS[name];
      const fn = new TuntasFunction(this, `${capitalize(name)}Function`, {
        name,
        entry: props.entries?.[name] ?? `functions/handlers/${name}.ts`,
        handler: 'handler',
        description: FUNCTION_DESCRIPTIONS[name],
        environment: {
          ...environment,
          ...(access.sendsEmail && this.email.environment),
          ...((access.writesExports || access.attachments) && { [FILES_BUCKET_ENV_VAR]: this.files.bucket.bucketName }),
          ...functionEnvironment[name],
        },
        logRetention: options.logRetention,
        ...extra,
      });
      for (const { table, access: tableAccess, writeItems } of access.tables) {
        if (tableAccess) fn.grantTable(this.tables.get(table.id), tableAccess, table.indexes.length > 0);
        for (const w of writeItems ?? []) fn.grantItemWrites(this.tables.get(table.id), w.actions, w.keys);
      }
      if (access.staffActions) {
        const statement = new PolicyStatement({ actions: access.staffActions, resources: [this.auth.userPool.userPoolArn] });
        if (name === 'auth') {
          // The pool names this function as its trigger, so it depends on the function, which
          // depends on its role's default policy: naming the pool there would close a cycle. A
          // policy of its own, attached to the same role, does not.
          new Policy(this, 'AuthFunctionUserPoolPolicy', { roles: [fn.role!], statements: [statement] });
        } else {
          fn.addToRolePolicy(statement);
        }
      }
      if (access.sendsEmail) this.email.grantSend(fn);
      if (access.writesExports) {
        this.files.grantExports(fn);
        fn.acknowledgeWildcard(
          `Resource::<${logicalIdOf(this.files.bucket)}.Arn>/exports/*`,
          'Each large CSV export is written to a new key exports/<date>/<uuid>.csv and read back through a presigned ' +
            'link, so the object names cannot be known in advance; the wildcard is limited to the exports/ prefix ' +
            '(PutObject, multipart abort/list-parts and GetObject only), never the rest of the bucket.',
        );
      }
      if (access.attachments) {
        for (const pattern of this.files.grantAttachments(fn, access.attachments)) {
          fn.acknowledgeWildcard(`Resource::<${logicalIdOf(this.files.bucket)}.Arn>/${pattern}`, ATTACHMENT_WILDCARD_REASONS[pattern]);
        }
      }
      return fn;
    };

    // One function per handler group that has routes: a group without routes has nothing to run.
    const groups = HANDLER_GROUPS.filter((group) => routes.some((route) => route.group === group));
    const functions = new Map<HandlerGroup, TuntasFunction>();
    const groupExtras: Partial<Record<HandlerGroup, Partial<TuntasFunctionProps>>> = {
      public: { reservedConcurrentExecutions: options.publicReservedConcurrency },
      reports: REPORTS_FUNCTION,
    };
    for (const group of groups) functions.set(group, createFunction(group, groupExtras[group]));
    this.functions = functions;


    this.authFunction = createFunction('auth');
    this.auth.addTriggers(this.authFunction);

    this.api = new TuntasApi(this, 'Api', {
      routes,
      functions,
      auth: this.auth,
      throttle: options.throttle,
      corsAllowOrigins,
      logRetention: options.logRetention,
    });
    this.web?.deploy(this.api.url, {
      url: this.auth.loginUrl,
      clientId: this.auth.browserClient.userPoolClientId,
      userApiUrl: cognitoUserApiUrl(this.region),
    });

    this.jobsFunction = createFunction('jobs', JOBS_FUNCTION);
    this.schedules = new TuntasSchedules<ScheduledJobName>(this, 'Schedules', {
      target: this.jobsFunction,
      schedules: config.schedules,
      timeZone: config.timeZone,
      regionName: config.regionName,
    });

    this.mailerFunction = createFunction('mailer', MAILER_FUNCTION);
    this.notifications = new TuntasNotifications(this, 'Notifications', {
      target: this.mailerFunction,
      table: this.tables.get(COMPLAINTS_TABLE.id),
    });

    this.agencyLoader = this.loadAgencies(config, options, props.entries?.['agency-loader']);
    this.operations();
    if (options.dashboard) this.dashboard = new TuntasDashboard(this, 'Dashboard', {
      regionName: config.regionName,
      stage: this.api.stage,
      functions: this.allFunctions(),
      tables: new Map([...this.tables.byId].map(([id, { table }]) => [id, table])),
      deadLetterQueues: new Map([
        ['jobs', this.schedules.deadLetterQueue],
        ['notifications', this.notifications.deadLetterQueue],
      ]),
      streamConsumer: this.mailerFunction,
      alarms: this.alarms.all,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the HTTP API' });
    if (this.web) new CfnOutput(this, 'WebUrl', { value: this.web.url, description: 'The citizen portal (CloudFront)' });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'StaffClientId', {
      value: this.auth.staffClient.userPoolClientId,
      description: 'App client for staff login (admin, agency)',
    });
    new CfnOutput(this, 'BrowserClientId', {
      value: this.auth.browserClient.userPoolClientId,
      description: 'App client of the staff consoles (managed login, authorization code + PKCE)',
    });
    new CfnOutput(this, 'LoginUrl', { value: this.auth.loginUrl, description: 'Managed login: /oauth2/authorize, /oauth2/token, /logout' });
    if (this.auth.auditorClient) {
      new CfnOutput(this, 'AuditorClientId', {
        value: this.auth.auditorClient.userPoolClientId,
        description: 'App client for auditors (client credentials); its secret is in the Cognito console',
      });
    }
    new CfnOutput(this, 'TokenEndpoint', {
      value: this.auth.tokenEndpoint,
      description: 'OAuth2 token endpoint for the client-credentials grant',
    });
    for (const { definition, table } of this.tables.byId.values()) {
      new CfnOutput(this, `${definition.id}TableName`, { value: table.tableName });
    }

    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description: 'SNS topic every alarm notifies: subscribe the operators (e.g. aws sns subscribe --protocol email)',
    });
    if (this.dashboard) {
      new CfnOutput(this, 'DashboardName', {
        value: this.dashboard.dashboard.dashboardName,
        description: 'CloudWatch dashboard: API, functions, DynamoDB, the dead-letter queues, the mailer\'s stream lag and SES',
      });
    }
    new CfnOutput(this, 'FilesBucketName', {
      value: this.files.bucket.bucketName,
      description:
        'Large exports (exports/, deleted after 2 days), attachment uploads (uploads/pending/, deleted after a day) and ' +
        'listed attachments (attachments/, kept)',
    });
    new CfnOutput(this, 'JobsDeadLetterQueueUrl', {
      value: this.schedules.deadLetterQueue.queueUrl,
      description: 'Scheduled-job events that failed after all retries; replay by invoking the jobs function with the event',
    });
    new CfnOutput(this, 'JobsFunctionName', {
      value: this.jobsFunction.functionName,
      description: `Invoke with {"job": "${Object.keys(config.schedules).join('|')}", "time": "<ISO time>"} to run or replay a job`,
    });
    new CfnOutput(this, 'NotificationsDeadLetterQueueUrl', {
      value: this.notifications.deadLetterQueue.queueUrl,
      description:
        'Outbox notifications the mailer could not send after all retries: each message holds the stream position ' +
        '(shard, sequence numbers), not the email',
    });
    new CfnOutput(this, 'MailerFunctionName', { value: this.mailerFunction.functionName });
    new CfnOutput(this, 'ScheduleGroupName', { value: this.schedules.group.scheduleGroupName, description: 'The group every job schedule is in' });
    for (const [job, schedule] of this.schedules.schedules) {
      new CfnOutput(this, `${capitalize(job)}ScheduleName`, { value: schedule.scheduleName });
    }
    new CfnOutput(this, 'SesConfigurationSetName', { value: this.email.configurationSet.configurationSetName });
    new CfnOutput(this, 'SesIdentity', {
      value: this.email.identityValue,
      description:
        options.sesIdentity === 'domain'
          ? 'SES domain identity: verified once the DKIM CNAME records below are published in its DNS'
          : options.sesIdentity === 'email'
            ? 'SES email identity: verified once the link SES mails to this address is clicked'
            : 'SES identity this stack uses but did not create (tuntas:sesIdentity=existing)',
    });
    if (options.sesIdentity === 'domain' && this.email.createdIdentity) {
      this.email.createdIdentity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `SesDkimRecord${index + 1}`, {
          value: Fn.join(' ', [record.name, 'CNAME', record.value]),
          description: 'Publish in the sender domain\'s DNS so SES can verify it and sign with DKIM',
        });
      });
    }
  }

  /**
   * The region config's agencies, written at every deploy by a custom resource (issue 13, item 3):
   * new ones added, stored ones (edited through the API) kept. Its function may only put agency
   * records, conditionally, and read nothing.
   */
  private loadAgencies(config: RegionConfig, options: TuntasOptions, entry?: string): TuntasFunction {
    const fn = new TuntasFunction(this, 'AgencyLoaderFunction', {
      name: AGENCY_LOADER_NAME,
      entry: entry ?? 'functions/handlers/agency-loader.ts',
      description: 'Tuntas deploy-time agency loader (region config to the Agencies table)',
      environment: { [AGENCIES_TABLE.envVar]: this.tables.get(AGENCIES_TABLE.id).tableName },
      logRetention: options.logRetention,
      timeout: Duration.minutes(2),
    });
    fn.grantItemWrites(this.tables.get(AGENCIES_TABLE.id), ['PutItem'], [AGENCIES_PK]);
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked only by CloudFormation as a custom resource, which waits for its answer: a failure fails the deploy ' +
        '(and is in its log group); there is no asynchronous event to keep.',
    });
    new CustomResource(this, 'Agencies', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::AgencyLoader',
      properties: { Agencies: config.agencies.map((a) => ({ agencyId: a.agencyId, name: a.name, emails: a.emails, active: a.active })) },
    });
    return fn;
  }

  /** Every function by its project name, the API's first, then the jobs and the mailer. */
  allFunctions(): ReadonlyMap<FunctionName, TuntasFunction> {
    return new Map<FunctionName, TuntasFunction>([...this.functions, ['jobs', this.jobsFunction], ['mailer', this.mailerFunction], ['auth', this.authFunction]]);
  }

  /**
   * The alarms (issue "Reliability and security gates", Operations): API 5xx, each function's
   * errors and throttles, the jobs and notifications dead-letter queues, SES reputation. Each
   * description is the runbook line the operator reads in the notification.
   */
  private operations(): void {
    this.alarms.apiServerErrors(this.api.stage);
    for (const [name, fn] of this.allFunctions()) this.alarms.functionHealth(name, fn, FUNCTION_RUNBOOK[name]);
    this.alarms.deadLetters(
      'JobsDeadLetterAlarm',
      this.schedules.deadLetterQueue,
      'A scheduled job failed after all retries (or could not be delivered). Its event is in the jobs dead-letter queue: ' +
        'read it, fix the cause, replay it by invoking the jobs function with the event, then delete the message.',
    );
    this.alarms.deadLetters('NotificationsDeadLetterAlarm', this.notifications.deadLetterQueue, NOTIFICATIONS_DEAD_LETTER_RUNBOOK);
    this.alarms.sesReputation();
    this.alarms.threshold('EmailDeliveryFailuresAlarm', {
      metric: new Metric({
        namespace: this.metricsNamespace,
        metricName: METRICS.emailDeliveryFailures,
        period: Duration.hours(1),
        statistic: Stats.SUM,
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: EMAIL_DELIVERY_FAILURES_RUNBOOK,
    });
  }
}

const API_ERRORS =
  'Look in its log group for the error (Logs Insights: filter level = "ERROR"); a timeout or out-of-memory shows as ' +
  '"Task timed out" / "Runtime exited". Callers got a 5xx. Fix, deploy, or roll back the last deploy.';
const THROTTLES =
  'Lambda refused invocations for lack of concurrency: callers got errors. Check the account\'s concurrency ' +
  '(Lambda console, "Concurrent executions") and whether traffic is abnormal (API access log by ip).';

/** What each function's Errors and Throttles alarms mean and what to do (alarm descriptions). */
const FUNCTION_RUNBOOK: Record<FunctionName, { errors: string; throttles: string }> = {
  public: {
    errors: `The public (citizen) function failed invocations. ${API_ERRORS}`,
    throttles:
      'The public function hit its reserved concurrency (context tuntas:publicReservedConcurrency): citizens got errors. ' +
      'Normal traffic never gets there: look for a flood from few IPs in the API access log (the stage throttle and ' +
      'the per-client rate limit should hold it); raise the reservation only for real demand.',
  },
  admin: { errors: `The admin (coordinator) function failed invocations. ${API_ERRORS}`, throttles: `The admin function was throttled. ${THROTTLES}` },
  agency: { errors: `The agency (OPD) function failed invocations. ${API_ERRORS}`, throttles: `The agency function was throttled. ${THROTTLES}` },
  auth: {
    errors:
      'A user-pool trigger failed: staff sign-ins or token renewals fail with it (Cognito reports the trigger\'s error ' +
      'on the sign-in page). Look in the auth function\'s log group; a failing trigger blocks every staff sign-in.',
    throttles: `The auth (user-pool trigger) function was throttled: staff sign-ins fail. ${THROTTLES}`,
  },
  reports: {
    errors:
      `The reports (auditor) function failed invocations. ${API_ERRORS} A "Task timed out" after 29 s is an export ` +
      'too large for one request: narrow the period, or ask for the export to become a background job.',
    throttles: `The reports function was throttled. ${THROTTLES}`,
  },
  jobs: {
    errors:
      'A scheduled job threw an error (Lambda retries it twice, then the event goes to the dead-letter queue). See ' +
      'the jobs function\'s log group for the job name and the error.',
    throttles:
      'A scheduled job invocation was throttled (Lambda retries throttled asynchronous invocations for up to an hour; ' +
      'after that the event goes to the dead-letter queue). Check the account\'s concurrency.',
  },
  mailer: {
    errors:
      'The outbox mailer threw (a notification that merely failed to send is a partial batch failure, not an error: ' +
      'this is the handler itself failing, e.g. a missing variable or permission, a timeout). Lambda retries the ' +
      'batch, splitting it, up to 5 times within a day; then its position goes to the notifications dead-letter ' +
      'queue. See the mailer\'s log group for the error; the email ledger prevents duplicates on retry.',
    throttles:
      'The outbox mailer was throttled: notifications wait in the Complaints stream (up to a day) and are read again ' +
      'once concurrency is free. Check the account\'s concurrency (Lambda console, "Concurrent executions").',
  },
};

/** What the email delivery failures alarm means and what to do (alarm description, README runbook). */
export const EMAIL_DELIVERY_FAILURES_RUNBOOK =
  'Emails were not delivered in the last hour. GET /admin/notifications/undelivered lists each with the reason. ' +
  'RETRYING ones (SES sending paused, the sandbox, an unverified identity, throttling) are sent again with backoff for ' +
  'about two days: fix the account (SES console: account dashboard, verified identities; run npm run doctor -- --aws). ' +
  'FAILED ones will not be sent: correct the address (agency list, region config) and tell the recipient another way.';

/** What the notifications dead-letter alarm means and what to do (alarm description, README runbook). */
export const NOTIFICATIONS_DEAD_LETTER_RUNBOOK =
  'A notification could not be sent after retries. Read the message in the notifications dead-letter queue (it ' +
  'holds the stream record\'s position, shard and sequence numbers, not the email), find the complaint by tracking ' +
  'id in the mailer\'s logs ("notification failed"), fix the cause; the email ledger prevents duplicates when the ' +
  'notification is replayed. Then delete the message.';

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
