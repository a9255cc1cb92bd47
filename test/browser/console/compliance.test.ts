// The compliance dashboard through its pages: the table and chart equal GET /reports/compliance
// for the year and for a month, the trend from the snapshots, both CSV downloads (the large export
// through its storage link too), the auditor's access and an officer's not-found.

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { COMPLIANCE_COLUMNS } from '../../../functions/core/compliance-csv';
import { EXPORT_COLUMNS } from '../../../functions/core/complaint-export';
import { buildDependencies, type Dependencies } from '../../../functions/handlers/dependencies';
import { apiCall, checkPage, DESKTOP, signInAt, startHarness, type Harness } from '../browser';

jest.setTimeout(180_000);
let h: Harness;
let admin: string;
/** Every handler group's dependencies, so a test can lower the inline CSV limit. */
const created: Dependencies[] = [];
const jakarta = () => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' });
const year = () => jakarta().slice(0, 4);

beforeAll(async () => {
  h = await startHarness({
    buildDependencies: (env, provided) => {
      const deps = buildDependencies(env, provided);
      created.push(deps);
      return deps;
    },
  });
  admin = await h.system.tokenFor('admin');
  const dpupr = await h.system.tokenFor('agency', 'dpupr');
  for (const [i, agencyIds] of [['dpupr'], ['dpupr', 'dinkes'], ['dpupr'], ['dinkes']].entries()) {
    const filed = await apiCall(h.system, 'POST', '/complaints', {
      body: { classification: 'PENGADUAN', title: `Laporan dasbor ${i + 1}`, description: 'Uraian untuk dasbor kepatuhan.', category: 'infrastruktur' },
    });
    expect(filed.status).toBe(201);
    const id = filed.body.trackingId as string;
    expect((await apiCall(h.system, 'POST', `/admin/complaints/${id}/verification`, { token: admin, body: { action: 'DISPOSITION', agencyIds } })).status).toBe(200);
    if (i < 2) expect((await apiCall(h.system, 'POST', `/agency/dispositions/${id}/follow-ups`, { token: dpupr, body: { message: 'Sedang ditangani.' } })).status).toBe(201);
  }
  // One daily snapshot, as the scheduled compliance job takes it.
  await h.system.runJob('compliance', new Date());
}, 180_000);
afterAll(() => h?.stop());

const pct = (v: number | null) => (v === null ? 'tidak ada data' : `${v.toFixed(2).replace('.', ',')}%`);
const num = (v: number | null) => (v === null ? 'tidak ada data' : new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(v));

/** The cells of a table row, as the page shows the API's numbers. */
function expectedCells(n: { pctTL: number | null; belowThreshold: boolean; received: number; pending: number; inProgress: number; completed: number; overdue: number; escalationEligible: number; medianHoursToFirstFollowUp: number | null }) {
  return [
    `${pct(n.pctTL)}${n.belowThreshold ? ' (di bawah nilai lulus)' : ''}`,
    ...[n.received, n.pending, n.inProgress, n.completed, n.overdue, n.escalationEligible].map(String),
    num(n.medianHoursToFirstFollowUp),
  ];
}

async function expectTableEqualsReport(page: Page, period: string) {
  const report = (await apiCall(h.system, 'GET', `/reports/compliance?period=${period}`, { token: admin })).body;
  const table = page.getByRole('table', { name: /^Kepatuhan perangkat daerah, periode/ });
  await table.waitFor();
  // Same agencies in the same order (lowest %TL first), then the region's totals.
  const rowNames = await table.getByRole('rowheader').allTextContents();
  expect(rowNames).toEqual([...report.agencies.map((a: { name: string }) => a.name), 'Seluruh daerah']);
  const a = report.agencies.find((row: { agencyId: string }) => row.agencyId === 'dpupr');
  const cells = await table.getByRole('row', { name: new RegExp(`^${a.name}`) }).getByRole('cell').allTextContents();
  expect(cells).toEqual([...expectedCells(a), `${a.signInsLast30Days} (${a.officersSignedInLast30Days} petugas)`]);
  const foot = await table.getByRole('row', { name: /^Seluruh daerah/ }).getByRole('cell').allTextContents();
  expect(foot).toEqual([...expectedCells(report.region), '']);
  return report;
}

test("the coordinator's dashboard equals /reports/compliance for the year and for a month, with the chart and the trend", async () => {
  const { page, problems } = await h.newPage(DESKTOP);
  await signInAt(page, `${h.web}/konsol/kepatuhan`, 'koordinator');
  await page.getByRole('heading', { name: 'Kepatuhan tindak lanjut perangkat daerah', level: 1 }).waitFor();
  const report = await expectTableEqualsReport(page, year());
  const dpupr = report.agencies.find((row: { agencyId: string }) => row.agencyId === 'dpupr');
  // dpupr: 3 received, 2 followed up = 66.67 (the fixture's arithmetic, not the page's).
  expect([dpupr.received, dpupr.followedUp, dpupr.pctTL]).toEqual([3, 2, 66.67]);
  // The chart: drawn, named, and described by the table that holds its numbers.
  const chart = page.getByRole('img', { name: /^Grafik batang %TL setiap perangkat daerah/ });
  await chart.locator('canvas').first().waitFor();
  expect(await chart.getAttribute('aria-describedby')).toBe('compliance-table');
  await page.getByText(`Rata-rata daerah (${pct(report.region.pctTL)})`).waitFor();
  await page.getByText('Nilai lulus 60,00%').first().waitFor();
  // The trend of the first agency in the table, from today's snapshot.
  await page.getByLabel('Perangkat daerah', { exact: true }).selectOption('dpupr');
  const trend = page.getByRole('table', { name: /^Tren %TL Dinas Pekerjaan Umum/ });
  const history = (await apiCall(h.system, 'GET', `/reports/compliance/dpupr?period=${year()}`, { token: admin })).body;
  const last = history.snapshots.at(-1);
  expect(await trend.getByRole('row').last().getByRole('cell').last().textContent()).toBe(pct(last.pctTL));
  await checkPage(page, 'konsol-compliance-01-year');

  const month = jakarta().slice(5, 7);
  await page.getByLabel('Bulan', { exact: true }).selectOption(month);
  await page.getByRole('button', { name: 'Tampilkan' }).click();
  await page.getByRole('table', { name: new RegExp(`periode \\S+ ${year()}, dari`) }).waitFor();
  await expectTableEqualsReport(page, `${year()}-${month}`);
  await checkPage(page, 'konsol-compliance-02-month');
  expect(problems).toEqual([]);
});

