// One Lambda function per handler group with routes, plus the scheduled jobs' function and the
// outbox mailer, with the project's defaults and the environment the composition root
// (functions/handlers/dependencies.ts) and the OpenAPI document (functions/http/openapi.ts) read.

import { SETTINGS_ENV_VAR, toRegionSettings } from '../../lib/config';
import { SES_CONFIGURATION_SET_ENV_VAR } from '../../lib/constructs/email';
import { LAMBDA_RUNTIME } from '../../lib/constructs/function';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { HANDLER_GROUPS, ROUTES } from '../../lib/routes';
import { AUTH_TOKEN_URL_ENV_VAR, FILES_BUCKET_ENV_VAR, FUNCTION_ACCESS, FUNCTION_NAMES } from '../../lib/stack';
import { TABLES } from '../../lib/tables';
import {
  actionsOf,
  blora,
  functionLogicalId,
  functionNames,
  functionStatements,
  refOf,
  refsIn,
  resourcesOfType,
  synth,
  tableLogicalId,
  type CfnTemplate,
} from './synth';

let template: CfnTemplate;
beforeAll(() => {
  template = synth().json;
});

const groupsWithRoutes = HANDLER_GROUPS.filter((group) => ROUTES.some((route) => route.group === group));
const allFunctions = [...groupsWithRoutes, 'jobs', 'mailer', 'auth'] as const;
/** The functions that sign attachment or export links, and so need the bucket's name. */
const FILES_BUCKET_FUNCTIONS = ['public', 'agency', 'admin', 'reports'];

it('builds one function per handler group that has routes, one for the jobs, one for the mailer, one for the user-pool triggers, and no other', () => {
  // Plus the deploy-time agency loader (test/infra/deploy.test.ts), invoked by CloudFormation only.
  expect(functionNames(template).sort()).toEqual([...allFunctions, 'agency-loader'].sort());
  expect([...FUNCTION_NAMES].sort()).toEqual([...allFunctions].sort());
  const entries = resourcesOfType(template, 'AWS::Lambda::Function').map(([, fn]) => fn.Metadata?.['tuntas:entry']).sort();
  expect(entries).toEqual([...allFunctions, 'agency-loader'].map((name) => `functions/handlers/${name}.ts`).sort());
});

describe.each(allFunctions)('the %s function', (name) => {
  const fn = () => template.Resources[functionLogicalId(template, name)].Properties;

  it('runs the newest Node.js runtime on arm64 with X-Ray tracing and its own log group kept for a year', () => {
    expect(fn().Runtime).toBe('nodejs24.x');
    expect(fn().Architectures).toEqual(['arm64']);
    expect(fn().TracingConfig).toEqual({ Mode: 'Active' });
    const logGroup = template.Resources[refOf(fn().LoggingConfig.LogGroup)];
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties.RetentionInDays).toBe(365);
    expect(logGroup.DeletionPolicy).toBe('RetainExceptOnCreate');
  });

  it('gets every table name, the region settings, the email addresses and source maps', () => {
    const env = fn().Environment.Variables as Record<string, unknown>;
    for (const table of TABLES) expect(refOf(env[table.envVar])).toBe(tableLogicalId(template, table.id));
    const config = blora();
    expect(JSON.parse(env[SETTINGS_ENV_VAR] as string)).toEqual(toRegionSettings(config));
    expect(env.EMAIL_SENDER).toBe(config.email.sender);
    expect(env.EMAIL_COORDINATOR).toBe(config.email.coordinator.join(','));
    expect(env.EMAIL_OMBUDSMAN).toBe(config.email.ombudsman);
    expect(env.NODE_OPTIONS).toBe('--enable-source-maps');
    // Never a local endpoint in the cloud.
    expect(env.DYNAMODB_ENDPOINT).toBeUndefined();
    expect(env.SES_ENDPOINT).toBeUndefined();
  });

  it(FUNCTION_ACCESS[name].sendsEmail ? 'gets the SES configuration set name' : 'does not get the SES configuration set name (it sends no email)', () => {
    const env = fn().Environment.Variables as Record<string, unknown>;
    const set = resourcesOfType(template, 'AWS::SES::ConfigurationSet')[0][0];
    if (FUNCTION_ACCESS[name].sendsEmail) expect(refOf(env[SES_CONFIGURATION_SET_ENV_VAR])).toBe(set);
    else expect(env[SES_CONFIGURATION_SET_ENV_VAR]).toBeUndefined();
  });

  it('has its own role, with no managed policy, that may write logs only to its own log group', () => {
    const role = template.Resources[refOf(fn().Role)];
    expect(role.Type).toBe('AWS::IAM::Role');
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    const logs = functionStatements(template, name).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
    expect(logs).toHaveLength(1);
    expect(actionsOf(logs[0]).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(refsIn(logs[0].Resource)).toEqual([refOf(fn().LoggingConfig.LogGroup)]);
  });

  it('reserves no concurrency by default (the shared pool; a fresh account has 10)', () => {
    expect(fn().ReservedConcurrentExecutions).toBeUndefined();
  });

  const signsLinks = FILES_BUCKET_FUNCTIONS.includes(name);
  it(signsLinks ? 'gets the files bucket name (attachments or exports)' : 'does not get the files bucket name', () => {
    const env = fn().Environment.Variables as Record<string, unknown>;
    const [bucket] = resourcesOfType(template, 'AWS::S3::Bucket').find(([, b]) => b.Properties.LoggingConfiguration)!;
    if (signsLinks) expect(refOf(env[FILES_BUCKET_ENV_VAR])).toBe(bucket);
    else expect(env[FILES_BUCKET_ENV_VAR]).toBeUndefined();
  });

  it(
    name === 'public' ? "gets the Cognito domain's token endpoint for the OpenAPI document" : 'does not get the token endpoint (it serves no OpenAPI document)',
    () => {
      const env = fn().Environment.Variables as Record<string, unknown>;
      if (name === 'public') expect(env[AUTH_TOKEN_URL_ENV_VAR]).toEqual(template.Outputs.TokenEndpoint.Value);
      else expect(env[AUTH_TOKEN_URL_ENV_VAR]).toBeUndefined();
    },
  );

  it('names no function physically (CloudFormation generates the names)', () => {
    expect(fn().FunctionName).toBeUndefined();
  });
});

