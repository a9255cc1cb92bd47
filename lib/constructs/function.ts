// A Lambda function with the project's defaults baked in (modelled on Powertools' examples/app):
// the latest Node.js runtime on arm64, esbuild bundling, its own log group with a retention, its
// own role that may write only to that log group, X-Ray tracing and source maps. Handler groups
// only say what is specific to them: entry, environment, grants.

import { CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, CfnFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import * as path from 'node:path';
import { BUNDLE_ASSETS, BUNDLE_MAIN_FIELDS, BUNDLE_TARGET, bundleAssetsCommand, CREDENTIAL_FALLBACK_MODULES } from './bundling';

/**
 * Node.js 24, the newest Lambda runtime (cdk-nag's AwsSolutions-L1 and Serverless-LambdaLatestVersion
 * fail the build when a newer one ships, so upgrades are not forgotten). The handlers stay
 * Node-20-compatible for the local runtime; the bundle targets the Lambda runtime's version.
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

export const PROJECT_ROOT = path.join(__dirname, '..', '..');

export type TableAccess = 'read' | 'readWrite';

/** What the DynamoDB adapters call to read: single items, batches of keys, queries, and the checks in transactions. */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
/** What they call to write: single items (TransactWriteItems is authorized per item by these). */
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];
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
  /** Concurrency reserved for (and capping) this function; unset: the account's shared pool. */
  reservedConcurrentExecutions?: number;
}

export class TuntasFunction extends NodejsFunction {
  /** The execution role (a sibling construct: it is built before the function). */
  readonly executionRole: Role;

  constructor(scope: Construct, id: string, props: TuntasFunctionProps) {
    // The log group is created explicitly (not by Lambda on first write) so its retention is
    // managed by the stack and it exists before the first invocation.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      // Logs are the audit trail of who changed which complaint: keep them if the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Its own role instead of CDK's default with the AWS managed AWSLambdaBasicExecutionRole,
    // which allows creating and writing any log group in the account: this one may only write to
    // the function's own log group (which exists, so no logs:CreateLogGroup).
    const executionRole = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description ? `Execution role: ${props.description}` : undefined,
    });
    logGroup.grantWrite(executionRole);

    super(scope, id, {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: props.handler ?? 'handler',
      description: props.description,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      role: executionRole,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
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
        target: BUNDLE_TARGET,
        // CommonJS output: @middy/* is ESM-only but esbuild converts it, and CJS keeps `require`
        // of any CJS dependency working without an ESM banner shim.
        format: OutputFormat.CJS,
        mainFields: BUNDLE_MAIN_FIELDS,
        // The AWS SDK v3 is bundled, not taken from the runtime: the version the tests ran
        // against (pinned in package-lock.json) is the version that runs, lib-dynamodb and
        // client-dynamodb cannot drift apart, and a minified bundle loads faster than the
        // runtime's copy (B1: the public handler's require() takes 70 ms bundled, 104 ms with
        // the SDK external). Only the credential sources Lambda never uses stay out.
        bundleAwsSDK: true,
        externalModules: CREDENTIAL_FALLBACK_MODULES,
        logLevel: LogLevel.WARNING,
        // Files generated beside the bundle (BUNDLE_ASSETS), written once esbuild is done.
        ...(props.name &&
          BUNDLE_ASSETS[props.name] && {
            commandHooks: {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (inputDir: string, outputDir: string) => bundleAssetsCommand(props.name!, inputDir, outputDir),
            },
          }),
      },
    });
    // Where the code came from, for operators reading the template and for the infra tests.
    (this.node.defaultChild as CfnFunction).addMetadata('tuntas:entry', props.entry);
    if (props.name) (this.node.defaultChild as CfnFunction).addMetadata('tuntas:function', props.name);
    this.executionRole = executionRole;

    Validations.of(executionRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
        'permissions (Resource must be "*"); the statement carries no other action.',
    });
  }

  /**
   * Least-privilege table access: read, or read and write (never table management). A table with
   * global secondary indexes adds `<table>/index/*` to the statement: queries name their index
   * at run time, and every index of the table holds only that table's items.
   */
  grantTable(table: ITableV2, access: TableAccess, hasIndexes: boolean): void {
    // Explicit actions instead of CDK's grantReadData/grantReadWriteData, which add Scan,
    // BatchWriteItem and stream reads no function uses (the adapters only get, query and write
    // single items, alone or in transactions).
    this.addToRolePolicy(
      new PolicyStatement({
        actions: access === 'read' ? TABLE_READ_ACTIONS : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
        resources: hasIndexes ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn],
      }),
    );
    if (hasIndexes) {
      this.acknowledgeWildcard(
        `Resource::<${logicalIdOf(table)}.Arn>/index/*`,
        `Queries on the ${table.node.id} table's global secondary indexes ("<table>/index/*" is how IAM names them; ` +
          'the wildcard covers only indexes of this one table, granted with the same read/write access as the table).',
      );
    }
  }

  /** Acknowledges one IAM5 finding (an exact `Action::` or `Resource::` string) on this function's role. */
  acknowledgeWildcard(finding: string, reason: string): void {
    Validations.of(this.executionRole).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
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

/** The logical id cdk-nag shows for a construct's resource, e.g. "<TablesComplaints1A2B3C4D.Arn>". */
export function logicalIdOf(construct: Construct): string {
  const element = construct.node.defaultChild as CfnElement | undefined;
  if (!element) throw new Error(`${construct.node.path} has no CloudFormation resource`);
  return Stack.of(construct).resolve(element.logicalId) as string;
}
