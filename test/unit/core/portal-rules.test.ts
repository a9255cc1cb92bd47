// What the citizen portal relies on in the core: categories from the region's list (submissions and
// the import), and emails that link reporters to their tracking page instead of asking for HTTP.

import { createCalendar } from '../../../functions/core/calendar';
import { parseCsv } from '../../support/csv';
import { escalationEligibleEmail, notificationEmail, type EmailContext } from '../../../functions/core/emails';
import { parseImportRow, readHeader, type ImportHeader } from '../../../functions/core/import-plan';
import { submitComplaint, verifyComplaint, type CommandContext } from '../../../functions/core/lifecycle';
import { DEFAULT_SETTINGS, type RegionSettings } from '../../../functions/core/settings';
import { corsHeadersOf } from '../../../functions/http/cors';
import { buildOpenApiDocument } from '../../../functions/http/openapi';
import { agency, applyChangeSet } from '../../support/fakes';
import { csvOf, type LaporCsvRow } from '../../support/lapor-csv';

const settings: RegionSettings = { ...DEFAULT_SETTINGS, categories: [{ id: 'jalan', label: 'Jalan dan jembatan' }, { id: 'air', label: 'Air bersih' }] };
const ctx: CommandContext = { now: new Date('2026-03-02T02:00:00Z'), calendar: createCalendar({ timeZone: settings.timeZone }), settings };
const identity = { trackingId: 'TNT-AAAAAAAAAA', accessTokenHash: 'h' };
const base = { classification: 'PENGADUAN' as const, title: 'Jembatan retak', description: 'Jembatan desa retak di tengah.' };

test('a submission must use one of the region\'s categories; an id or a label is stored as the id', () => {
  expect(submitComplaint({ ...base, category: 'jalan' }, identity, ctx).complaint.category).toBe('jalan');
  expect(submitComplaint({ ...base, category: 'Air Bersih' }, identity, ctx).complaint.category).toBe('air');
  expect(() => submitComplaint({ ...base, category: 'Kesehatan' }, identity, ctx)).toThrow(
    expect.objectContaining({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'category' })] }),
  );
  expect(submitComplaint(base, identity, ctx).complaint.category).toBeUndefined();
});

test('the import accepts a category id or label and refuses an unknown one with its line number', () => {
  const row = (category: string): Partial<LaporCsvRow> => ({
    tracking_id: `LPR-${category.length}${Math.floor(Math.random() * 1e6)}`,
    submitted_at: '2025-03-03T09:00:00+07:00',
    classification: 'PENGADUAN',
    title: 'Jembatan retak',
    description: 'Jembatan desa retak di tengah.',
    category,
    complaint_status: 'SUBMITTED',
  });
  const [header, ...records] = parseCsv(csvOf([row('jalan'), row('Air bersih'), row('Pertanian')]));
  const h = readHeader(header!) as { header: ImportHeader };
  const results = records.map((r) => parseImportRow(r, h.header, new Date('2026-01-01T00:00:00Z'), settings.categories));
  expect(results.slice(0, 2).map((r) => ('issues' in r ? r.issues : []))).toEqual([[], []]);
  expect(results.map((r) => ('row' in r ? r.row.complaint.category : undefined))).toEqual(['jalan', 'air', undefined]);
  const refused = results[2] as { issues: Array<{ line: number; message: string }> };
  expect(refused.issues).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('"Pertanian" is not one of the region\'s categories') })]);
});

test('every email to a reporter links to the tracking page and never asks for an HTTP request', () => {
  const email: EmailContext = { regionName: 'Kabupaten Blora', timeZone: 'Asia/Jakarta', passingGrade: 60, webUrl: 'https://lapor.blorakab.go.id' };
  let record = applyChangeSet(undefined, submitComplaint({ ...base, reporter: { email: 'sri@contoh.id' } }, identity, ctx));
  const eligible = escalationEligibleEmail({ ctx: email, to: 'sri@contoh.id', record, escalationDays: 60 });
  const verified = verifyComplaint(record, { action: 'DISPOSITION', agencies: [agency('dpupr')] }, { role: 'admin', userId: 'a' }, ctx);
  record = applyChangeSet(record, verified);
  const notification = verified.notifications!.find((n) => n.recipient.type === 'reporter')!;
  const disposed = notificationEmail({ ctx: email, notification, record, to: ['sri@contoh.id'], reopenWindowDays: 30, escalationDays: 60 });
  for (const message of [eligible, disposed]) {
    expect(message.text).toContain('https://lapor.blorakab.go.id/lacak/TNT-AAAAAAAAAA');
    expect(message.html).toContain('https://lapor.blorakab.go.id/lacak/TNT-AAAAAAAAAA');
    expect(message.text).not.toMatch(/POST|X-Access-Token|header/);
  }
});

test('CORS lets a browser send and read exactly the headers the OpenAPI document declares', () => {
  const cors = corsHeadersOf(buildOpenApiDocument());
  expect(cors.allowHeaders).toEqual(['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Access-Token', 'X-Correlation-Id']);
  expect(cors.exposeHeaders).toEqual(expect.arrayContaining(['Content-Disposition', 'Location', 'Retry-After', 'X-Correlation-Id']));
});
