// Lighthouse (pinned 12.2.3, mobile preset: its default config, simulated slow 4G and a slower CPU)
// on the given URLs with Debian's Chromium, one fresh browser per URL. ESM-only, so B6 runs it as a
// child process: `node bench/children/lighthouse.mjs <chromium> <url>...` prints one JSON line per URL.
import lighthouse from 'lighthouse';
import { launch } from 'chrome-launcher';

const [chromePath, ...urls] = process.argv.slice(2);
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];

for (const url of urls) {
  const chrome = await launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
    const lhr = result.lhr;
    const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id);
    process.stdout.write(
      `${JSON.stringify({
        url,
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        largestContentfulPaintMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
        totalBlockingTimeMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
        failingAudits: failing,
        runtimeError: lhr.runtimeError?.message,
      })}\n`,
    );
  } finally {
    await chrome.kill();
  }
}
