import { DomainError, type ErrorCode } from '../core/errors';
import type { HttpResult } from './types';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  CONCURRENT_MODIFICATION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
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
  return json(STATUS_BY_CODE[error.code], {
    error: { code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details }) },
  });
}

/** A 5xx says only that it failed and how to quote it; the cause goes to the log, never the client. */
export function internalErrorResponse(requestId: string): HttpResult {
  return json(500, { error: { code: 'INTERNAL', message: 'Internal error; quote the requestId when reporting it', requestId } });
}

export function statusOf(error: DomainError): number {
  return STATUS_BY_CODE[error.code];
}

export { DomainError };
