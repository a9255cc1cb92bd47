// The Idempotency-Key header of the filing routes (POST /complaints, POST /admin/complaints).

import { validationError } from '../core/errors';

const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** The key, undefined when the request has none; a malformed one is refused (400). */
export function idempotencyKeyOf(headers: Record<string, string | undefined>): string | undefined {
  const key = headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) throw validationError([{ field: 'Idempotency-Key', message: 'must be 1-128 letters, digits or . _ : -' }]);
  return key;
}