test('both CSV downloads open with their header rows, the large complaint export through its storage link', async () => {
  const { page, problems } = await h.newPage(DESKTOP);
  await signInAt(page, `${h.web}/konsol/kepatuhan`, 'koordinator');
  await page.getByRole('table', { name: /^Kepatuhan perangkat daerah/ }).waitFor();
  const download = async (button: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    const text = readFileSync((await file.path())!, 'utf8');
    return { name: file.suggestedFilename(), lines: text.replace(/^\ufeff/, '').split(/\r?\n/), url: file.url() };
  };
  const compliance = await download('Unduh CSV kepatuhan');
  expect(compliance.name).toBe(`kepatuhan-${year()}.csv`);
  expect(compliance.lines[0]).toBe(COMPLIANCE_COLUMNS.join(','));
  expect(compliance.lines.some((line) => line.startsWith('dpupr,'))).toBe(true);
  await page.getByText(`kepatuhan-${year()}.csv sudah diunduh.`).waitFor();

  const small = await download('Unduh CSV pengaduan');
  expect(small.name).toBe(`pengaduan-${year()}-01-01-${year()}-12-31.csv`);
  expect(small.url).toMatch(/^blob:/);
  expect(small.lines[0]).toBe(EXPORT_COLUMNS.join(','));
  expect(small.lines.filter((line) => line.includes('Laporan dasbor'))).toHaveLength(4);

  for (const deps of created) deps.exportInlineLimitBytes = 200;
  try {
    const large = await download('Unduh CSV pengaduan');
    // Straight from storage (the presigned link), not through the page's memory.
    expect(large.url).toMatch(/^http/);
    expect(large.url).not.toContain(new URL(h.system.apiUrl).host);
    expect(large.lines[0]).toBe(EXPORT_COLUMNS.join(','));
    expect(large.lines.filter((line) => line.includes('Laporan dasbor'))).toHaveLength(4);
  } finally {
    for (const deps of created) delete deps.exportInlineLimitBytes;
  }
  await checkPage(page, 'konsol-compliance-03-downloaded');
  expect(problems).toEqual([]);
});

test("an auditor has the dashboard (its only menu entry); an agency officer gets the console's not-found there", async () => {
  const { page, problems } = await h.newPage();
  await signInAt(page, `${h.web}/konsol/kepatuhan`, 'auditor');
  await page.getByRole('heading', { name: 'Kepatuhan tindak lanjut perangkat daerah', level: 1 }).waitFor();
  // The auditor's menu is the dashboard alone.
  expect(await page.getByRole('navigation', { name: 'Menu konsol' }).getByRole('link').allTextContents()).toEqual(['Kepatuhan']);
  await page.getByRole('table', { name: /^Kepatuhan perangkat daerah/ }).waitFor();
  await checkPage(page, 'konsol-compliance-04-auditor-phone');

  const { page: officer, problems: officerProblems } = await h.newPage();
  await signInAt(officer, `${h.web}/konsol/kepatuhan`, 'opd-dpupr');
  await officer.getByRole('heading', { name: 'Halaman tidak ditemukan', level: 1 }).waitFor();
  expect([...problems, ...officerProblems]).toEqual([]);
});

test('the dashboard, the heaviest console page (it charts), loads in at most 300 KB transferred, sign-in included', async () => {
  const { page } = await h.newPage(DESKTOP);
  const loads: Array<{ url: string; bytes: Promise<number> }> = [];
  page.on('requestfinished', (request) => loads.push({ url: request.url(), bytes: request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize) }));
  await signInAt(page, `${h.web}/konsol/kepatuhan`, 'koordinator');
  await page.getByRole('img', { name: /^Grafik batang %TL/ }).locator('canvas').first().waitFor();
  await page.getByRole('table', { name: /^Tren %TL/ }).waitFor();
  await page.waitForLoadState('networkidle');
  const sized = await Promise.all(loads.map(async (l) => ({ url: l.url, bytes: await l.bytes })));
  const total = sized.reduce((sum, l) => sum + l.bytes, 0);
  process.stdout.write(`\nB6 /konsol/kepatuhan first load: ${(total / 1024).toFixed(1)} KB in ${sized.length} requests\n`);
  expect(total).toBeLessThanOrEqual(300 * 1024);
  // Only the portal, the API and the sign-in server: no third-party origin.
  const origins = new Set(sized.map((l) => new URL(l.url).origin));
  expect([...origins].sort()).toEqual([new URL(h.system.apiUrl).origin, new URL(h.web).origin, new URL(h.system.issuerUrl).origin].sort());
  // The chart library came as its own chunk, on this page.
  expect(sized.some((l) => /\/assets\/draw-[\w-]+\.js$/.test(l.url))).toBe(true);
});
