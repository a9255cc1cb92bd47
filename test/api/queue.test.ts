// The coordinator's queue over HTTP: filters, search by tracking ID or title words, sort, and
// cursor paging that neither skips nor repeats a complaint when filters thin the pages.

import { randomBytes } from 'node:crypto';
import { loadRegionConfig } from '../../lib/config';
import { buildDependencies, type Dependencies } from '../../functions/handlers/dependencies';
import type { Actor } from '../../functions/core/model';
import { apiClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/local-system';

let system: TestSystem;
let call: ReturnType<typeof apiClient>;
let admin: string;
let deps: Dependencies;
const coordinator: Actor = { role: 'admin', userId: 'antrian' };
/** A word only this run's complaints carry, so other files' complaints never match. */
const tag = `uji${randomBytes(3).toString('hex')}`;
const ids: Record<string, string> = {};

beforeAll(async () => {
  system = await startTestSystem({ config: loadRegionConfig('config/blora.json') });
  call = apiClient(system.apiUrl);
  admin = await system.tokenFor('admin');
  deps = buildDependencies(system.env);
  const past = buildDependencies(system.env, { clock: { now: () => new Date(Date.now() - 10 * 86_400_000) } });
  const file = async (name: string, input: Record<string, unknown>, via = deps) => {
    const { change } = await via.service.submit({ classification: 'PENGADUAN', description: 'Keterangan laporan untuk uji antrian.', ...input } as never);
    ids[name] = change.complaint.trackingId;
  };
  await file('oldRoad', { title: `Jalan Rusak ${tag} di Cepu`, category: 'infrastruktur' }, past);
  await file('lamp', { title: `Lampu padam ${tag} di Blora`, category: 'Perhubungan', classification: 'ASPIRASI' });
  await file('road', { title: `Jalan rusak ${tag} di Kedungtuban`, category: 'infrastruktur' });
  await file('water', { title: `Air PDAM mati ${tag}`, category: 'pelayanan-publik' });
  await deps.service.verify(ids.water!, { action: 'DISPOSITION', agencyIds: ['dpupr'] }, coordinator);
}, 60_000);
afterAll(() => system?.stop());

const list = async (query: string) => {
  const res = await call('GET', `/admin/complaints?${query}`, { token: admin });
  expect(res.status).toBe(200);
  return res.body as { items: { trackingId: string }[]; nextCursor: string | null };
};
const idsOf = (body: { items: { trackingId: string }[] }) => body.items.map((i) => i.trackingId);

test('title words, case and diacritics ignored; every word must match', async () => {
  expect(idsOf(await list(`q=${encodeURIComponent(`jalan RUSAK ${tag}`)}&limit=100`)).sort()).toEqual([ids.oldRoad, ids.road].sort());
  expect(idsOf(await list(`q=${encodeURIComponent(`jálan ${tag} cepu`)}`))).toEqual([ids.oldRoad]);
});

test('a tracking ID in the search box finds that complaint, in any case', async () => {
  expect(idsOf(await list(`q=${ids.lamp!.toLowerCase()}`))).toEqual([ids.lamp]);
  expect(idsOf(await list(`q=${ids.lamp}&classification=PENGADUAN`))).toEqual([]);
});

test('classification, category, agency, overdue verification, status and date range', async () => {
  expect(idsOf(await list(`q=${tag}&classification=ASPIRASI&limit=100`))).toEqual([ids.lamp]);
  expect(idsOf(await list(`q=${tag}&category=infrastruktur&limit=100`)).sort()).toEqual([ids.oldRoad, ids.road].sort());
  expect(idsOf(await list(`q=${tag}&agencyId=dpupr&limit=100`))).toEqual([ids.water]);
  // Ten days old and never verified: past the 3-working-day deadline.
  expect(idsOf(await list(`q=${tag}&overdue=true&limit=100`))).toEqual([ids.oldRoad]);
  // Each item says so too, for the queue's marker.
  const marked = (await list(`q=${tag}&limit=100`)).items as Array<{ trackingId: string; verificationOverdue: boolean }>;
  expect(marked.filter((i) => i.verificationOverdue).map((i) => i.trackingId)).toEqual([ids.oldRoad]);
  expect(idsOf(await list(`q=${tag}&overdue=false&status=SUBMITTED&limit=100`)).sort()).toEqual([ids.lamp, ids.road].sort());
  // from/to are the region's calendar dates (Asia/Jakarta), not UTC ones: after 17:00 UTC they differ.
  const jakartaDate = (ms: number) => new Date(ms).toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).slice(0, 10);
  const today = jakartaDate(Date.now());
  const tenDaysAgo = jakartaDate(Date.now() - 10 * 86_400_000);
  expect(idsOf(await list(`q=${tag}&from=${tenDaysAgo}&to=${tenDaysAgo}&limit=100`))).toEqual([ids.oldRoad]);
  expect(idsOf(await list(`q=${tag}&from=${today}&limit=100`))).not.toContain(ids.oldRoad);
  const bad = await call('GET', `/admin/complaints?from=${today}&to=${tenDaysAgo}`, { token: admin });
  expect(bad.status).toBe(400);
});

test('sorted newest, oldest or by deadline; paged one by one without skipping or repeating', async () => {
  const newest = idsOf(await list(`q=${tag}&limit=100`));
  expect(newest).toHaveLength(4);
  expect(newest.at(-1)).toBe(ids.oldRoad);
  const oldest = idsOf(await list(`q=${tag}&sort=oldest&limit=100`));
  expect(oldest).toEqual([...newest].reverse());
  expect(idsOf(await list(`q=${tag}&sort=deadline&limit=100`))).toEqual(oldest);

  const paged: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await list(`q=${tag}&sort=oldest&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    paged.push(...idsOf(page));
    cursor = page.nextCursor;
  } while (cursor);
  expect(paged).toEqual(oldest);
});
