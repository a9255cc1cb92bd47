// One Lambda function per handler group with routes, with the project's defaults and the
// environment the composition root (functions/handlers/dependencies.ts) reads.

import { SETTINGS_ENV_VAR, toRegionSettings } from '../../lib/config';
import { HANDLER_GROUPS, ROUTES } from '../../lib/routes';
import { TABLES } from '../../lib/tables';
import { blora, functionLogicalId, refOf, resourcesOfType, synth, tableLogicalId, type CfnTemplate } from './synth';

let template: CfnTemplate;
beforeAll(() => {
  template = synth().json;
});

const groupsWithRoutes = HANDLER_GROUPS.filter((group) => ROUTES.some((route) => route.group === group));

it('builds one function per handler group that has routes, and no other', () => {
  const entries = resourcesOfType(template, 'AWS::Lambda::Function').map(([, fn]) => fn.Metadata?.['tuntas:entry']).sort();
  expect(entries).toEqual(groupsWithRoutes.map((group) => `functions/handlers/${group}.ts`).sort());
});

describe.each(groupsWithRoutes)('the %s function', (group) => {
  const fn = () => template.Resources[functionLogicalId(template, group)].Properties;

  it('runs Node.js 22 on arm64 with X-Ray tracing, 512-1024 MB and a ~10 s timeout', () => {
    expect(fn().Runtime).toBe('nodejs22.x');
    expect(fn().Architectures).toEqual(['arm64']);
    expect(fn().TracingConfig).toEqual({ Mode: 'Active' });
    expect(fn().MemorySize).toBeGreaterThanOrEqual(512);
    expect(fn().MemorySize).toBeLessThanOrEqual(1024);
    expect(fn().Timeout).toBeGreaterThanOrEqual(5);
    expect(fn().Timeout).toBeLessThanOrEqual(15);
  });

  it('logs to its own log group kept for a year', () => {
    const logGroup = template.Resources[refOf(fn().LoggingConfig.LogGroup)];
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    expect(logGroup.Properties.RetentionInDays).toBe(365);
    expect(logGroup.DeletionPolicy).toBe('Retain');
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
  });

  it('names no function physically (CloudFormation generates the names)', () => {
    expect(fn().FunctionName).toBeUndefined();
  });
});

describe('entry files', () => {
  // The stack points Lambda at `index.handler`; the bundle's `handler` comes from the entry's
  // export of that name. Importing an entry has no side effects (handlers are built lazily).
  it.each(groupsWithRoutes)('functions/handlers/%s.ts exports a handler function', async (group) => {
    const entry = (await import(`../../functions/handlers/${group}`)) as { handler?: unknown };
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

  it('rejects a retention CloudWatch does not offer', () => {
    expect(() => synth({ context: { 'tuntas:logRetentionDays': '100' } })).toThrow(/logRetentionDays must be one of/);
  });
});
