// What the agency console reads, over HTTP: its inbox by deadline with escalation-eligible items
// marked, and its own %TL (GET /agency/compliance), equal to /reports/compliance for the same
// periods and never carrying another agency's figures.

import { loadRegionConfig } from '../../lib/config';
import { buildDependencies } from '../../functions/handlers/dependencies';
import type { Actor } from '../../functions/core/model';
import { apiClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/local-system';

jest.setTimeout(60_000);
const DAY_MS = 86_400_000;
let system: TestSystem;
let call: ReturnType<typeof apiClient>;
let tokens: { admin: string; dpupr: string; dinkes: string };
const ids: Record<'old' | 'middle' | 'fresh' | 'other', string> = { old: '', middle: '', fresh: '', other: '' };
const coordinator: Actor = { role: 'admin', userId: 'uji-opd' };
const jakartaYear = () => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).slice(0, 4);

beforeAll(async () => {
  system = await startTestSystem({ config: loadRegionConfig('config/blora.json') });
  call = apiClient(system.apiUrl);
  tokens = { admin: await system.tokenFor('admin'), dpupr: await system.tokenFor('agency', 'dpupr'), dinkes: await system.tokenFor('agency', 'dinkes') };
  // Filed and dispositioned in the past (61 and 20 days ago), then today: three deadlines apart.
  const at = async (daysAgo: number, agencyIds: string[]) => {
    const deps = buildDependencies(system.env, { clock: { now: () => new Date(Date.now() - daysAgo * DAY_MS) } });
    const { change } = await deps.service.submit({ classification: 'PENGADUAN', title: `Uji kotak masuk ${daysAgo}`, description: 'Uraian uji.', category: 'infrastruktur' } as never);
    await deps.service.verify(change.complaint.trackingId, { action: 'DISPOSITION', agencyIds }, coordinator);
    return change.complaint.trackingId;
  };
  ids.old = await at(61, ['dpupr']);
  ids.middle = await at(20, ['dpupr']);
  ids.fresh = await at(0, ['dpupr', 'dinkes']);
  ids.other = await at(0, ['dinkes']);
  const deps = buildDependencies(system.env);
  await deps.service.followUp(ids.middle, 'dpupr', { message: 'Sudah ditangani.' }, { role: 'agency', agencyId: 'dpupr', userId: 'opd' });
}, 90_000);
afterAll(() => system?.stop());

test('the inbox sorted by deadline lists the nearest deadline first and marks overdue and escalation-eligible ones', async () => {
  const res = await call('GET', '/agency/dispositions?sort=deadline', { token: tokens.dpupr });
  expect(res.status).toBe(200);
  const items = res.body.items as Array<{ trackingId: string; deadline: string; overdue: boolean; escalationEligible: boolean }>;
  expect(items.map((i) => i.trackingId)).toEqual([ids.old, ids.middle, ids.fresh]);
  expect([...items.map((i) => i.deadline)].sort()).toEqual(items.map((i) => i.deadline));
  expect(items.map((i) => [i.overdue, i.escalationEligible])).toEqual([
    [true, true], // 61 days without follow-up: past both clocks
    [false, false], // followed up: neither
    [false, false],
  ]);
  // The default stays newest first; paging by deadline neither skips nor repeats.
  const newest = await call('GET', '/agency/dispositions', { token: tokens.dpupr });
  expect(newest.body.items.map((i: { trackingId: string }) => i.trackingId)).toEqual([ids.fresh, ids.middle, ids.old]);
  const first = await call('GET', '/agency/dispositions?sort=deadline&limit=2', { token: tokens.dpupr });
  const second = await call('GET', `/agency/dispositions?sort=deadline&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: tokens.dpupr });
  expect([...first.body.items, ...second.body.items].map((i: { trackingId: string }) => i.trackingId)).toEqual([ids.old, ids.middle, ids.fresh]);
});

test("an officer's own %TL equals /reports/compliance for the year and every month, beside the region's", async () => {
  const year = jakartaYear();
  const own = await call('GET', `/agency/compliance?year=${year}`, { token: tokens.dpupr });
  expect(own.status).toBe(200);
  expect(own.body).toMatchObject({ agencyId: 'dpupr', threshold: 60 });
  expect(own.body.year.period).toBe(year);
  for (const line of [own.body.year, ...own.body.months]) {
    const report = await call('GET', `/reports/compliance?period=${line.period}`, { token: tokens.admin });
    const row = report.body.agencies.find((a: { agencyId: string }) => a.agencyId === 'dpupr');
    const { agencyId: _a, name: _n, signInsLast30Days: _s, officersSignedInLast30Days: _o, ...numbers } = row;
    expect({ period: line.period, agency: line.agency, region: line.region }).toEqual({ period: line.period, agency: numbers, region: report.body.region });
  }
  // The months add up to the year; the one followed up 20 days ago counts in its year.
  const sum = (key: 'received' | 'followedUp') => own.body.months.reduce((n: number, m: { agency: Record<string, number> }) => n + m.agency[key]!, 0);
  expect(sum('received')).toBe(own.body.year.agency.received);
  expect(sum('followedUp')).toBe(own.body.year.agency.followedUp);
  const inThisYear = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).startsWith(year);
  expect(own.body.year.agency.received).toBe([61, 20, 0].filter(inThisYear).length);
  expect(own.body.year.agency.followedUp).toBe(inThisYear(20) ? 1 : 0);
  // The months: January up to this month, oldest first.
  const thisMonth = new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).slice(0, 7);
  expect(own.body.months.map((m: { period: string }) => m.period).at(-1)).toBe(thisMonth);
  expect(own.body.months[0].period).toBe(`${year}-01`);
});

test('agency B gets its own figures only; a year still to come is refused with the field named', async () => {
  const b = await call('GET', '/agency/compliance', { token: tokens.dinkes });
  expect(b.status).toBe(200);
  expect(b.body.agencyId).toBe('dinkes');
  expect(b.body.year.agency.received).toBe(2);
  expect(b.text).not.toContain('dpupr');
  const future = await call('GET', `/agency/compliance?year=${Number(jakartaYear()) + 1}`, { token: tokens.dpupr });
  expect(future.status).toBe(400);
  expect(future.body.error.details).toEqual([expect.objectContaining({ field: 'year' })]);
  const past = await call('GET', `/agency/compliance?year=${Number(jakartaYear()) - 1}`, { token: tokens.dpupr });
  expect(past.body.months).toHaveLength(12);
  // Coordinators and auditors read /reports/compliance instead.
  expect((await call('GET', '/agency/compliance', { token: tokens.admin })).status).toBe(403);
});
