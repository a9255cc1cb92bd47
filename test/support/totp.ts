// The code an authenticator app shows for a TOTP secret (RFC 6238 with the parameters Cognito and the
// local issuer use: SHA1, 6 digits, 30 seconds), for tests that type it as a person would.

import { Secret, TOTP } from 'otpauth';

export function totpCode(secret: string, at: Date = new Date()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30, timestamp: at.getTime() });
}

/**
 * The secret test systems enrol the seeded coordinator with (startTestSystem), as a region's
 * first coordinator has set up TOTP before working: its sign-ins then ask for a code.
 */
export const COORDINATOR_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const COORDINATOR_LOGIN = 'koordinator';
