// The CDK app: `cdk synth -c config=config/<region>.json` (default config/blora.json).
// The region config is validated before any construct is built; an invalid file stops synth with
// a message naming each bad field, and a non-zero exit.
// cdk-nag (AwsSolutions and Serverless packs) checks every synth and deploy: a finding that is
// neither fixed nor acknowledged with a reason stops it (cdk.json's
// @aws-cdk/core:strictCfnValidateErrors turns warnings into failures too).

import { App } from 'aws-cdk-lib';
import * as path from 'node:path';
import { ConfigError, DEFAULT_CONFIG_PATH, loadRegionConfig } from '../lib/config';
import { stackIdFor } from '../lib/constructs/naming';
import { addNagChecks } from '../lib/constructs/nag';
import { optionsFromContext, TuntasStack } from '../lib/stack';

function main(): void {
  const app = new App();
  const configPath = path.resolve(String(app.node.tryGetContext('config') ?? DEFAULT_CONFIG_PATH));
  const config = loadRegionConfig(configPath);
  const options = optionsFromContext(app);

  // -c stage=uji: a second copy side by side in the same account and AWS region.
  const stage = app.node.tryGetContext('stage') as string | undefined;
  new TuntasStack(app, stackIdFor(config.regionName, stage || undefined), {
    config,
    options,
    env: {
      // Jakarta by default: data stays in Indonesia (PP 71/2019).
      region: config.awsRegion,
      // Undefined offline: the template is then account-agnostic, which synth does not need.
      account: process.env.CDK_DEFAULT_ACCOUNT || undefined,
    },
  });
  addNagChecks(app, { writeAcknowledgementsToTemplate: true });
  app.synth();
}

try {
  main();
} catch (error) {
  if (error instanceof ConfigError) {
    // The message already lists every invalid field; a stack trace would only bury it.
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
