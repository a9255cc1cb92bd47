// Request and response helpers the local issuer's endpoints share (the token endpoints, the sign-in
// pages and the Cognito user-API emulation).

import type { IncomingMessage, ServerResponse } from 'node:http';

export function isForm(request: IncomingMessage): boolean {
  return contentType(request) === 'application/x-www-form-urlencoded';
}

/** The media type without parameters, lowercased ("" when absent). */
export function contentType(request: IncomingMessage): string {
  return String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

export function cookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of String(request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

export async function readBody(request: IncomingMessage, limit = 64 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large for the token issuer');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Sends JSON; headers given win, so a caller can name another JSON media type. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
