// Import this first in entry points run by tsx (bin/local.ts). tsx runs this package's .ts files as
// CommonJS, and @middy/* 7 is ESM-only with an exports map offering only an "import" condition, so
// require('@middy/core') fails to *resolve* (ERR_PACKAGE_PATH_NOT_EXPORTED) even though Node 20.19+
// could load it. Resolving the bare name to the package's index.js is what jest.config.js's
// moduleNameMapper does for the tests; this does the same for the local runtime. (Node's global
// --conditions=import is no alternative: it breaks CommonJS packages such as express's router.)

import Module from 'node:module';
import { resolve } from 'node:path';

const ESM_ONLY = /^@middy\/([a-z-]+)$/;
const NODE_MODULES = resolve(__dirname, '..', '..', 'node_modules');

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename; __tuntasEsmInterop?: boolean };

if (!moduleInternals.__tuntasEsmInterop) {
  moduleInternals.__tuntasEsmInterop = true;
  const original = moduleInternals._resolveFilename;
  moduleInternals._resolveFilename = function resolveFilename(request, parent, isMain, options) {
    const match = ESM_ONLY.exec(request);
    if (match) return resolve(NODE_MODULES, '@middy', match[1], 'index.js');
    return original.call(this, request, parent, isMain, options);
  };
}
