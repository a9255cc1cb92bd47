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
