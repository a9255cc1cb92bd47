// A Lambda function with the project's defaults baked in (modelled on Powertools' examples/app):
// Node.js 22 on arm64, esbuild bundling, its own log group with a retention, X-Ray tracing and
// source maps. Handler groups only say what is specific to them: entry, environment, grants.

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, CfnFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import * as path from 'node:path';

export const PROJECT_ROOT = path.join(__dirname, '..', '..');

export type TableAccess = 'read' | 'readWrite';
export type ItemWriteAction = 'PutItem' | 'UpdateItem';

export interface TuntasFunctionProps {
  /** Entry file, relative to the project root, e.g. functions/handlers/public.ts. */
  entry: string;
  /**
   * The project's name for the function ("public", "jobs", ...), recorded in the template's
   * metadata for operators and tests. Not a physical name: CloudFormation names the function.
   */
  name?: string;
  /** Exported handler name in the entry file. */
  handler?: string;
  description?: string;
  environment?: Record<string, string>;
  /** 512 MB: on Lambda, CPU scales with memory, and 512 keeps cold starts of a ~430 KB bundle short. */
  memorySize?: number;
  /** HTTP API integrations time out at 30 s; 10 s leaves room for DynamoDB retries without hanging clients. */
  timeout?: Duration;
  logRetention?: RetentionDays;
}

export class TuntasFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: TuntasFunctionProps) {
    // The log group is created explicitly (not by Lambda on first write) so its retention is
    // managed by the stack and it exists before the first invocation.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      // Logs are the audit trail of who changed which complaint: keep them if the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: props.handler ?? 'handler',
      description: props.description,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      // Text, not Lambda's JSON format: the handlers already write one JSON object per line
      // (functions/http/logger.ts), which Lambda's JSON mode would wrap as an escaped string.
      // Logs Insights discovers the fields of JSON that follows Lambda's text prefix.
      loggingFormat: LoggingFormat.TEXT,
      environment: {
        ...props.environment,
        // Stack traces point at the TypeScript sources, not at minified bundle lines.
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        // Local esbuild from node_modules, never Docker: synth works offline and fast.
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        // The map only needs line mappings; embedding the sources would double the asset size.
        sourcesContent: false,
        target: 'node22',
        // CommonJS output: @middy/* is ESM-only but esbuild converts it, and CJS keeps `require`
        // of any CJS dependency working without an ESM banner shim.
        format: OutputFormat.CJS,
        // Prefer packages' ESM builds: they tree-shake far better (measured on the public
        // handler: 428 KB instead of 632 KB minified, the difference being unused AWS SDK code).
        mainFields: ['module', 'main'],
        // The AWS SDK v3 is bundled, not taken from the runtime: the version the tests ran
        // against (pinned in package-lock.json) is the version that runs, lib-dynamodb and
        // client-dynamodb cannot drift apart, and esbuild drops the unused parts, so the cost is
        // about 350 KB per bundle (≈430 KB instead of ≈80 KB with the SDK external).
        bundleAwsSDK: true,
        logLevel: LogLevel.WARNING,
      },
    });
    // Where the code came from, for operators reading the template and for the infra tests.
    (this.node.defaultChild as CfnFunction).addMetadata('tuntas:entry', props.entry);
    if (props.name) (this.node.defaultChild as CfnFunction).addMetadata('tuntas:function', props.name);
  }

  /** Least-privilege table access: read, or read and write (never table management). */
  grantTable(table: ITableV2, access: TableAccess): void {
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
  }

  /**
   * Item writes only on items whose partition key matches one of the patterns (IAM's
   * dynamodb:LeadingKeys condition), e.g. UpdateItem on the %TL counter items and nothing else
   * in the table.
   */
  grantItemWrites(table: ITableV2, actions: ItemWriteAction[], partitionKeyPatterns: string[]): void {
    this.addToRolePolicy(
      new PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitionKeyPatterns } },
      }),
    );
  }
}
