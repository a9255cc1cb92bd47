// Dates and sizes as Indonesians write them, in the region's time zone (never the phone's).
export function formatDate(iso: string | undefined, lang: string, timeZone: string, withTime = false): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime && { hour: '2-digit', minute: '2-digit' }),
  }).format(new Date(iso));
}

export function formatMegabytes(bytes: number, lang: string): string {
  return `${new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
}

/** %TL as reported: two decimals, the region's decimal comma ("53,13%"). */
export function formatPercent(value: number, lang: string): string {
  return `${new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value)}%`;
}

export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 }).format(value);
}

/** "Desember 2026" from "2026-12", in the language shown. */
export function formatMonth(period: string, lang: string, style: 'long' | 'short' = 'long'): string {
  const [year, month] = period.split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { month: style, year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year!, month! - 1, 15));
}

/** The current year in the region's time zone ("2026"), never the device's. */
export function currentYear(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(new Date());
}
