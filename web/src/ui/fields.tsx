// Form fields with their label, hint and error tied together for screen readers.
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../api/errors';

export const errorFor = (errors: readonly FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

export function describedBy(id: string, hint?: unknown, error?: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function Field(props: { id: string; label: string; hint?: ComponentChildren; error?: string; children: ComponentChildren }) {
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${props.id}-error`} class="error">
          {props.error}
        </p>
      )}
      {props.children}
    </div>
  );
}

/** The errors of a form at its top: takes focus so a screen reader reads them, each links to its field. */
export function ErrorSummary(props: { title: string; errors: readonly FieldError[]; summaryRef: { current: HTMLDivElement | null } }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={props.summaryRef} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{props.title}</h2>
      <ul>
        {props.errors.map((e, i) => (
          <li key={i}>{e.field ? <a href={`#${e.field}`}>{e.message}</a> : e.message}</li>
        ))}
      </ul>
    </div>
  );
}
