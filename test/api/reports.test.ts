// Auditor reports over HTTP against the local runtime: live compliance, CSV that parses back to
// the JSON, cursor paging that visits every complaint once, privacy, the summary and history.

import { EXPORT_COLUMNS } from '../../functions/core/complaint-export';
import { parseCsv } from '../support/csv';
import { buildDependencies } from '../../functions/handlers/dependencies';
import { createHandler as createJobsHandler } from '../../functions/handlers/jobs';
import { apiClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/local-system';

let system: TestSystem;
let call: ReturnType<typeof apiClient>;
let auditor: string;
let admin: string;
const agencyTokens: Record<string, string> = {};

interface Seeded {
  trackingId: string;
  classification: string;
  category: string;
  anonymous: boolean;
  agencies: string[];
  /** What each agency did: pending, in progress, completed. */
  outcome: Record<string, 'PENDING' | 'IN_PROGRESS' | 'COMPLETED'>;
}
const seeded: Seeded[] = [];

const PLAN: Array<Omit<Seeded, 'trackingId'>> = [
  { classification: 'PENGADUAN', category: 'Infrastruktur', anonymous: false, agencies: ['dpupr'], outcome: { dpupr: 'COMPLETED' } },
  { classification: 'PENGADUAN', category: 'Infrastruktur', anonymous: true, agencies: ['dpupr'], outcome: { dpupr: 'PENDING' } },
  { classification: 'PENGADUAN', category: 'Infrastruktur', anonymous: false, agencies: ['dpupr'], outcome: { dpupr: 'PENDING' } },
  { classification: 'PENGADUAN', category: 'Infrastruktur', anonymous: false, agencies: ['dpupr'], outcome: { dpupr: 'PENDING' } },
  { classification: 'ASPIRASI', category: 'Kesehatan', anonymous: false, agencies: ['dinkes'], outcome: { dinkes: 'IN_PROGRESS' } },
  { classification: 'ASPIRASI', category: 'Kesehatan', anonymous: true, agencies: ['dinkes', 'dpupr'], outcome: { dinkes: 'COMPLETED', dpupr: 'IN_PROGRESS' } },
  { classification: 'PERMINTAAN_INFORMASI', category: 'Kependudukan', anonymous: false, agencies: ['dukcapil'], outcome: { dukcapil: 'COMPLETED' } },
  { classification: 'PERMINTAAN_INFORMASI', category: 'Kependudukan', anonymous: false, agencies: [], outcome: {} },
];

beforeAll(async () => {
  system = await startTestSystem();
  call = apiClient(system.apiUrl);
  auditor = await system.tokenFor('auditor');
  admin = await system.tokenFor('admin');
  for (const agencyId of ['dpupr', 'dinkes', 'dukcapil']) agencyTokens[agencyId] = await system.tokenFor('agency', agencyId);

  for (const [i, plan] of PLAN.entries()) {
    const submitted = await call('POST', '/complaints', {
      body: {
        classification: plan.classification,
        title: `Laporan uji nomor ${i + 1}`,
        description: i === 0 ? 'Uraian dengan "kutipan", koma, dan\nbaris baru.' : '=HYPERLINK("http://contoh") bukan rumus',
        category: plan.category,
        anonymous: plan.anonymous,
        reporter: { name: `Warga ${i + 1}`, email: `warga${i + 1}@contoh.id`, phone: `+62 811 000 00${i}` },
      },
    });
    expect(submitted.status).toBe(201);
    const trackingId = submitted.body.trackingId as string;
    seeded.push({ trackingId, ...plan });
    if (plan.agencies.length === 0) continue;
    await call('POST', `/admin/complaints/${trackingId}/verification`, { token: admin, body: { action: 'DISPOSITION', agencyIds: plan.agencies } });
    for (const [agencyId, outcome] of Object.entries(plan.outcome)) {
      if (outcome === 'PENDING') continue;
      await call('POST', `/agency/dispositions/${trackingId}/follow-ups`, {
        token: agencyTokens[agencyId],
        body: { message: 'Ditindaklanjuti', final: outcome === 'COMPLETED' },
      });
    }
  }
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

/** What %TL must be, recounted from the plan rather than read from the system. */
function expectedFor(agencyId: string) {
  const outcomes = seeded.flatMap((s) => (s.outcome[agencyId] ? [s.outcome[agencyId]] : []));
  const followedUp = outcomes.filter((o) => o !== 'PENDING').length;
  return {
    received: outcomes.length,
    pending: outcomes.filter((o) => o === 'PENDING').length,
    inProgress: outcomes.filter((o) => o === 'IN_PROGRESS').length,
    completed: outcomes.filter((o) => o === 'COMPLETED').length,
    followedUp,
    pctTL: outcomes.length ? Math.round((followedUp / outcomes.length) * 10000) / 100 : null,
  };
}

const year = () => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).slice(0, 4);

describe('GET /reports/compliance', () => {
  test('numbers equal a recount, agencies sorted by %TL ascending, no-data agencies last', async () => {
    const res = await call('GET', `/reports/compliance?period=${year()}`, { token: auditor });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ period: year(), threshold: 60 });
    const byId = Object.fromEntries(res.body.agencies.map((a: { agencyId: string }) => [a.agencyId, a]));
    for (const agencyId of ['dpupr', 'dinkes', 'dukcapil']) expect(byId[agencyId]).toMatchObject(expectedFor(agencyId));
    // dpupr: 2 of 5 followed up = 40.00 → below 60.
    expect(byId.dpupr).toMatchObject({ pctTL: 40, belowThreshold: true });
    expect(byId.dlh).toMatchObject({ received: 0, pctTL: null, belowThreshold: false });
    const rates = res.body.agencies.map((a: { pctTL: number | null }) => a.pctTL);
    const withData = rates.filter((r: number | null) => r !== null);
    expect(withData).toEqual([...withData].sort((a: number, b: number) => a - b));
    expect(rates.slice(withData.length).every((r: number | null) => r === null)).toBe(true);
    expect(res.body.region).toMatchObject({ received: 8, followedUp: 5, pctTL: 62.5 });
  });

  test('the CSV carries the same rows, plus the region', async () => {
    const [json, csv] = await Promise.all([
      call('GET', `/reports/compliance?period=${year()}`, { token: auditor }),
      call('GET', `/reports/compliance?period=${year()}&format=csv`, { token: auditor }),
    ]);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.text.startsWith('\ufeff')).toBe(true);
    const [header, ...rows] = parseCsv(csv.text).map((r) => r.fields);
    expect(header?.slice(0, 3)).toEqual(['agencyId', 'name', 'received']);
    expect(rows).toHaveLength(json.body.agencies.length + 1);
    json.body.agencies.forEach((agency: Record<string, unknown>, i: number) => {
      expect(rows[i]).toEqual(header!.map((column) => (agency[column] === null ? '' : String(agency[column]))));
    });
    expect(rows.at(-1)?.[0]).toBe('REGION');
  });

  test('only auditors and admins; a bad period names the field', async () => {
    expect((await call('GET', '/reports/compliance')).status).toBe(401);
    expect((await call('GET', '/reports/compliance', { token: agencyTokens.dpupr })).status).toBe(403);
    expect((await call('GET', '/reports/compliance', { token: admin })).status).toBe(200);
    const bad = await call('GET', '/reports/compliance?period=2026-13', { token: auditor });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('period');
  });
});

