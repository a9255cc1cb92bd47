// API refusals as staff read them: the code becomes a sentence, a field path the form's own label.
// The API's English messages never reach the page.
import type { uiText } from './text';

type UiWords = (typeof uiText)['id'];

interface ErrorBody {
  error?: { code?: string; details?: unknown };
}

/** One sentence per problem; `labels` names the form's fields by the API's field paths. */
export function problemsOf(body: unknown, status: number, t: UiWords, labels: Record<string, string> = {}): string[] {
  const error = (body as ErrorBody | undefined)?.error;
  const details = error?.details;
  if (error?.code === 'VALIDATION_FAILED' && Array.isArray(details) && details.length > 0) {
    const named = details
      .map((d: { field?: string }) => labels[d.field ?? ''] ?? labels[(d.field ?? '').split('.')[0]!])
      .filter((label): label is string => Boolean(label));
    if (named.length > 0) return [...new Set(named)].map((label) => t.invalidField(label));
  }
  const known = error?.code ? t.errors[error.code] : undefined;
  return [known ?? (status >= 500 ? t.errors.INTERNAL! : t.errors.UNKNOWN!)];
}
