// Page cursors are DynamoDB's LastEvaluatedKey, base64url-encoded. A cursor from the client is
// untrusted: it must decode to exactly the key attributes of the index being queried, with the
// same partition value, or the request is rejected as a validation error (never a 500).

import { validationError } from '../../core/errors';

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  if (!key) return undefined;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | undefined,
  expected: { attributes: readonly string[]; partition: { name: string; value: string } },
): Record<string, string> | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => validationError([{ field: 'cursor', message: 'is not a cursor returned by this listing' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const entries = Object.entries(parsed as Record<string, unknown>);
  const names = entries.map(([name]) => name).sort();
  const wanted = [...expected.attributes].sort();
  if (names.length !== wanted.length || names.some((name, i) => name !== wanted[i])) throw invalid();
  if (entries.some(([, value]) => typeof value !== 'string' || value.length === 0 || value.length > 1024)) throw invalid();
  const key = parsed as Record<string, string>;
  if (key[expected.partition.name] !== expected.partition.value) throw invalid();
  return key;
}
