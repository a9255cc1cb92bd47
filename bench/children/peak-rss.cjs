// Loaded with NODE_OPTIONS="--require bench/children/peak-rss.cjs" into every Node process of a
// command (npm, the tsx CLI, the program itself): at exit each appends its own peak resident set
// size (process.resourceUsage().maxRSS, the kernel's ru_maxrss) to BENCH_PEAK_RSS_FILE. Exact, and
// no polling can miss a short peak. It changes nothing else in the process.
'use strict';

const { appendFileSync } = require('node:fs');

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const record = {
        pid: process.pid,
        ppid: process.ppid,
        argv: process.argv.slice(1),
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      };
      appendFileSync(file, `${JSON.stringify(record)}\n`);
    } catch {
      // never fail the measured program
    }
  });
}
