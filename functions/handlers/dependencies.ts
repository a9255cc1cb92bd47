// Every adapter wired: what the local runtime, the CLIs and the tests build. Lambda functions do
// not import this file; each handler names its own adapters (lazyHandler in ./composition).

import { composeDependencies, type Dependencies, type DependencyOverrides, type Environment } from './composition';
import { powertoolsIdempotency } from '../adapters/powertools-idempotency';
import { s3FileStore } from '../adapters/s3-file-store';
import { sesMailer } from '../adapters/ses-mailer';
import { openApiTemplate } from '../http/openapi';

export type { Dependencies, Environment } from './composition';

export function buildDependencies(env: Environment, overrides: DependencyOverrides = {}): Dependencies {
  return composeDependencies(env, { files: s3FileStore, mailer: sesMailer, idempotency: powertoolsIdempotency, openApi: openApiTemplate }, overrides);
}
