import { DomainError, type ErrorCode } from '../core/errors';
import type { HttpResult } from './types';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  MFA_REQUIRED: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  CONCURRENT_MODIFICATION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
};

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // Views depend on who asks; no shared cache may keep them.
  'cache-control': 'no-store',
};

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function errorResponse(error: DomainError): HttpResult {
  const retryAfter = error.code === 'RATE_LIMITED' ? (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds : undefined;
  return json(
    STATUS_BY_CODE[error.code],
    { error: { code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details }) } },
    retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {},
  );
}

/** A 5xx says only that it failed and how to quote it; the cause goes to the log, never the client. */
export function internalErrorResponse(correlationId: string): HttpResult {
  return json(500, {
    error: { code: 'INTERNAL', message: 'Internal error; quote the correlationId when reporting it', correlationId },
  });
}

export { DomainError };
