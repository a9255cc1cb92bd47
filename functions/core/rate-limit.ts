// Per-client rate limits in fixed windows. Pure: which window a request falls in and the refusal;
// the count itself is kept by the store, inside the write it guards (see CommitOptions.rateLimit).

import { DomainError } from './errors';

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** One request of `client` under `scope`'s limit, to be counted in the write it admits. */
export interface RateLimitClaim {
  scope: string;
  client: string;
  limit: RateLimit;
  now: Date;
}

/** The fixed window `claim.now` falls in (epoch milliseconds). */
export function rateLimitWindow(claim: RateLimitClaim): { start: number; end: number } {
  const windowMs = claim.limit.windowSeconds * 1000;
  const start = Math.floor(claim.now.getTime() / windowMs) * windowMs;
  return { start, end: start + windowMs };
}

/** The refusal once the window's limit is reached, telling the client when to come back. */
export function rateLimited(claim: RateLimitClaim): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((rateLimitWindow(claim).end - claim.now.getTime()) / 1000));
  const { limit, windowSeconds } = claim.limit;
  return new DomainError('RATE_LIMITED', `Too many requests: at most ${limit} per ${windowSeconds} seconds from one client`, { retryAfterSeconds });
}
