// cdk-nag on the whole app: the AWS Solutions pack (security best practices) and the Serverless
// pack (Lambda, API Gateway, SQS/SNS reliability). Both run as CDK validation plugins, so every
// `cdk synth` and `cdk deploy` checks the templates; an error-level finding stops synth, and the
// nag test (test/infra/nag.test.ts) fails on any finding, warnings included.
//
// A finding that cannot be fixed is acknowledged next to the construct it is about, with the
// reason: Validations.of(construct).acknowledge({ id, reason }). Wildcard findings are
// acknowledged one by one (AwsSolutions-IAM5[Resource::...]), never for a whole rule.

import { Validations, type Stage } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

/** The packs' names as they appear in rule ids ("AwsSolutions-IAM5") and validation reports. */
export const NAG_PACKS = ['AwsSolutions', 'Serverless'] as const;

export interface NagOptions {
  /**
   * Copy each acknowledgement into its resources' template Metadata (cdk_nag.rules_to_suppress),
   * so the deployed template records which rules were accepted and why (the app does; tests
   * leave templates as they are).
   */
  writeAcknowledgementsToTemplate?: boolean;
}

/** Registers both packs on an app (or stage); call once, before synth. */
export function addNagChecks(app: Stage, options: NagOptions = {}): void {
  const props = { writeSuppressionsToCloudFormation: options.writeAcknowledgementsToTemplate ?? false };
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, props), new ServerlessChecks(app, props));
}

export interface Acknowledgement {
  /** Construct path the acknowledgement sits on (it covers the resources below it). */
  path: string;
  /** Rule id, e.g. "AwsSolutions-IAM5[Resource::*]". */
  id: string;
  reason: string;
}

/** Every acknowledgement recorded in a construct tree, for tests and the audit list. */
export function acknowledgementsIn(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          // aws-cdk-lib records ids without a plugin namespace as "Annotation::<id>"; cdk-nag matches without it.
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}
