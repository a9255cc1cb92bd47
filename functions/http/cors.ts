// CORS headers derived from the OpenAPI document, so the browser may send and read exactly the
// headers the API declares (the stack's preflight and the local runtime's use this one list).

import type { OpenApiDocument } from './openapi';

export interface CorsHeaders {
  /** Request headers a browser may send: every header parameter, the bearer token, the JSON body's type. */
  allowHeaders: string[];
  /** Response headers a browser script may read: every response header the document declares. */
  exposeHeaders: string[];
}

export function corsHeadersOf(doc: OpenApiDocument): CorsHeaders {
  const allow = new Set<string>(['Authorization', 'Content-Type']);
  const expose = new Set<string>();
  const components = doc.components as unknown as Record<string, Record<string, unknown>>;
  const addParameter = (p: unknown) => {
    const param = p as { in?: string; name?: string };
    if (param.in === 'header' && param.name) allow.add(param.name);
  };
  const addHeaders = (r: unknown) => {
    for (const name of Object.keys((r as { headers?: object }).headers ?? {})) expose.add(name);
  };
  Object.values(components.parameters ?? {}).forEach(addParameter);
  for (const scheme of Object.values(components.securitySchemes ?? {})) addParameter(scheme);
  Object.values(components.responses ?? {}).forEach(addHeaders);
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item as Record<string, { parameters?: unknown[]; responses?: Record<string, unknown> }>)) {
      (operation.parameters ?? []).forEach(addParameter);
      Object.values(operation.responses ?? {}).forEach(addHeaders);
    }
  }
  return { allowHeaders: [...allow].sort(), exposeHeaders: [...expose].sort() };
}
