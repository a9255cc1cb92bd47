// Time and randomness are ports so the core stays deterministic under test.

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new public tracking ID, e.g. "BLR-7K3M9Q2X4T". */
  trackingId(prefix: string): string;
  /** A new secret for the reporter: high entropy, URL-safe. */
  accessToken(): string;
}
