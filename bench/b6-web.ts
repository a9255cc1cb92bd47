// B6 — the web on the wire: the first load of every citizen page and every console page, compressed
// as sent (HTML, JS, CSS, API calls and, for a console, the sign-in round trip), from the portal
// served as CloudFront serves it; and Lighthouse's mobile scores (simulated slow 4G, slower CPU) for
// the citizen pages. Sizes are exact; Lighthouse's performance score is a simulation and varies a
// few points between runs on a loaded machine.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalSystem, type LocalSystem } from '../lib/local/system';
import { fillSignInForms } from '../test/support/sign-in-form';
import { COORDINATOR_LOGIN, COORDINATOR_TOTP_SECRET } from '../test/support/totp';
import { measureFirstLoad, WEB_BUDGETS, type PageWeight } from './lib/page-weight';
import { REPO_ROOT } from './lib/processes';
import { benchPrefix, type BenchContext } from './lib/stand-ins';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface B6Options {
  /** Citizen pages also get a Lighthouse run (the slow part: ~20 s a page). */
  lighthouse: boolean;
  /** Measure only these page ids (all when absent). */
  pages?: string[];
}

export const B6_DEFAULTS: B6Options = { lighthouse: true };
export const B6_SMOKE: B6Options = { lighthouse: true, pages: ['beranda', 'buat-laporan', 'antrean-aduan'] };

export interface LighthouseScores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  largestContentfulPaintMs: number;
  totalBlockingTimeMs: number;
  failingAudits: string[];
}

export interface B6Page {
  id: string;
  path: string;
  audience: 'citizen' | 'console';
  weight: PageWeight;
  /** The page's budget for the first load (bytes). */
  budgetBytes: number;
  meetsBudget: boolean;
  lighthouse?: LighthouseScores & { meetsTargets: boolean };
}

export interface B6Result {
  pages: B6Page[];
  targets: typeof B6_TARGETS;
}

export const B6_TARGETS = { performance: 90, accessibility: 100, bestPractices: 95 };

interface PageSpec {
  id: string;
  audience: 'citizen' | 'console';
  /** A console page is opened signed in as this local account. */
  account?: string;
  path: (fixture: Fixture) => string;
}

interface Fixture {
  trackingId: string;
  accessCode: string;
}

/** Invited by the seed, never signed in: without TOTP yet. */
const NEW_COORDINATOR = 'koordinator.baru@tuntas.local';

const PAGES: PageSpec[] = [
  { id: 'beranda', audience: 'citizen', path: () => '/' },
  { id: 'buat-laporan', audience: 'citizen', path: () => '/lapor' },
  { id: 'lacak', audience: 'citizen', path: () => '/lacak' },
  { id: 'laporan-saya', audience: 'citizen', path: (f) => `/lacak/${f.trackingId}#kode=${encodeURIComponent(f.accessCode)}` },
  { id: 'laporan-publik', audience: 'citizen', path: () => '/laporan' },
  { id: 'laporan-publik-detail', audience: 'citizen', path: (f) => `/laporan/${f.trackingId}` },
  { id: 'antrean-aduan', audience: 'console', account: 'koordinator', path: () => '/konsol/aduan' },
  { id: 'aduan', audience: 'console', account: 'koordinator', path: (f) => `/konsol/aduan/${f.trackingId}` },
  { id: 'input-aduan', audience: 'console', account: 'koordinator', path: () => '/konsol/aduan/baru' },
  { id: 'perangkat-daerah', audience: 'console', account: 'koordinator', path: () => '/konsol/opd' },
  { id: 'akun-petugas', audience: 'console', account: 'koordinator', path: () => '/konsol/staf' },
  { id: 'email-gagal', audience: 'console', account: 'koordinator', path: () => '/konsol/email-gagal' },
  { id: 'kepatuhan', audience: 'console', account: 'koordinator', path: () => '/konsol/kepatuhan' },
  { id: 'disposisi-masuk', audience: 'console', account: 'opd-dpupr', path: () => '/konsol/disposisi' },
  { id: 'disposisi', audience: 'console', account: 'opd-dpupr', path: (f) => `/konsol/disposisi/${f.trackingId}` },
  { id: 'kinerja', audience: 'console', account: 'opd-dpupr', path: () => '/konsol/kinerja' },
  // A coordinator's first sign-in: any console address shows the TOTP set-up (the QR code drawn in the page).
  { id: 'verifikasi-dua-langkah', audience: 'console', account: NEW_COORDINATOR, path: () => '/konsol' },
];

