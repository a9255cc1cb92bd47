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
  validation?: boolean;
}

export function synth(options: SynthOptions = {}) {
  const app = new App({
    context: {
      ...cdkJson.context,
      ...options.context,
      'aws:cdk:bundling-stacks': [],
      // The CLI sets this; tests find resources by construct path through it.
      'aws:cdk:enable-path-metadata': true,
    },
    builtinCloudFormationValidation: options.validation ?? false,
  });
  const config = options.config ?? blora();
  const stack = new TuntasStack(app, stackIdFor(config.regionName), {
    config,
    options: optionsFromContext(app),
    routes: options.routes,
    env: { region: config.awsRegion },
  });
  return { app, stack, template: Template.fromStack(stack), json: Template.fromStack(stack).toJSON() as CfnTemplate };
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

/** The logical id of a handler group's Lambda function, found by its entry file. */
export function functionLogicalId(template: CfnTemplate, group: string): string {
  const matches = resourcesOfType(template, 'AWS::Lambda::Function').filter(
    ([, r]) => r.Metadata?.['tuntas:entry'] === `functions/handlers/${group}.ts`,
  );
  if (matches.length !== 1) throw new Error(`Expected one function for group ${group}, found ${matches.length}`);
  return matches[0][0];
}
