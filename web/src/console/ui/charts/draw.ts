// uPlot, loaded only by the pages that chart (a chunk of its own, with its CSS): canvas drawing and
// CSSOM styles only, which the portal's CSP (style-src 'self') allows.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ChartSeries } from './chart';

const height = (width: number) => (width < NARROW ? 320 : 340);

/** Below this width the category labels turn and the plot grows taller. */
export const NARROW = 600;

export function draw(target: HTMLElement, labels: readonly string[], series: readonly ChartSeries[], width: number): { narrow: boolean; resize(width: number): void; destroy(): void } {
  const indices = labels.map((_, i) => i);
  const narrow = width < NARROW;
  const rotated = narrow && labels.length > 4;
  const bars = uPlot.paths.bars!({ size: [0.6, 48] });
  const data = series.filter((s) => s.kind !== 'level');
  const levels = series.filter((s) => s.kind === 'level');
  const plot = new uPlot(
    {
      width,
      height: height(width),
      // Room on the right for the last rotated label.
      padding: [12, rotated ? 60 : 12, 0, 0],
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: [0, 100] } },
      axes: [
        {
          splits: () => indices,
          values: (_u, splits) => splits.map((i) => labels[i] ?? ''),
          rotate: rotated ? -60 : 0,
          size: rotated ? 100 : 40,
          stroke: '#1b1f23',
          grid: { show: false },
          gap: 4,
        },
        { values: (_u, splits) => splits.map((v) => `${v}%`), stroke: '#1b1f23', grid: { stroke: '#e3e6ea' }, size: 50 },
      ],
      series: [
        {},
        ...data.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.kind === 'bars' ? 1 : 2.5,
          ...(s.kind === 'bars' && { fill: s.color, paths: bars, points: { show: false } }),
          // Hollow dots: they stay visible over a bar of any colour.
          ...(s.kind === 'line' && { points: { show: s.marks === true, size: 12, width: 3, stroke: s.color, fill: '#ffffff' } }),
          ...(s.dash && { dash: s.dash }),
        })),
      ],
      // Reference levels (the passing grade, a region average) span the whole plot, whatever the data.
      hooks: {
        draw: [
          (u) => {
            const { ctx, bbox } = u;
            for (const level of levels) {
              const y = Math.round(u.valToPos(level.level ?? 0, 'y', true));
              ctx.save();
              ctx.strokeStyle = level.color;
              ctx.lineWidth = 2.5 * devicePixelRatio;
              ctx.setLineDash((level.dash ?? []).map((d) => d * devicePixelRatio));
              ctx.beginPath();
              ctx.moveTo(bbox.left, y);
              ctx.lineTo(bbox.left + bbox.width, y);
              ctx.stroke();
              ctx.restore();
            }
          },
        ],
      },
    },
    [indices, ...data.map((s) => [...(s.values ?? [])])] as uPlot.AlignedData,
    target,
  );
  return {
    narrow,
    resize: (w) => plot.setSize({ width: w, height: height(w) }),
    destroy: () => plot.destroy(),
  };
}