export async function runB6(ctx: BenchContext, options: B6Options): Promise<B6Result> {
  if (!existsSync(CHROMIUM)) throw new Error(`B6 needs Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  // The handlers' one line per request would bury the table (TUNTAS_LOG_LEVEL=INFO shows it).
  process.env.TUNTAS_LOG_LEVEL ??= 'WARN';
  ctx.log('B6: building the web');
  execFileSync('npm', ['run', '-s', 'web:build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const system = await startLocalSystem({
    dynamodb: { endpoint: ctx.standIns.dynamodbEndpoint },
    ses: { endpoint: ctx.standIns.sesEndpoint },
    s3: { endpoint: ctx.standIns.s3Endpoint },
    tablePrefix: benchPrefix('b6'),
    filesBucket: benchPrefix('b6-files'),
    apiPort: 0,
    issuerPort: 0,
    webPort: 0,
    runSchedules: false,
  });
  // As a region's coordinator works: with TOTP set up, so console sign-ins include the code page.
  system.issuer.users.enrollTotp(COORDINATOR_LOGIN, COORDINATOR_TOTP_SECRET);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'] });
  try {
    const fixture = await seed(system);
    const specs = PAGES.filter((spec) => !options.pages || options.pages.includes(spec.id));
    const pages: B6Page[] = [];
    const signedIn = new Map<string, import('playwright-core').BrowserContext>();
    for (const spec of specs) {
      const path = spec.path(fixture);
      let context = spec.account ? signedIn.get(spec.account) : undefined;
      if (!context) {
        context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
        if (spec.account) {
          await signIn(await context.newPage(), `${system.webUrl}/konsol`, spec.account);
          signedIn.set(spec.account, context);
        }
      }
      const page = await context.newPage();
      const weight = await measureFirstLoad(page, `${system.webUrl}${path}`, pageReady);
      await page.close();
      if (!spec.account) await context.close();
      const budgetBytes = spec.audience === 'console' ? WEB_BUDGETS.consoleFirstLoadBytes : WEB_BUDGETS.citizenFirstLoadBytes;
      pages.push({ id: spec.id, path, audience: spec.audience, weight, budgetBytes, meetsBudget: weight.totalBytes <= budgetBytes });
      ctx.log(`B6: ${path} ${weight.totalBytes} B in ${weight.requests} requests`);
    }
    await Promise.all([...signedIn.values()].map((context) => context.close()));

    if (options.lighthouse) {
      const citizen = pages.filter((p) => p.audience === 'citizen');
      ctx.log(`B6: Lighthouse (mobile) on ${citizen.length} citizen pages`);
      const scores = await runLighthouse(citizen.map((p) => `${system.webUrl}${p.path}`));
      citizen.forEach((p, i) => {
        const s = scores[i]!;
        p.lighthouse = {
          ...s,
          meetsTargets: s.performance >= B6_TARGETS.performance && s.accessibility >= B6_TARGETS.accessibility && s.bestPractices >= B6_TARGETS.bestPractices,
        };
      });
    }
    return { pages, targets: B6_TARGETS };
  } finally {
    await browser.close().catch(() => undefined);
    await system.stop();
  }
}

/** One complaint a citizen filed and the coordinator dispositioned to DPUPR: every page has content. */
async function seed(system: LocalSystem): Promise<Fixture> {
  const call = async (method: string, path: string, body: unknown, token?: string) => {
    const response = await fetch(`${system.apiUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`B6 seed: ${method} ${path} answered ${response.status} ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  const filed = await call('POST', '/complaints', {
    classification: 'PENGADUAN',
    title: 'Jalan berlubang di Jl. Gatot Subroto',
    description: 'Lubang besar di tengah jalan depan pasar, sudah dua kali ada pengendara jatuh.',
    category: 'infrastruktur',
    reporter: { name: 'Sri Wahyuni', email: 'sri@contoh.id' },
  });
  const trackingId = String(filed.trackingId);
  await call('POST', `/admin/complaints/${trackingId}/verification`, { action: 'DISPOSITION', agencyIds: ['dpupr'] }, await system.tokenFor('admin'));
  await call('POST', '/admin/staff', { email: NEW_COORDINATOR, name: 'Koordinator Baru', role: 'admin' }, await system.tokenFor('admin'));
  return { trackingId, accessCode: String(filed.accessToken) };
}

/** Ready when the page's h1 is there and nothing says it is still loading. */
async function pageReady(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached' }).catch(() => undefined);
}

async function signIn(page: Page, url: string, account: string): Promise<void> {
  await page.goto(url);
  await fillSignInForms(page, account, account === COORDINATOR_LOGIN ? { totpSecret: COORDINATOR_TOTP_SECRET } : {});
  await page.getByText(/^Masuk sebagai /).waitFor();
  await page.close();
}

function runLighthouse(urls: string[]): Promise<LighthouseScores[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [resolve(REPO_ROOT, 'bench', 'children', 'lighthouse.mjs'), CHROMIUM, ...urls], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as LighthouseScores & { runtimeError?: string });
      const failed = lines.find((l) => l.runtimeError);
      if (code !== 0 || lines.length !== urls.length || failed) reject(new Error(`Lighthouse failed (exit ${code}): ${failed?.runtimeError ?? out.slice(0, 500)}`));
      else resolvePromise(lines);
    });
  });
}