it('the runtime is the newest Node.js runtime CDK knows (cdk-nag L1 would fail the build otherwise)', () => {
  const version = (runtime: Runtime) => Number(/^nodejs(\d+)/.exec(runtime.name)?.[1] ?? 0);
  const newest = Math.max(...Runtime.ALL.filter((r) => r.name.startsWith('nodejs')).map(version));
  expect(version(LAMBDA_RUNTIME)).toBe(newest);
});

describe.each(groupsWithRoutes.filter((group) => group !== 'reports'))('the %s API function', (group) => {
  const fn = () => template.Resources[functionLogicalId(template, group)].Properties;

  it('has 512-1024 MB and a ~10 s timeout (API Gateway gives up at 30 s)', () => {
    expect(fn().MemorySize).toBeGreaterThanOrEqual(512);
    expect(fn().MemorySize).toBeLessThanOrEqual(1024);
    expect(fn().Timeout).toBeGreaterThanOrEqual(5);
    expect(fn().Timeout).toBeLessThanOrEqual(15);
  });
});

describe('the reports function', () => {
  const fn = () => template.Resources[functionLogicalId(template, 'reports')].Properties;

  it('has 1 GB and 29 s: a large CSV export pages through a period and streams to S3 within one API request', () => {
    expect(fn().MemorySize).toBe(1024);
    expect(fn().Timeout).toBe(29);
  });
});

describe('the jobs function', () => {
  const fn = () => template.Resources[functionLogicalId(template, 'jobs')].Properties;

  it('has 1 GB and five minutes: a job pages through every agency and open complaint', () => {
    expect(fn().MemorySize).toBe(1024);
    expect(fn().Timeout).toBe(300);
    expect(fn().Handler).toBe('index.handler');
  });
});

describe('the mailer function', () => {
  const fn = () => template.Resources[functionLogicalId(template, 'mailer')].Properties;

  it('has 512 MB and 60 s: a batch of 10 notifications with SDK retries, inside the mapping\'s patience', () => {
    expect(fn().MemorySize).toBe(512);
    expect(fn().Timeout).toBe(60);
    expect(fn().Handler).toBe('index.handler');
  });
});

