// Loaded with NODE_OPTIONS="--require bench/children/peak-rss.cjs" into every Node process of a
// command (npm, the tsx CLI, the program itself): at exit each appends its own peak resident set
// size to BENCH_PEAK_RSS_FILE — VmHWM from /proc/self/status, the kernel's high-water mark of the
// process's memory since it started its program. Exact, and no polling can miss a short peak.
// (Not process.resourceUsage().maxRSS: on Linux ru_maxrss survives fork + exec, so a child of a
// big parent reports the parent's size.) It changes nothing else in the process.
'use strict';

const { appendFileSync, readFileSync } = require('node:fs');

const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      let maxRssBytes;
      try {
        const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
        if (kb) maxRssBytes = Number(kb[1]) * 1024;
      } catch {
        // no /proc (not Linux)
      }
      if (maxRssBytes === undefined) maxRssBytes = process.resourceUsage().maxRSS * 1024;
      const record = { pid: process.pid, ppid: process.ppid, argv: process.argv.slice(1), maxRssBytes };
      appendFileSync(file, `${JSON.stringify(record)}\n`);
    } catch {
      // never fail the measured program
    }
  });
}
