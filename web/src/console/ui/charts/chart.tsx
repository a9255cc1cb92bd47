// A %TL chart (0–100 %) of bars and lines over named categories. The drawing library loads on
// first use only, so a page without a chart never carries it. The canvas is an image to assistive
// technology: its label says what it shows and aria-describedby points at the table holding the
// same numbers (the text alternative); the legend is words and patterns, not colour alone.
import { useEffect, useRef } from 'preact/hooks';
import './charts.css';

export interface ChartSeries {
  label: string;
  /** One value per category (bars, line); a level is one value across the whole chart. */
  values?: ReadonlyArray<number | null>;
  level?: number;
  kind: 'bars' | 'line' | 'level';
  color: string;
  dash?: number[];
  /** Dots on each value of a line (a reference line at one level needs none). */
  marks?: boolean;
}

/** The series' colour, set through the CSSOM: the CSP refuses style attributes in markup. */
function paint(el: HTMLElement | null, s: ChartSeries): void {
  if (!el) return;
  el.style.borderColor = s.color;
  if (s.kind === 'bars') el.style.background = s.color;
}

export function PctChart(props: { label: string; describedBy: string; labels: readonly string[]; series: readonly ChartSeries[] }) {
  const host = useRef<HTMLDivElement>(null);
  // Redraw when the numbers change, not on every render (the arrays are rebuilt each time).
  const data = JSON.stringify([props.labels, props.series]);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let chart: { narrow: boolean; resize(width: number): void; destroy(): void } | undefined;
    let cancelled = false;
    let observer: ResizeObserver | undefined;
    void import('./draw').then(({ draw, NARROW }) => {
      if (cancelled) return;
      const render = () => (chart = draw(el, props.labels, props.series, el.clientWidth));
      render();
      // A phone turned sideways (or a desktop window narrowed) changes the label layout: draw anew.
      observer = new ResizeObserver(() => {
        if (!chart) return;
        if (el.clientWidth < NARROW === chart.narrow) return chart.resize(el.clientWidth);
        chart.destroy();
        render();
      });
      observer.observe(el);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [data]);
  return (
    <figure class="pct-chart">
      <div ref={host} role="img" aria-label={props.label} aria-describedby={props.describedBy} />
      <figcaption>
        <ul class="chart-legend">
          {props.series.map((s) => (
            <li key={s.label}>
              <span class={`swatch swatch-${s.kind === 'bars' ? 'bars' : 'line'}${s.dash ? ' swatch-dash' : ''}`} ref={(el) => paint(el, s)} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
