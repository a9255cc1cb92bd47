// The CDK app entry as `cdk synth` runs it (cdk.json's command, a child process): a bad config
// fails with the field named and a non-zero exit; a good one synthesizes the region's stack in its
// AWS region, with CDK's built-in template validation on (the one test that pays for it).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT, blora, cdkJson } from './synth';

jest.setTimeout(60_000);

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'tuntas-app-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs cdk.json's "app" command the way the CLI does: context in CDK_CONTEXT_JSON, output dir in CDK_OUTDIR. */
function runApp(context: Record<string, unknown>, outdir: string) {
  const [command, ...args] = cdkJson.app.split(' ');
  return spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...context }),
      CDK_OUTDIR: outdir,
      CDK_DEFAULT_ACCOUNT: '',
    },
  });
}

it('exits non-zero naming the invalid fields of a bad config', () => {
  const bad = { ...blora(), email: { ...blora().email, sender: 'nobody' } } as Record<string, unknown>;
  delete bad.agencies;
  const file = path.join(workDir, 'bad.json');
  writeFileSync(file, JSON.stringify(bad));
  const result = runApp({ config: file }, path.join(workDir, 'out-bad'));
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain(`${file} is invalid`);
  expect(result.stderr).toContain('email.sender');
  expect(result.stderr).toContain('agencies');
  // A clear message, not a stack trace.
  expect(result.stderr).not.toMatch(/^\s+at /m);
});

it('exits non-zero for a config file that does not exist', () => {
  const result = runApp({ config: path.join(workDir, 'missing.json') }, path.join(workDir, 'out-missing'));
  expect(result.status).not.toBe(0);
  expect(result.stderr).toContain('Cannot read region config file');
});

it('synthesizes Tuntas-kabupaten-blora in ap-southeast-3 with built-in validation on', () => {
  const outdir = path.join(workDir, 'out-good');
  const result = runApp({ 'aws:cdk:bundling-stacks': [] }, outdir);
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.status).toBe(0);
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stack = manifest.artifacts['Tuntas-kabupaten-blora'];
  expect(stack.type).toBe('aws:cloudformation:stack');
  expect(stack.environment).toBe('aws://unknown-account/ap-southeast-3');
  const template = JSON.parse(readFileSync(path.join(outdir, 'Tuntas-kabupaten-blora.template.json'), 'utf8'));
  expect(template.Description).toContain('Kabupaten Blora');
  // cdk.json turns validation findings into errors (a failed synth); none may be reported at all.
  expect(cdkJson.context['@aws-cdk/core:validateAgainstDefaultRules']).toBe(true);
  const report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  const violations = (report.pluginReports as Array<{ violations?: unknown[] }>).flatMap((r) => r.violations ?? []);
  expect(violations).toEqual([]);
});
