// How every function's code is bundled (esbuild through CDK's NodejsFunction), in one place so the
// B1 benchmark bundles exactly what the stack deploys.

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
