// Domain errors carry a stable code; the http layer maps each code to a status.

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'CONFLICT'
  | 'CONCURRENT_MODIFICATION'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  /** The role needs a second factor the user has not set up (MFA_REQUIRED_ROLES). */
  | 'MFA_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'RATE_LIMITED';

export interface FieldIssue {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldIssue[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationError = (issues: FieldIssue[], message = 'Request validation failed') =>
  new DomainError('VALIDATION_FAILED', message, issues);

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);

export const invalidTransition = (message: string, details?: Record<string, unknown>) =>
  new DomainError('INVALID_TRANSITION', message, details);

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError('CONFLICT', message, details);

export const concurrentModification = () =>
  new DomainError(
    'CONCURRENT_MODIFICATION',
    'The complaint was changed by another request at the same time; reload it and try again',
  );

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
