// Synthesizes the stack the way `cdk synth` does, minus the slow parts: the same context as
// cdk.json (feature flags change templates, and `new App()` does not read cdk.json), bundling
// skipped, and CDK's built-in template validation off unless a test asks for it.

import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadRegionConfig, type RegionConfig } from '../../lib/config';
import { stackIdFor } from '../../lib/constructs/naming';
import { TuntasStack, optionsFromContext, type TuntasStackProps } from '../../lib/stack';

export const ROOT = path.join(__dirname, '..', '..');
export const cdkJson = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};
export const blora = (): RegionConfig => loadRegionConfig(path.join(ROOT, 'config', 'blora.json'));

export interface SynthOptions {
  config?: RegionConfig;
  /** Extra or overriding context, as `-c key=value` would give. */
  context?: Record<string, unknown>;
  routes?: TuntasStackProps['routes'];
  entries?: TuntasStackProps['entries'];
  validation?: boolean;
}

/** The app and stack as synth() builds them, not yet synthesized (to add validation plugins first). */
export function buildApp(options: SynthOptions = {}) {
  const app = new App({
    context: {
      ...cdkJson.context,
      // The portal's construct is synthesized by web.test.ts and nag.test.ts, which ask for it.
      'tuntas:web': false,
      ...options.context,
      'aws:cdk:bundling-stacks': [],
      // The CLI sets this; tests find resources by construct path through it.
      'aws:cdk:enable-path-metadata': true,
    },
    builtinCloudFormationValidation: options.validation ?? false,
  });
  const config = options.config ?? blora();
  const stage = options.context?.stage as string | undefined;
  const stack = new TuntasStack(app, stackIdFor(config.regionName, stage), {
    config,
    options: optionsFromContext(app),
    routes: options.routes,
    entries: options.entries,
    env: { region: config.awsRegion },
  });
  return { app, stack };
}

export function synth(options: SynthOptions = {}) {
  const { app, stack } = buildApp(options);
  const template = Template.fromStack(stack);
  return { app, stack, template, json: template.toJSON() as CfnTemplate };
}

export interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
  Metadata?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, { Value: unknown; Description?: string }>;
}

export function resourcesOfType(template: CfnTemplate, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The logical id a { Ref } or { Fn::GetAtt } points at. */
export function refOf(value: unknown): string {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  if (typeof v?.Ref === 'string') return v.Ref;
  if (Array.isArray(v?.['Fn::GetAtt'])) return v['Fn::GetAtt'][0];
  throw new Error(`Not a Ref or GetAtt: ${JSON.stringify(value)}`);
}

/** Every logical id referenced anywhere inside a value. */
export function refsIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key === 'Ref' && typeof child === 'string') found.push(child);
        else if (key === 'Fn::GetAtt' && Array.isArray(child)) found.push(child[0] as string);
        else walk(child);
      }
    }
  };
  walk(value);
  return found;
}

/** The logical id of the table built from a TableDefinition (construct path Tables/<id>). */
export function tableLogicalId(template: CfnTemplate, tableId: string): string {
  const matches = resourcesOfType(template, 'AWS::DynamoDB::GlobalTable').filter(([, r]) =>
    (r.Metadata?.['aws:cdk:path'] as string | undefined)?.endsWith(`/Tables/${tableId}/Resource`),
  );
  if (matches.length !== 1) throw new Error(`Expected one table ${tableId}, found ${matches.length}`);
  return matches[0][0];
}

/** The logical id of a function ("public", ..., "jobs"), found by the name in its metadata. */
export function functionLogicalId(template: CfnTemplate, name: string): string {
  const matches = resourcesOfType(template, 'AWS::Lambda::Function').filter(([, r]) => r.Metadata?.['tuntas:function'] === name);
  if (matches.length !== 1) throw new Error(`Expected one function ${name}, found ${matches.length}`);
  return matches[0][0];
}

/** The project's names of every function in the template. */
export function functionNames(template: CfnTemplate): string[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').map(([, r]) => r.Metadata?.['tuntas:function'] as string);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: unknown;
  Sid?: string;
}

export const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Every statement of the identity policies attached to a role (by its logical id). */
export function roleStatements(template: CfnTemplate, roleId: string): Statement[] {
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => refsIn(policy.Properties.Roles).includes(roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** Every statement in the policies attached to a function's role. */
export function functionStatements(template: CfnTemplate, name: string): Statement[] {
  const fn = template.Resources[functionLogicalId(template, name)];
  return roleStatements(template, refsIn(fn.Properties.Role)[0]);
}
