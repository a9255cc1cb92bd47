// S3's REST API through the SDK's own Signature V4 signer and Node's fetch, without the S3 client.
// The client (operation schemas, endpoint rules, XML protocol, checksums) is about 165 KiB of every
// bundle that touches the files bucket; the few calls this system makes need only the signer.
// Requests are built as the SDK builds them (test/unit/adapters/s3-signed-http.test.ts compares
// them, and the presigned links, with the SDK's for the same input and signing time).

import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3Target {
  bucket: string;
  region: string;
  /** Only for the local stand-in (s3rver): path-style URLs on this origin. */
  endpoint?: string;
  credentials: S3Credentials;
}

export interface S3Request {
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Statuses the caller handles itself (else anything but 2xx throws S3Error). */
  accept?: readonly number[];
}

/** A refusal from S3, with its status and error code (from the XML body when there is one). */
export class S3Error extends Error {
  override name = 'S3Error';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`S3 ${status} ${code}: ${message}`);
  }
}

const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Spelled as the SDK's presigner spells it: hoisted into the query, where names are case-sensitive. */
const PRESIGN_SHA256_HEADER = 'X-Amz-Content-Sha256';
const ATTEMPTS = 3;
const TIMEOUT_MS = 60_000;
const RETRIED_STATUSES = new Set([500, 502, 503, 504]);

/** RFC 3986 escaping as the SDK applies it to keys and query values (also ! ' ( ) *). */
export const escapeUri = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const escapeKey = (key: string) => key.split('/').map(escapeUri).join('/');

/** The request before signing, in the shape the signer takes (`@smithy/core/protocols` HttpRequest's fields). */
export interface UnsignedRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export class S3SignedHttp {
  private readonly signer: SignatureV4;
  private readonly origin: URL;
  private readonly pathStyle: boolean;

  constructor(private readonly target: S3Target) {
    // As the S3 client configures its signer: service s3, the path signed as sent (no second
    // escaping), the payload's SHA-256 in x-amz-content-sha256.
    this.signer = new SignatureV4({ service: 's3', region: target.region, credentials: target.credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: true });
    this.pathStyle = target.endpoint !== undefined;
    this.origin = new URL(target.endpoint ?? `https://${target.bucket}.s3.${target.region}.amazonaws.com`);
  }

  /** The unsigned request for `key` (path-style on the stand-in, virtual-hosted on AWS). */
  build(method: string, key: string, request: Omit<S3Request, 'accept'> = {}): UnsignedRequest {
    const port = this.origin.port ? Number(this.origin.port) : undefined;
    const host = `${this.origin.hostname}${port !== undefined ? `:${port}` : ''}`;
    const path = `${this.pathStyle ? `/${this.target.bucket}` : ''}/${escapeKey(key)}`;
    return {
      method,
      protocol: this.origin.protocol,
      hostname: this.origin.hostname,
      ...(port !== undefined && { port }),
      path,
      query: { ...request.query },
      headers: { host, ...lowerCased(request.headers ?? {}) },
      ...(request.body && { body: request.body }),
    };
  }

  /** The x-amz-copy-source of an object of this bucket (URL-encoded, as S3 asks). */
  copySource(key: string): string {
    return `${this.target.bucket}/${escapeKey(key)}`;
  }

  /** A link anyone can use until it expires, as the SDK's presigner makes it. */
  async presign(
    method: string,
    key: string,
    options: { query?: Record<string, string>; headers?: Record<string, string>; expiresIn: number; signableHeaders?: Set<string>; signingDate?: Date },
  ): Promise<string> {
    const request = this.build(method, key, { ...(options.query && { query: options.query }), ...(options.headers && { headers: options.headers }) });
    request.headers[PRESIGN_SHA256_HEADER] = UNSIGNED_PAYLOAD;
    const signed = await this.signer.presign(request as never, {
      expiresIn: options.expiresIn,
      // The SDK's presigner leaves Content-Type unsigned unless asked to sign it.
      unsignableHeaders: new Set(['content-type']),
      unhoistableHeaders: new Set(),
      ...(options.signableHeaders && { signableHeaders: options.signableHeaders }),
      ...(options.signingDate && { signingDate: options.signingDate }),
    });
    return urlOf(signed as unknown as UnsignedRequest);
  }

  /** The request signed as the S3 client signs it (for sending, and for the parity test). */
  async sign(request: UnsignedRequest, signingDate?: Date): Promise<UnsignedRequest> {
    return (await this.signer.sign(request as never, signingDate ? { signingDate } : {})) as unknown as UnsignedRequest;
  }

  /** Sends a signed request; retries network failures and 5xx (every call made here is idempotent). */
  async send(method: string, key: string, request: S3Request = {}): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        const signed = await this.sign(this.build(method, key, request));
        // fetch sets Host and Content-Length itself (the same values as signed).
        const { host: _host, ...headers } = signed.headers;
        response = await fetch(urlOf(signed), {
          method,
          headers,
          ...(request.body && { body: request.body }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        if (attempt >= ATTEMPTS) throw error;
        await backoff(attempt);
        continue;
      }
      if (response.ok || request.accept?.includes(response.status)) return response;
      if (RETRIED_STATUSES.has(response.status) && attempt < ATTEMPTS) {
        await response.arrayBuffer().catch(() => undefined);
        await backoff(attempt);
        continue;
      }
      throw await s3Error(response);
    }
  }
}

/** The error S3 put in a body (some calls answer 200 with an <Error> document), else undefined. */
export function errorIn(status: number, xml: string): S3Error | undefined {
  if (!/<Error>/.test(xml)) return undefined;
  return new S3Error(status, xmlValue(xml, 'Code') ?? 'Unknown', xmlValue(xml, 'Message') ?? '');
}

async function s3Error(response: Response): Promise<S3Error> {
  const text = await response.text().catch(() => '');
  return errorIn(response.status, text) ?? new S3Error(response.status, response.statusText || 'Error', text.slice(0, 200));
}

const ENTITIES: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&apos;': "'" };

/** The text of the first <name> element (S3's answers are flat enough for this). */
export function xmlValue(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return match?.[1]?.replace(/&(quot|amp|lt|gt|apos);/g, (entity) => ENTITIES[entity]!);
}

export const xmlEscape = (value: string) => value.replace(/[&<>"']/g, (c) => Object.entries(ENTITIES).find(([, v]) => v === c)![0]);

function urlOf(request: UnsignedRequest): string {
  const query = Object.entries(request.query)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${escapeUri(name)}=${escapeUri(value)}`)
    .join('&');
  const port = request.port !== undefined ? `:${request.port}` : '';
  return `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ''}`;
}

const lowerCased = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt * (0.5 + Math.random() / 2)));
