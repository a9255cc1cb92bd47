// The access code stays in memory for this tab (never in storage, never in a URL the server sees).
const codes = new Map<string, string>();
export const setAccessCode = (trackingId: string, code: string) => void codes.set(trackingId, code);
export const accessCodeFor = (trackingId: string) => codes.get(trackingId);

/** "#kode=…" of the private link; the fragment never reaches a server or a log. */
export function codeFromFragment(hash: string): string | undefined {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('kode');
  return value || undefined;
}
