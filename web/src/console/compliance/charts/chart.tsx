// A %TL chart (0–100 %) of bars and lines over named categories. The drawing library loads on
// first use only, so a page without a chart never carries it. The canvas is an image to assistive
// technology: its label says what it shows and aria-describedby points at the table holding the
// same numbers (the text alternative); the legend is words and patterns, not colour alone.
import { useEffect, useRef } from 'preact/hooks';
import './charts.css';

export interface ChartSeries {
  label: string;
  values: ReadonlyArray<number | null>;
  kind: 'bars' | 'line';
  color: string;
  dash?: number[];
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
    let chart: { resize(width: number): void; destroy(): void } | undefined;
    let cancelled = false;
    const observer = new ResizeObserver(() => chart?.resize(el.clientWidth));
    void import('./draw').then(({ draw }) => {
      if (cancelled) return;
      chart = draw(el, props.labels, props.series, el.clientWidth);
      observer.observe(el);
    });
    return () => {
      cancelled = true;
      observer.disconnect();
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
              <span class={`swatch swatch-${s.kind}${s.dash ? ' swatch-dash' : ''}`} ref={(el) => paint(el, s)} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
