// GET /openapi.json without building the document at run time: the build writes it beside the
// public function's bundle (lib/constructs/function.ts `assets`, from openApiTemplate() in
// ./openapi), so the schema-to-JSON-Schema code and the operation docs (~60 KiB) stay out of the
// bundle. The local runtime and tests build the same template from the schemas (dependencies.ts).
// The token URL is only known at deploy time: the template carries a placeholder for it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HttpResult } from './types';

/** The file name beside the bundle. */
export const OPENAPI_ASSET_FILE = 'openapi.json';
/** Stands for the OAuth2 token URL in the template; replaced with AUTH_TOKEN_URL when served. */
export const TOKEN_URL_PLACEHOLDER = 'https://token-url.tuntas.invalid/oauth2/token';
/** Where auditors get tokens when the deployment does not say (the local issuer of `npm start`). */
export const LOCAL_TOKEN_URL = 'http://localhost:3001/oauth2/token';

/** The template as the build left it beside the bundle (Lambda: /var/task/openapi.json). */
export const openApiAsset = (): string => readFileSync(join(__dirname, OPENAPI_ASSET_FILE), 'utf8');

let cached: { template: string; result: HttpResult } | undefined;

/**
 * GET /openapi.json from the template, once per process. The token URL comes from AUTH_TOKEN_URL
 * (the stack sets it to the Cognito domain's token endpoint); without it, the local issuer's.
 */
export function openApiResponse(template: string, env: Record<string, string | undefined> = process.env): HttpResult {
  if (cached?.template !== template) {
    // Inside JSON strings: the URL escaped as JSON escapes it.
    const tokenUrl = JSON.stringify(env.AUTH_TOKEN_URL || LOCAL_TOKEN_URL).slice(1, -1);
    cached = {
      template,
      result: {
        statusCode: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'public, max-age=300' },
        body: template.split(TOKEN_URL_PLACEHOLDER).join(tokenUrl),
      },
    };
  }
  return cached.result;
}
