// Turns schema failures into the API's validation error, naming each field in plain English
// (zod/mini ships without messages, which keeps bundles small).

import type * as z from 'zod/mini';
import { type FieldIssue, validationError } from '../core/errors';

type Issue = z.core.$ZodIssue;

export function parseWith<T>(schema: z.ZodMiniType<T>, input: unknown, location: 'body' | 'query' | 'path'): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationError(result.error.issues.flatMap((issue) => describe(issue, location)));
}

function describe(issue: Issue, location: string): FieldIssue[] {
  const field = (path: readonly PropertyKey[]) => (path.length ? path.map(String).join('.') : location);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ field: field([...issue.path, key]), message: 'is not a known field' }));
    case 'invalid_type':
      return [
        {
          field: field(issue.path),
          message: issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`,
        },
      ];
    case 'too_small':
      return [{ field: field(issue.path), message: bound(issue.origin, 'at least', issue.minimum, issue.inclusive) }];
    case 'too_big':
      return [{ field: field(issue.path), message: bound(issue.origin, 'at most', issue.maximum, issue.inclusive) }];
    case 'invalid_value':
      return [{ field: field(issue.path), message: `must be one of ${issue.values.map(String).join(', ')}` }];
    case 'invalid_format':
      return [
        {
          field: field(issue.path),
          message: issue.message !== 'Invalid input' && issue.message ? issue.message : `must be a valid ${formatName(issue.format)}`,
        },
      ];
    case 'not_multiple_of':
      return [{ field: field(issue.path), message: `must be a multiple of ${String(issue.divisor)}` }];
    default:
      return [{ field: field(issue.path), message: 'is invalid' }];
  }
}

function bound(origin: string, word: string, limit: number | bigint, inclusive: boolean | undefined): string {
  const value = Number(limit);
  if (origin === 'string') return `must be ${word} ${value} characters long`;
  if (origin === 'array' || origin === 'set') return `must have ${word} ${value} items`;
  if (inclusive === false) return `must be ${word === 'at least' ? 'greater' : 'less'} than ${value}`;
  return `must be ${word} ${value}`;
}

function article(type: string): string {
  if (type === 'int') return 'an integer';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function formatName(format: string): string {
  return format === 'date' ? 'date (YYYY-MM-DD)' : format;
}