describe('the token endpoint in the OpenAPI document', () => {
  it('is the value of AUTH_TOKEN_URL, the variable functions/http/openapi-asset.ts reads', () => {
    jest.isolateModules(() => {
      const { openApiResponse, LOCAL_TOKEN_URL } = jest.requireActual<typeof import('../../functions/http/openapi-asset')>('../../functions/http/openapi-asset');
      const { openApiTemplate } = jest.requireActual<typeof import('../../functions/http/openapi')>('../../functions/http/openapi');
      const url = 'https://tuntas-test-1234abcd.auth.ap-southeast-3.amazoncognito.com/oauth2/token';
      const body = openApiResponse(openApiTemplate(), { [AUTH_TOKEN_URL_ENV_VAR]: url }).body as string;
      const tokenUrls: unknown[] = [];
      JSON.parse(body, (key, value) => (key === 'tokenUrl' && tokenUrls.push(value), value));
      expect(tokenUrls.length).toBeGreaterThan(0);
      expect(new Set(tokenUrls)).toEqual(new Set([url]));
      expect(body).not.toContain(LOCAL_TOKEN_URL);
    });
  });

  it('is https://<domain>.auth.<region>.amazoncognito.com/oauth2/token of the stack\'s own user pool domain', () => {
    const env = fn('public').Environment.Variables as Record<string, unknown>;
    const [domainId] = resourcesOfType(template, 'AWS::Cognito::UserPoolDomain')[0];
    expect(env[AUTH_TOKEN_URL_ENV_VAR]).toEqual({
      'Fn::Join': ['', ['https://', { Ref: domainId }, '.auth.ap-southeast-3.amazoncognito.com/oauth2/token']],
    });
  });

  const fn = (name: string) => template.Resources[functionLogicalId(template, name)].Properties;
});

describe('entry files', () => {
  // The stack points Lambda at `index.handler`; the bundle's `handler` comes from the entry's
  // export of that name. Importing an entry has no side effects (handlers are built lazily).
  it.each(allFunctions)('functions/handlers/%s.ts exports a handler function', async (name) => {
    const entry = (await import(`../../functions/handlers/${name}`)) as { handler?: unknown };
    expect(typeof entry.handler).toBe('function');
  });
});

describe('a different region config', () => {
  it('flows into the settings and email variables, with several coordinators comma-joined', () => {
    const config = {
      ...blora(),
      regionName: 'Kota Semarang',
      trackingPrefix: 'SMG',
      email: { sender: 'lapor@semarangkota.go.id', coordinator: ['a@semarangkota.go.id', 'b@semarangkota.go.id'], ombudsman: 'jateng@ombudsman.go.id' },
      thresholds: { passingGrade: 70, escalationDays: 45, reopenWindowDays: 14 },
    };
    const { json, stack } = synth({ config });
    expect(stack.stackName).toBe('Tuntas-kota-semarang');
    const env = json.Resources[functionLogicalId(json, 'public')].Properties.Environment.Variables;
    expect(env.EMAIL_COORDINATOR).toBe('a@semarangkota.go.id,b@semarangkota.go.id');
    expect(JSON.parse(env[SETTINGS_ENV_VAR])).toMatchObject({ regionName: 'Kota Semarang', trackingPrefix: 'SMG', passingGrade: 70, escalationDays: 45 });
  });

  it('a log retention from context reaches every log group', () => {
    const { json } = synth({ context: { 'tuntas:logRetentionDays': '90' } });
    const retentions = resourcesOfType(json, 'AWS::Logs::LogGroup').map(([, lg]) => lg.Properties.RetentionInDays);
    expect(new Set(retentions)).toEqual(new Set([90]));
  });

  it('a reserved concurrency from context reaches the public function; none, 0 or nothing reserves none', () => {
    const { json } = synth({ context: { 'tuntas:publicReservedConcurrency': '20' } });
    expect(json.Resources[functionLogicalId(json, 'public')].Properties.ReservedConcurrentExecutions).toBe(20);
    for (const value of ['none', '0', 0]) {
      const other = synth({ context: { 'tuntas:publicReservedConcurrency': value } }).json;
      expect(other.Resources[functionLogicalId(other, 'public')].Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
    expect(() => synth({ context: { 'tuntas:publicReservedConcurrency': '-3' } })).toThrow(/publicReservedConcurrency must be "none"/);
  });

  it('rejects a retention CloudWatch does not offer', () => {
    expect(() => synth({ context: { 'tuntas:logRetentionDays': '100' } })).toThrow(/logRetentionDays must be one of/);
  });
});