describe('GET /reports/complaints', () => {
  test('cursor paging visits every complaint exactly once, oldest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof call>> = await call(
        'GET',
        `/reports/complaints?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: auditor },
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((row: { trackingId: string }) => row.trackingId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(seeded.map((s) => s.trackingId));
  });

  test('rows hold no contact details and no anonymous identity', async () => {
    const res = await call('GET', '/reports/complaints?limit=100', { token: auditor });
    for (const [i, s] of seeded.entries()) {
      const row = res.body.items.find((r: { trackingId: string }) => r.trackingId === s.trackingId);
      expect(row.reporterName).toBe(s.anonymous ? null : `Warga ${i + 1}`);
      expect(row.agencyIds).toEqual([...s.agencies].sort());
    }
    expect(res.text).not.toMatch(/contoh\.id|\+62 811/);
    expect(Object.keys(res.body.items[0]).sort()).toEqual([...EXPORT_COLUMNS].sort());
  });

  test('the CSV parses back to the JSON rows (formula-looking text neutralised)', async () => {
    const [json, csv] = await Promise.all([
      call('GET', '/reports/complaints?limit=100', { token: auditor }),
      call('GET', '/reports/complaints?format=csv', { token: auditor }),
    ]);
    expect(csv.status).toBe(200);
    expect(csv.text.startsWith('\ufeff')).toBe(true);
    const [header, ...rows] = parseCsv(csv.text).map((r) => r.fields);
    expect(header).toEqual([...EXPORT_COLUMNS]);
    const asCsv = (row: Record<string, unknown>) =>
      header!.map((column) => {
        const value = row[column];
        if (value === null) return '';
        if (Array.isArray(value)) return value.join(';');
        if (typeof value === 'string' && /^[=+\-@]/.test(value) && ['title', 'description', 'category', 'reporterName'].includes(column)) return `'${value}`;
        return String(value);
      });
    expect(rows).toEqual(json.body.items.map(asCsv));
    expect(rows[0]?.[header!.indexOf('description')]).toBe('Uraian dengan "kutipan", koma, dan\nbaris baru.');
    expect(rows[1]?.[header!.indexOf('description')]).toMatch(/^'=HYPERLINK/);
  });

  test('filters by agency and status', async () => {
    const res = await call('GET', '/reports/complaints?agencyId=dinkes&limit=100', { token: auditor });
    expect(res.body.items.map((r: { trackingId: string }) => r.trackingId)).toEqual(
      seeded.filter((s) => s.agencies.includes('dinkes')).map((s) => s.trackingId),
    );
    const submitted = await call('GET', '/reports/complaints?status=SUBMITTED&limit=100', { token: auditor });
    expect(submitted.body.items.map((r: { trackingId: string }) => r.trackingId)).toEqual([seeded.at(-1)!.trackingId]);
  });

  test('a CSV export refuses paging parameters, and from after to is a 400', async () => {
    expect((await call('GET', '/reports/complaints?format=csv&limit=5', { token: auditor })).status).toBe(400);
    const res = await call('GET', '/reports/complaints?from=2026-02-01&to=2026-01-01', { token: auditor });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].field).toBe('to');
  });
});

