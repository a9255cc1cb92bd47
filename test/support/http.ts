// A small HTTP client for API tests: JSON in, parsed JSON (or text) out, with the headers a
// staff member (bearer token) or a reporter (X-Access-Token) sends.

export interface CallOptions {
  token?: string;
  accessToken?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  redirect?: RequestInit['redirect'];
}

export interface CallResult {
  status: number;
  // Tests read arbitrary response shapes.
  body: any;
  text: string;
  headers: Headers;
}

export function apiClient(baseUrl: string) {
  return async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      redirect: options.redirect ?? 'manual',
      headers: {
        ...(options.body !== undefined || options.rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token && { authorization: `Bearer ${options.token}` }),
        ...(options.accessToken && { 'x-access-token': options.accessToken }),
        ...options.headers,
      },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
      ...(options.rawBody !== undefined && { body: options.rawBody }),
    });
    // Decoded by hand: fetch's text() would silently drop a byte order mark that tests check for.
    const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
    const isJson = (response.headers.get('content-type') ?? '').includes('json');
    return { status: response.status, body: isJson && text ? JSON.parse(text) : undefined, text, headers: response.headers };
  };
}
