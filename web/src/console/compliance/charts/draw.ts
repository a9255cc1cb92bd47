// uPlot, loaded only by the pages that chart (a chunk of its own, with its CSS): canvas drawing and
// CSSOM styles only, which the portal's CSP (style-src 'self') allows.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSeries } from './chart';

export function draw(target: HTMLElement, labels: readonly string[], series: readonly ChartSeries[], width: number): { resize(width: number): void; destroy(): void } {
  const indices = labels.map((_, i) => i);
  const narrow = width < 600;
  const bars = uPlot.paths.bars!({ size: [0.6, 48] });
  const plot = new uPlot(
    {
      width,
      height: narrow ? 260 : 320,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: [0, 100] } },
      axes: [
        {
          splits: () => indices,
          values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
          rotate: narrow && labels.length > 4 ? -60 : 0,
          size: narrow && labels.length > 4 ? 70 : 40,
          stroke: '#1b1f23',
          grid: { show: false },
          gap: 4,
        },
        { values: (_u, splits) => splits.map((v) => `${v}%`), stroke: '#1b1f23', grid: { stroke: '#e3e6ea' }, size: 50 },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.kind === 'bars' ? 1 : 2.5,
          ...(s.kind === 'bars' && { fill: s.color, paths: bars, points: { show: false } }),
          ...(s.kind === 'line' && { points: { show: labels.length <= 12, size: 6, fill: s.color } }),
          ...(s.dash && { dash: s.dash }),
        })),
      ],
    },
    [indices, ...series.map((s) => [...s.values])] as uPlot.AlignedData,
    target,
  );
  return {
    resize: (w) => plot.setSize({ width: w, height: w < 600 ? 260 : 320 }),
    destroy: () => plot.destroy(),
  };
}
