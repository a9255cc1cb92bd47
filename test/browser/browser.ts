// Debian's Chromium driven by playwright-core, against the whole local system with the portal.
// Elements are found by role and accessible name, as a person with a screen reader finds them.

import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { LocalSystemOptions } from '../../lib/local/system';
import { startTestSystem, type TestSystem } from '../support/local-system';
import { fillSignInForms } from '../support/sign-in-form';
import { COORDINATOR_LOGIN, COORDINATOR_TOTP_SECRET } from '../support/totp';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };
export const SCREENSHOTS = resolve(__dirname, 'screenshots');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Harness {
  system: TestSystem;
  browser: Browser;
  /** The portal's origin (http://localhost:port). */
  web: string;
  /** A fresh phone-sized page; CSP violations and page errors are collected in `problems`. */
  newPage(viewport?: { width: number; height: number }): Promise<{ page: Page; context: BrowserContext; problems: string[] }>;
  stop(): Promise<void>;
}

export async function startHarness(overrides: Partial<LocalSystemOptions> = {}): Promise<Harness> {
  const system = await startTestSystem({ webPort: 0, ...overrides });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root in a container, without the network: no sandbox, no background connections to Google.
    // --lang: the browser's own words (the file picker's, the date field's) in Bahasa Indonesia, as on a citizen's phone.
    env: { ...process.env, LANGUAGE: 'id', LANG: 'id_ID.UTF-8' },
    args: ['--lang=id-ID', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    system,
    browser,
    web: system.webUrl!,
    async newPage(viewport = PHONE) {
      const context = await browser.newContext({ viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      return { page, context, problems };
    },
    async stop() {
      await browser.close().catch(() => undefined);
      await system.stop();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core with the WCAG 2.1 A and AA rules; evaluated through the DevTools protocol, which the page's CSP does not govern. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } }).axe
      .run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations),
  )) as AxeViolation[];
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A full-page screenshot at the phone and the desktop size; the page ends at the phone size. */
export async function screenshots(page: Page, name: string): Promise<void> {
  for (const [label, viewport] of [['1280x800', DESKTOP], ['360x740', PHONE]] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: resolve(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
}

/** Axe-clean and screenshotted: what every page and state gets. */
export async function checkPage(page: Page, name: string): Promise<void> {
  expect(await axeViolations(page)).toEqual([]);
  await screenshots(page, name);
}

/** A decodable JPEG of the given size, drawn by the browser itself. */
export async function makeJpeg(page: Page, width: number, height: number): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    ([w, h]) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- runs in the page (no DOM types here)
      const canvas = (globalThis as any).document.createElement('canvas');
      canvas.width = w!;
      canvas.height = h!;
      const ctx = canvas.getContext('2d')!;
      const gradient = ctx.createLinearGradient(0, 0, w!, h!);
      gradient.addColorStop(0, '#336699');
      gradient.addColorStop(1, '#cc9933');
      ctx.fillStyle = gradient;
      ctx.fillRect(0, 0, w!, h!);
      return canvas.toDataURL('image/jpeg', 0.9);
    },
    [width, height],
  );
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

/** Width and height from a JPEG's start-of-frame marker. */
export function jpegSize(bytes: Buffer): { width: number; height: number } {
  let i = 2;
  while (i < bytes.length) {
    const marker = bytes[i + 1]!;
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  throw new Error('no SOF marker');
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Calls the API as a test fixture would (staff steps happen over the API, not the consoles). */
export async function apiCall(system: TestSystem, method: string, path: string, options: { token?: string; accessToken?: string; body?: unknown } = {}) {
  const response = await fetch(`${system.apiUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(options.accessToken && { 'x-access-token': options.accessToken }),
    },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Opens a console address signed out: the console sends the browser to the issuer's sign-in page
 * (authorization code + PKCE); the person types their account (and the seeded coordinator the
 * code of its authenticator app) and lands back on that address.
 */
export async function signInAt(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await fillSignInForms(page, username, username === COORDINATOR_LOGIN ? { totpSecret: COORDINATOR_TOTP_SECRET } : {});
  await page.waitForURL((u) => u.pathname === new URL(url).pathname);
  await page.getByText(/^Masuk sebagai /).waitFor();
}

/** Polls `read` until it returns something (the outbox mails a moment after the request). */
export async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
