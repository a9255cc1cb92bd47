// Each function's bundle holds the SDK clients its handler uses and no other: the S3 adapter
// (signer + fetch; the SDK's S3 client in none) only where the stack grants the files bucket, SES only where it may send email, Powertools
// idempotency only where it may write the request-guards table, and no bundle carries the SDK's
// non-environment credential sources (lib/constructs/bundling.ts). Bundled as the stack bundles.

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stackBundleOptions } from '../../bench/b1-cold-start';
import { CREDENTIAL_FALLBACK_MODULES } from '../../lib/constructs/bundling';
import { FUNCTION_ACCESS, FUNCTION_NAMES } from '../../lib/stack';
import { REQUEST_GUARDS_TABLE } from '../../lib/tables';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** The npm packages in a function's bundle, and its project files (`functions/...`). */
async function packagesIn(name: string): Promise<Set<string>> {
  const result = await build({
    ...stackBundleOptions(),
    entryPoints: [resolve(REPO_ROOT, `functions/handlers/${name}.ts`)],
    outfile: `/bundles/${name}/index.js`,
    write: false,
    metafile: true,
  });
  const packages = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? (path.startsWith('functions/') ? path : undefined);
      if (pkg && input.bytesInOutput > 0) packages.add(pkg);
    }
  }
  return packages;
}

describe.each([...FUNCTION_NAMES])('the %s function bundle', (name) => {
  const access = FUNCTION_ACCESS[name];
  let packages: Set<string>;
  beforeAll(async () => {
    packages = await packagesIn(name);
  }, 60_000);

  it('holds the DynamoDB client every function uses', () => {
    expect(packages).toContain('@aws-sdk/client-dynamodb');
    expect(packages).toContain('@aws-sdk/lib-dynamodb');
  });

  it('holds the S3 adapter exactly when the function may use the files bucket, and never the SDK\'s S3 client', () => {
    const usesFiles = Boolean(access.attachments || access.writesExports);
    expect(packages.has('functions/adapters/s3/signed-http.ts')).toBe(usesFiles);
    expect(packages.has('@aws-sdk/client-s3')).toBe(false);
    expect(packages.has('@aws-sdk/s3-request-presigner')).toBe(false);
  });

  it('holds the SES client exactly when the function may send email', () => {
    expect(packages.has('@aws-sdk/client-ses')).toBe(access.sendsEmail);
  });

  it('holds Powertools idempotency exactly when the function writes the request-guards table', () => {
    const guarded = access.tables.some(({ table, access: tableAccess }) => table === REQUEST_GUARDS_TABLE && tableAccess === 'readWrite');
    expect(packages.has('@aws-lambda-powertools/idempotency')).toBe(guarded);
  });

  it("leaves out the SDK's credential sources that Lambda never uses", () => {
    expect(CREDENTIAL_FALLBACK_MODULES.filter((module) => packages.has(module))).toEqual([]);
  });
});

describe('a bundle without the external credential sources', () => {
  let dir: string;
  let bundle: string;
  beforeAll(async () => {
    // Outside the repository, so no node_modules can supply what the bundle left out (as on Lambda).
    dir = mkdtempSync(join(tmpdir(), 'tuntas-bundle-'));
    bundle = join(dir, 'index.js');
    await build({
      ...stackBundleOptions(),
      stdin: {
        contents: `import { createDynamoDbClient } from './functions/adapters/dynamodb/client';
          createDynamoDbClient({ region: 'ap-southeast-3' }).config.credentials()
            .then((c) => console.log('resolved ' + c.accessKeyId), (e) => { console.log('failed ' + e.message); process.exitCode = 1; });`,
        resolveDir: REPO_ROOT,
        loader: 'ts',
      },
      outfile: bundle,
    });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [bundle], { env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, encoding: 'utf8', timeout: 30_000 });

  it('resolves the credentials Lambda puts in the environment', () => {
    const result = run({ AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' });
    expect(result.stdout.trim()).toBe('resolved ASIAEXAMPLE');
    expect(result.status).toBe(0);
  });

  it('without them, fails naming the credential source that is not bundled', () => {
    const result = run({ AWS_EC2_METADATA_DISABLED: 'true' });
    expect(result.stdout).toMatch(/^failed .*'@aws-sdk\/credential-provider-[a-z-]+'/);
    expect(result.status).toBe(1);
  });
});
