// API errors as the citizen reads them: each code and field becomes a sentence of the catalogue.
import type { Messages } from '../i18n/id';

export interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

export interface FieldError {
  /** The form field's id, or '' for a message about the whole form. */
  field: string;
  message: string;
}

/** The form field a server field path names ("reporter.email" → "email"). */
const FIELD_OF: Record<string, string> = {
  classification: 'classification',
  title: 'title',
  description: 'description',
  category: 'category',
  incidentDate: 'incidentDate',
  'location.address': 'address',
  'reporter.name': 'name',
  'reporter.email': 'email',
  'reporter.phone': 'phone',
  message: 'message',
  rating: 'rating',
};

export function fieldErrorsOf(body: ApiErrorBody | undefined, status: number, t: Messages): FieldError[] {
  const code = body?.error?.code;
  const details = body?.error?.details;
  if (code === 'VALIDATION_FAILED' && Array.isArray(details)) {
    return details.map((d: { field?: string }) => {
      const field = FIELD_OF[d.field ?? ''] ?? '';
      return { field, message: (t.fieldErrors as Record<string, string>)[field] ?? t.errors.VALIDATION_FAILED };
    });
  }
  const known = code && (t.errors as Record<string, string>)[code];
  return [{ field: '', message: known || (status >= 500 ? t.errors.INTERNAL : t.errors.UNKNOWN) }];
}

export const networkError = (t: Messages): FieldError[] => [{ field: '', message: t.errors.NETWORK }];
