// The report being written, its checks on the device, and the body the API takes.
import type { SubmitBody } from '../../api/client';
import type { FieldError } from '../../api/errors';
import type { Messages } from '../../i18n';
import type { PreparedFile } from '../../ui/files';

export interface Draft {
  classification: '' | SubmitBody['classification'];
  title: string;
  description: string;
  category: string;
  incidentDate: string;
  kecamatan: string;
  desa: string;
  address: string;
  coords?: { lat: number; lon: number };
  anonymous: boolean;
  confidential: boolean;
  name: string;
  email: string;
  phone: string;
  emailUpdates: boolean;
  files: PreparedFile[];
}

export const emptyDraft = (): Draft => ({
  classification: '',
  title: '',
  description: '',
  category: '',
  incidentDate: '',
  kecamatan: '',
  desa: '',
  address: '',
  anonymous: false,
  confidential: false,
  name: '',
  email: '',
  phone: '',
  emailUpdates: true,
  files: [],
});

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The checks a citizen can fix before sending; the server checks again (and its errors are shown the same way). */
export function checkDraft(d: Draft, t: Messages, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const need = (ok: boolean, field: string) => ok || errors.push({ field, message: t.fieldErrors[field]! });
  need(d.classification !== '', 'classification');
  const title = d.title.trim().length;
  need(title >= 5 && title <= TITLE_MAX, 'title');
  const description = d.description.trim().length;
  need(description >= 10 && description <= DESCRIPTION_MAX, 'description');
  need(d.category !== '', 'category');
  need(d.incidentDate === '' || d.incidentDate <= today, 'incidentDate');
  need(d.address.length <= 500, 'address');
  need(d.name.length <= 100, 'name');
  need(d.email.trim() === '' || EMAIL.test(d.email.trim()), 'email');
  return errors;
}

export function toSubmitBody(d: Draft): SubmitBody {
  const address = [d.address.trim(), d.desa, d.kecamatan && `Kec. ${d.kecamatan}`].filter(Boolean).join(', ');
  const reporter = {
    ...(d.name.trim() && { name: d.name.trim() }),
    ...(d.email.trim() && { email: d.email.trim() }),
    ...(d.phone.trim() && { phone: d.phone.trim() }),
  };
  return {
    classification: d.classification as SubmitBody['classification'],
    title: d.title.trim(),
    description: d.description.trim(),
    category: d.category,
    ...(d.incidentDate && { incidentDate: d.incidentDate }),
    ...((address || d.coords) && { location: { ...(address && { address }), ...d.coords } }),
    anonymous: d.anonymous,
    confidential: d.confidential,
    emailUpdates: d.emailUpdates,
    ...(Object.keys(reporter).length > 0 && { reporter }),
  };
}

export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
