// The second step of the local sign-in: after a right password, an account with TOTP on must still
// type a code from its authenticator app, as Cognito's managed login asks. Between the two steps the
// issuer keeps a pending sign-in here, in memory, named by an opaque id the code page posts back.

import { randomBytes } from 'node:crypto';
import type { AuthorizeRequest } from './authorization-code';

/** Cognito's sign-in session lasts 3 minutes by default; 5 is generous enough for a person with a phone. */
export const PENDING_SIGN_IN_TTL_SECONDS = 300;
/** Wrong codes allowed before the password is asked again, so one password does not buy unlimited guesses. */
export const MAX_WRONG_CODES = 5;

interface PendingSignIn {
  userId: string;
  /** The authorization request the password step was for: the code is issued for it, not for the form's copy. */
  request: AuthorizeRequest;
  wrongCodes: number;
  expiresAt: number;
}

export class PendingSignIns {
  private readonly pending = new Map<string, PendingSignIn>();

  constructor(private readonly nowSeconds: () => number) {}

  start(userId: string, request: AuthorizeRequest): string {
    this.sweep();
    const id = randomBytes(32).toString('base64url');
    this.pending.set(id, { userId, request, wrongCodes: 0, expiresAt: this.nowSeconds() + PENDING_SIGN_IN_TTL_SECONDS });
    return id;
  }

  /** The pending sign-in, while it lasts. */
  get(id: string | null): { userId: string; request: AuthorizeRequest } | undefined {
    const entry = id === null ? undefined : this.pending.get(id);
    if (!entry || entry.expiresAt < this.nowSeconds()) return undefined;
    return { userId: entry.userId, request: entry.request };
  }

  /** Counts a wrong code; 'exhausted' when that was the last one allowed (the sign-in is then gone). */
  wrongCode(id: string): 'again' | 'exhausted' {
    const entry = this.pending.get(id);
    if (!entry || ++entry.wrongCodes >= MAX_WRONG_CODES) {
      this.pending.delete(id);
      return 'exhausted';
    }
    return 'again';
  }

  end(id: string): void {
    this.pending.delete(id);
  }

  /** Abandoned sign-ins would otherwise stay for the life of the process. */
  private sweep(): void {
    const now = this.nowSeconds();
    for (const [id, entry] of this.pending) if (entry.expiresAt < now) this.pending.delete(id);
  }
}
