// The readiness check: says in plain words what a region still has to do.
//   npm run doctor                                   the local system (npm start must be running)
//   npm run doctor -- --aws [-c config=…] [-c stage=…] [--region R]   the deployed stack
// Exit code 0 when nothing is missing, 1 otherwise (usable in a go-live script).

import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import * as path from 'node:path';
import { createDynamoDbClient, toDocumentClient } from '../functions/adapters/dynamodb/client';
import { DynamoAgencyRepository } from '../functions/adapters/dynamodb/agency-repository';
import { calendarFor } from '../functions/core/calendar';
import { ConfigError, DEFAULT_CONFIG_PATH, loadRegionConfig, toRegionSettings } from '../lib/config';
import { stackIdFor } from '../lib/constructs/naming';
import { checkDeployedStack, checkLocal, formatFindings } from '../lib/doctor/checks';
import { readRuntimeInfo, runtimeFilePath } from '../lib/local/runtime-file';

function parseArgs(argv: string[]) {
  const args = { aws: false, context: {} as Record<string, string>, region: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--aws') args.aws = true;
    else if (arg === '--region') args.region = argv[++i];
    else if (arg === '-c' || arg === '--context') {
      const [key, ...value] = (argv[++i] ?? '').split('=');
      args.context[key!] = value.join('=');
    } else throw new ConfigError(`Unknown argument ${arg}. Usage: npm run doctor -- [--aws [-c config=config/<region>.json] [-c stage=<stage>] [--region R]]`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadRegionConfig(path.resolve(args.context.config ?? DEFAULT_CONFIG_PATH));
  const calendar = calendarFor(toRegionSettings(config));
  const now = new Date();
  if (args.aws) {
    const region = args.region ?? config.awsRegion;
    const stackName = stackIdFor(config.regionName, args.context.stage || undefined);
    const documents = toDocumentClient(createDynamoDbClient({ region }));
    console.log(`Readiness of stack ${stackName} (${region}):\n`);
    const findings = await checkDeployedStack(
      {
        cloudformation: new CloudFormationClient({ region }),
        sesv2: new SESv2Client({ region }),
        sns: new SNSClient({ region }),
        scheduler: new SchedulerClient({ region }),
        agencies: (table) => new DynamoAgencyRepository(documents, table),
      },
      { stackName, calendar, now },
    );
    console.log(formatFindings(findings));
    return findings.every((f) => f.ok) ? 0 : 1;
  }
  const runtime = readRuntimeInfo();
  if (!runtime?.env?.AGENCIES_TABLE) {
    console.error(`The local system is not running (no runtime file at ${runtimeFilePath()}). Start it with npm start, or check a deployed stack with --aws.`);
    return 1;
  }
  console.log(`Readiness of the local system (${runtime.apiUrl}):\n`);
  const documents = toDocumentClient(createDynamoDbClient({ endpoint: runtime.dynamodbEndpoint }));
  const findings = await checkLocal({ agencies: new DynamoAgencyRepository(documents, runtime.env.AGENCIES_TABLE), sesUrl: runtime.sesUrl, calendar, now });
  console.log(formatFindings(findings));
  return findings.every((f) => f.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
