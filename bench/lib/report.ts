// The printed table and the target verdicts, from the benchmarks' results.

import type { B1Result } from '../b1-cold-start';
import type { B2Result } from '../b2-api-overhead';
import type { B3Result } from '../b3-compliance-scale';
import type { B4Result } from '../b4-csv-export';
import type { B5Result } from '../b5-import';
import type { B6Result } from '../b6-web';
import { kib, mib, round } from './stats';

export interface Results {
  b1?: B1Result;
  b2?: B2Result;
  b3?: B3Result;
  b4?: B4Result;
  b5?: B5Result;
  b6?: B6Result;
}

export interface Row {
  id: string;
  figure: string;
  value: string;
  target: string;
  /** true / false against the target; undefined for figures that are reported only. */
  pass?: boolean;
}

const ms = (value: number) => `${round(value, 0)} ms`;
const perSecond = (value: number) => `${round(value, 1)}/s`;

export function rows(results: Results): Row[] {
  const out: Row[] = [];
  const { b1, b2, b3, b4, b5, b6 } = results;
  if (b1) {
    out.push({ id: 'B1', figure: 'bare `node -e 0` (median)', value: ms(b1.medianBareNodeMs), target: '' });
    out.push({
      id: 'B1',
      figure: 'floor: DynamoDB client + one consistent GetItem (median)',
      value: `${ms(b1.floor.medianColdStartMs)} = ${b1.floor.ratioToBareNode}× bare (bundle ${kib(b1.floor.bundleBytes)} KiB)`,
      target: '',
    });
    for (const h of b1.handlers) {
      const name = `${h.handler}${h.deployed ? '' : ' (not in stack)'}`;
      out.push({ id: 'B1', figure: `${name}: bundle`, value: `${kib(h.bundleBytes)} KiB`, target: '≤ 400 KiB', pass: h.meetsBundleTarget });
      const less = h.workMs === undefined ? '' : ` − the run's work ${ms(h.workMs)} = ${ms(h.comparedMs)}`;
      out.push({
        id: 'B1',
        figure: `${name}: import + first request (median)`,
        value: `${ms(h.medianColdStartMs)}${less} = ${h.ratioToFloor}× floor, ${h.ratioToBareNode}× bare`,
        target: `≤ ${b1.targets.maxFloorRatio}× floor`,
        pass: h.meetsColdStartTarget,
      });
    }
  }
  if (b2) {
    for (const pair of [b2.submit, b2.read]) {
      out.push({
        id: 'B2',
        figure: `${pair.api.operation}: API / raw ${pair.raw.operation}`,
        value:
          `${perSecond(pair.api.throughputPerSecond)} (p50 ${ms(pair.api.p50Ms)}, p99 ${ms(pair.api.p99Ms)}) / ` +
          `${perSecond(pair.raw.throughputPerSecond)} (p50 ${ms(pair.raw.p50Ms)}, p99 ${ms(pair.raw.p99Ms)}) = ${pair.apiToRawThroughput}×`,
        target: `≥ ${pair.target}×`,
        pass: pair.meetsTarget,
      });
      if (pair === b2.submit) {
        out.push({
          id: 'B2',
          figure: `  reference: raw ${b2.submit.rawPut.operation}`,
          value: `${perSecond(b2.submit.rawPut.throughputPerSecond)} (API = ${b2.submit.apiToRawPutThroughput}× of it)`,
          target: '',
        });
      }
    }
  }
  if (b3) {
    for (const size of b3.sizes) {
      out.push({
        id: 'B3',
        figure: `compliance job, ${b3.agencies} agencies, ${size.dispositions.toLocaleString('en-US')} dispositions (${b3.pending} pending)`,
        value: `${ms(size.medianMs)}, ${size.medianReadCapacityUnits} RCU, ${size.runs[0]?.warningsSent ?? 0} warnings sent`,
        target: '',
      });
    }
    out.push({ id: 'B3', figure: 'read capacity ratio (largest / smallest)', value: `${b3.readCapacityRatio}`, target: '≤ 1.2', pass: b3.meetsReadCapacityTarget });
    out.push({ id: 'B3', figure: 'time ratio (largest / smallest)', value: `${b3.timeRatio}`, target: '≤ 1.5', pass: b3.meetsTimeTarget });
  }
  if (b4) {
    out.push({
      id: 'B4',
      figure: `CSV export of ${b4.rows.toLocaleString('en-US')} complaints (HTTP ${b4.status}${b4.status === 303 ? ' → S3' : ''})`,
      value: `${round(b4.rowsPerSecond, 0)} rows/s end to end (${mib(b4.csvBytes)} MiB in ${ms(b4.totalMs)})`,
      target: 'reported',
    });
    out.push({
      id: 'B4',
      figure: 'peak RSS of the serving process (median)',
      value: `${mib(b4.peakRssBytes)} MiB (runs ${b4.peakRssSamplesBytes.map(mib).join(', ')}; idle ${mib(b4.idleRssBytes)} MiB)`,
      target: '≤ 200 MiB',
      pass: b4.meetsTarget,
    });
    if (b4.memory) {
      const peak = b4.memory.atPeak;
      out.push({
        id: 'B4',
        figure: '  at the peak: JS heap / Buffers (arrayBuffers)',
        value: `${mib(peak.heapTotal)} MiB / ${mib(peak.arrayBuffers)} MiB (idle ${mib(b4.memory.idle.heapTotal)} / ${mib(b4.memory.idle.arrayBuffers)} MiB)`,
        target: '',
      });
    }
    if (b4.bundle) {
      out.push({
        id: 'B4',
        figure: '  diagnostic: reports bundle in a fresh node (Lambda-like)',
        value: `peak ${mib(b4.bundle.peakRssBytes)} MiB (runs ${(b4.bundle.peakRssSamplesBytes ?? [b4.bundle.peakRssBytes]).map(mib).join(', ')}), after load ${mib(b4.bundle.rssAfterLoadBytes)} MiB, Buffers at peak ${mib(b4.bundle.atPeak.arrayBuffers)} MiB`,
        target: '',
      });
    }
  }
  if (b5) {
    for (const run of b5.runs) {
      out.push({
        id: 'B5',
        figure: `npm run import${run.mode === 'dry-run' ? ' --dry-run' : ''}, ${run.rows.toLocaleString('en-US')} rows`,
        value: `${round(run.rowsPerSecond, 1)} rows/s (${ms(run.wallMs)}), peak RSS ${mib(run.peakRssBytes)} MiB`,
        target: 'rows/s reported',
      });
    }
    if (b5.storeTransactionCeiling) {
      out.push({
        id: 'B5',
        figure: '  diagnostic: raw TransactWriteItems ceiling (16 in flight)',
        value: `${perSecond(b5.storeTransactionCeiling.throughputPerSecond)} (import commits ${perSecond(b5.writeComplaintsPerSecond)})`,
        target: '',
      });
    }
    out.push({ id: 'B5', figure: 'peak RSS of the import', value: `${mib(b5.peakRssBytes)} MiB`, target: '≤ 300 MiB', pass: b5.meetsTarget });
  }
  if (b6) {
    for (const p of b6.pages) {
      const w = p.weight;
      out.push({
        id: 'B6',
        figure: `${p.audience === 'console' ? 'console' : 'citizen'} ${p.path.replace(/[#?].*$/, '')}: first load`,
        value: `${kib(w.totalBytes)} KiB in ${w.requests} requests (JS ${kib(w.scriptBytes)}, CSS ${kib(w.styleBytes)}, HTML ${kib(w.documentBytes)}, API ${kib(w.fetchBytes)} KiB)`,
        target: `≤ ${kib(p.budgetBytes)} KiB`,
        pass: p.meetsBudget,
      });
      if (p.lighthouse) {
        const l = p.lighthouse;
        out.push({
          id: 'B6',
          figure: `citizen ${p.path.replace(/[#?].*$/, '')}: Lighthouse mobile`,
          value: `performance ${l.performance}, accessibility ${l.accessibility}, best practices ${l.bestPractices} (LCP ${ms(l.largestContentfulPaintMs)}, TBT ${ms(l.totalBlockingTimeMs)})`,
          target: `≥ ${b6.targets.performance} / ${b6.targets.accessibility} / ${b6.targets.bestPractices}`,
          pass: l.meetsTargets,
        });
      }
    }
  }
  return out;
}

export function formatTable(list: readonly Row[]): string {
  const verdict = (row: Row) => (row.pass === undefined ? '' : row.pass ? 'ok' : 'MISS');
  const header = ['', 'figure', 'value', 'target', ''];
  const cells = list.map((row) => [row.id, row.figure, row.value, row.target, verdict(row)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
