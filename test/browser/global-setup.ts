// Jest globalSetup of the 'browser' project: builds the portal (the tests drive the built files, as
// CloudFront serves them), then starts the stand-ins as the integration project does.

import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import standInsSetup from '../support/global-setup';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  execFileSync('npm', ['run', '-s', 'web:build'], { cwd: resolve(__dirname, '..', '..'), stdio: ['ignore', 'ignore', 'inherit'] });
  process.stdout.write(`\nPortal built in ${Date.now() - started} ms\n`);
  await standInsSetup();
}
