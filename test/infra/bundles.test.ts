// Each function's bundle holds the SDK clients its handler uses and no other: the S3 adapter
// (signer + fetch; the SDK's S3 client in none) only where the stack grants the files bucket, SES only where it may send email, Powertools
// idempotency only where it may write the request-guards table, and no bundle carries the SDK's
// non-environment credential sources (lib/constructs/bundling.ts). Bundled as the stack bundles.

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stackBundleOptions } from '../../bench/b1-cold-start';
import { buildOpenApiDocument } from '../../functions/http/openapi';
import { OPENAPI_ASSET_FILE, TOKEN_URL_PLACEHOLDER } from '../../functions/http/openapi-asset';
import { bundleAssetsCommand, CREDENTIAL_FALLBACK_MODULES } from '../../lib/constructs/bundling';
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

describe('the public function\'s OpenAPI document', () => {
  let dir: string;
  let metafileInputs: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tuntas-openapi-'));
    const result = await build({ ...stackBundleOptions(), entryPoints: [resolve(REPO_ROOT, 'functions/handlers/public.ts')], outfile: join(dir, 'index.js'), metafile: true });
    metafileInputs = Object.values(result.metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    // What the stack's afterBundling hook runs.
    for (const command of bundleAssetsCommand('public', REPO_ROOT, dir)) {
      const hook = spawnSync('bash', ['-c', command], { encoding: 'utf8', timeout: 60_000 });
      expect(hook.status).toBe(0);
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is built at build time: the bundle holds no document generator, the file beside it is the document', () => {
    expect(metafileInputs.filter((input) => /functions\/http\/(openapi|response-schemas)\.ts$|zod\/v4\/core\/to-json-schema/.test(input))).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, OPENAPI_ASSET_FILE), 'utf8'))).toEqual(buildOpenApiDocument({ tokenUrl: TOKEN_URL_PLACEHOLDER }));
  });

  it('is what GET /openapi.json answers from the bundle, with the deployment\'s token URL', () => {
    const tokenUrl = 'https://tuntas-blora.auth.ap-southeast-3.amazoncognito.com/oauth2/token';
    const event = { version: '2.0', routeKey: 'GET /openapi.json', rawPath: '/openapi.json', rawQueryString: '', headers: {}, requestContext: { http: { method: 'GET', path: '/openapi.json', sourceIp: '203.0.113.7' }, requestId: 'r1', routeKey: 'GET /openapi.json' }, isBase64Encoded: false };
    const script = `require(${JSON.stringify(join(dir, 'index.js'))}).handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => 10000 }).then((r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); }, (e) => { console.error(e); process.exit(1); });`;
    const result = spawnSync(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, AUTH_TOKEN_URL: tokenUrl, COMPLAINTS_TABLE: 'c', AGENCIES_TABLE: 'a', AWS_REGION: 'ap-southeast-3', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(0);
    const answer = JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('{"statusCode"'))) as { statusCode: number; body: string };
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual(buildOpenApiDocument({ tokenUrl }));
  });
});
