// How every function's code is bundled (esbuild through CDK's NodejsFunction), in one place so the
// B1 benchmark bundles exactly what the stack deploys.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPENAPI_ASSET_FILE } from '../../functions/http/openapi-asset';
import { openApiTemplate } from '../../functions/http/openapi';

/** The Lambda runtime's Node.js version (see LAMBDA_RUNTIME in ./function). */
export const BUNDLE_TARGET = 'node24';

/**
 * Prefer packages' ESM builds: they tree-shake far better (measured on the public handler: 428 KB
 * instead of 632 KB minified, the difference being unused AWS SDK code).
 */
export const BUNDLE_MAIN_FIELDS = ['module', 'main'];

/**
 * The SDK's credential sources other than environment variables, left out of every bundle (about
 * 95 KiB of each, most of it the STS/SSO clients they use). On Lambda the default chain's first
 * source, the environment, always answers: the runtime sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
 * and AWS_SESSION_TOKEN for the execution role, so the chain never reaches these. The bundle keeps
 * the chain's `import("<module>")` calls: were one reached after all, it would load from
 * node_modules where there is one, or fail with an error naming the module.
 */
export const CREDENTIAL_FALLBACK_MODULES = [
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
  '@smithy/credential-provider-imds',
];

/**
 * Files the build writes beside a function's bundle (function name → file name → contents,
 * generated when the bundle is built): the public function's OpenAPI document, served from there
 * (functions/http/openapi-asset.ts) instead of being built from the schemas in the function.
 */
export const BUNDLE_ASSETS: Readonly<Record<string, Readonly<Record<string, () => string>>>> = {
  public: { [OPENAPI_ASSET_FILE]: openApiTemplate },
};

/** Writes a function's BUNDLE_ASSETS into its bundle's folder (bin/bundle-assets.ts, B1). */
export function writeBundleAssets(name: string, outputDir: string): void {
  for (const [file, contents] of Object.entries(BUNDLE_ASSETS[name] ?? {})) writeFileSync(join(outputDir, file), contents());
}

/**
 * The shell command NodejsFunction runs after esbuild to write them (its afterBundling hook): the
 * project's tsx running bin/bundle-assets.ts, so nothing is generated until a bundle is built.
 */
export function bundleAssetsCommand(name: string, inputDir: string, outputDir: string): string[] {
  if (!BUNDLE_ASSETS[name]) return [];
  const quote = (value: string) => `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
  return [[join(inputDir, 'node_modules', '.bin', 'tsx'), join(inputDir, 'bin', 'bundle-assets.ts'), name, outputDir].map(quote).join(' ')];
}
