// The API the citizen portal stands on: region info, the public list (filters, cursor paging,
// privacy) and CORS preflights answered by the local API as API Gateway answers them.

import { apiClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/local-system';

let system: TestSystem;
let call: ReturnType<typeof apiClient>;
beforeAll(async () => {
  system = await startTestSystem();
  call = apiClient(system.apiUrl);
});
afterAll(() => system?.stop());

const file = async (title: string, extra: Record<string, unknown> = {}) => {
  const res = await call('POST', '/complaints', {
    body: { classification: 'PENGADUAN', title, description: 'Uraian untuk daftar publik.', category: 'kesehatan', reporter: { name: 'Budi Santoso' }, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body.trackingId as string;
};

test('GET /region gives the forms the region name, categories and attachment limits', async () => {
  const res = await call('GET', '/region');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ regionName: 'Kabupaten Blora', trackingPrefix: 'BLR', timeZone: 'Asia/Jakarta' });
  expect(res.body.categories).toContainEqual({ id: 'kesehatan', label: 'Kesehatan' });
  expect(res.body.attachments).toEqual({ maxBytes: 10 * 1024 * 1024, maxPerComplaint: 5, contentTypes: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] });
  expect(res.body.classifications.map((c: { id: string }) => c.id).sort()).toEqual(['ASPIRASI', 'PENGADUAN', 'PERMINTAAN_INFORMASI']);
});

test('a submission with a category outside the region\'s list is 400 naming the field', async () => {
  const res = await call('POST', '/complaints', { body: { classification: 'ASPIRASI', title: 'Usulan taman', description: 'Mohon taman baca di desa.', category: 'pertanian' } });
  expect(res.status).toBe(400);
  expect(res.body.error.details).toEqual([expect.objectContaining({ field: 'category' })]);
});

test('GET /complaints: public items only, filtered, paged by cursor without losing or repeating one', async () => {
  const anonymous = await file('Antrean panjang di puskesmas', { anonymous: true });
  const confidential = await file('Pungutan liar di kelurahan', { confidential: true });
  const named: string[] = [];
  for (let i = 0; i < 5; i++) named.push(await file(`Obat kosong di apotek ${i}`, { classification: 'ASPIRASI', category: 'sosial' }));

  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await call('GET', `/complaints?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(2);
    for (const item of res.body.items) {
      expect(item).not.toHaveProperty('description');
      expect(item).not.toHaveProperty('confidential');
    }
    seen.push(...res.body.items.map((i: { trackingId: string }) => i.trackingId));
    cursor = res.body.nextCursor ?? undefined;
  } while (cursor);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen).toEqual(expect.arrayContaining([anonymous, ...named]));
  expect(seen).not.toContain(confidential);

  const all = await call('GET', '/complaints?limit=100');
  expect(all.body.items.find((i: { trackingId: string }) => i.trackingId === anonymous).reporterName).toBeUndefined();
  expect(all.body.items.find((i: { trackingId: string }) => i.trackingId === named[0]).reporterName).toBe('Budi Santoso');

  const aspirations = await call('GET', '/complaints?classification=ASPIRASI&category=sosial&limit=100');
  expect(aspirations.body.items.map((i: { trackingId: string }) => i.trackingId).sort()).toEqual([...named].sort());
  const bad = await call('GET', '/complaints?classification=KELUHAN');
  expect(bad.status).toBe(400);
});

test('the local API answers CORS preflights with the documented headers, and exposes them on answers', async () => {
  const preflight = await fetch(`${system.apiUrl}/complaints`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:3002', 'access-control-request-method': 'POST', 'access-control-request-headers': 'idempotency-key,content-type' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3002');
  expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,Idempotency-Key,X-Access-Token,X-Correlation-Id');
  const answer = await fetch(`${system.apiUrl}/region`, { headers: { origin: 'http://localhost:3002' } });
  expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:3002');
  expect(answer.headers.get('access-control-expose-headers')?.split(',')).toEqual(expect.arrayContaining(['Retry-After', 'X-Correlation-Id', 'Content-Disposition']));
});
