// What the public and auditors must not read even when the reporter typed it into the report
// itself: NIK (16-digit population number), phone numbers and email addresses are masked, and a
// location is coarsened to about a kilometre. Staff and the reporter see the original.

import type { Location } from './model';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** 16 digits, written straight or in groups ("3374 0123 4567 0001", "3374.0123.4567.0001"). */
const NIK = /(?<![\d])\d(?:[ .-]?\d){15}(?![\d])/g;
/** Indonesian numbers: +62 / 62 / 0 then 8–13 more digits, with spaces, dots, dashes or brackets. */
const PHONE = /(?<![\w+])(?:\+62|62|0)[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d){5,11}(?![\d])/g;

export const MASKS = { nik: '[NIK disamarkan]', phone: '[nomor telepon disamarkan]', email: '[email disamarkan]' } as const;

export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, MASKS.email)
    .replace(NIK, MASKS.nik)
    .replace(PHONE, (match) => {
      const digits = match.replace(/\D/g, '').length;
      return digits >= 9 && digits <= 15 ? MASKS.phone : match;
    });
}

/**
 * Two decimals of a degree: about 1.1 km, enough to see the area, not to find a house. The free-text
 * address (street and house number) stays with staff.
 */
export function coarseLocation(location: Location): Location | undefined {
  const round = (v: number) => Math.round(v * 100) / 100 + 0;
  if (location.lat === undefined || location.lon === undefined) return undefined;
  return { lat: round(location.lat), lon: round(location.lon) };
}