test('GET /reports/summary counts complaints by status, classification and category', async () => {
  const res = await call('GET', `/reports/summary?period=${year()}`, { token: auditor });
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(seeded.length);
  const status = Object.fromEntries(res.body.byStatus.map((s: { status: string; count: number }) => [s.status, s.count]));
  expect(status).toMatchObject({ SUBMITTED: 1, DISPOSITIONED: 3, IN_PROGRESS: 2, COMPLETED: 2 });
  expect(res.body.byStatus.find((s: { status: string }) => s.status === 'SUBMITTED').label).toBe('belum terverifikasi');
  expect(res.body.byClassification).toEqual([
    { classification: 'ASPIRASI', count: 2 },
    { classification: 'PENGADUAN', count: 4 },
    { classification: 'PERMINTAAN_INFORMASI', count: 2 },
  ]);
  expect(res.body.byCategory[0]).toEqual({ category: 'infrastruktur', count: 4 });
});

test('GET /reports/compliance/{agencyId} returns the snapshots the daily job stored', async () => {
  const jobs = createJobsHandler(buildDependencies(system.env));
  await jobs({ job: 'compliance', time: new Date().toISOString() });
  const res = await call('GET', `/reports/compliance/dpupr?period=${year()}`, { token: auditor });
  expect(res.status).toBe(200);
  expect(res.body.snapshots).toHaveLength(1);
  expect(res.body.snapshots[0]).toMatchObject({ ...expectedFor('dpupr'), belowThreshold: true });
  expect((await call('GET', '/reports/compliance/tidak-ada', { token: auditor })).status).toBe(404);
});
