/** Lower case without diacritics ("Jalan Rusak di Kecamatan Béjo" and "jalan bejo" meet). */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}
