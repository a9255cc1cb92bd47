import { randomBytes } from 'node:crypto';
import type { Clock, IdGenerator } from '../ports/system';

export const systemClock: Clock = { now: () => new Date() };

// Crockford base32 without I, L, O, U: easy to read aloud and to type from a printed receipt.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const randomIds: IdGenerator = {
  trackingId(prefix) {
    const bytes = randomBytes(10);
    let code = '';
    for (const byte of bytes) code += ALPHABET[byte & 31];
    return `${prefix}-${code}`;
  },
  accessToken() {
    return randomBytes(32).toString('base64url');
  },
};
