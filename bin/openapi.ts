// Writes the OpenAPI document to a file: the web's API types are generated from it
// (`npm run web:build`), so a route changed on the server breaks the web's build.
//   tsx bin/openapi.ts [out.json]      default web/src/api/openapi.json

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildOpenApiDocument } from '../functions/http/openapi';

const out = resolve(process.argv[2] ?? 'web/src/api/openapi.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
console.log(`OpenAPI document written to ${out}`);
