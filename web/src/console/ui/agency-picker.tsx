// Several agencies at once: a search box narrows a list of checkboxes. Plain form controls, so a
// keyboard (Tab, Space) and a screen reader work without any widget script; chosen ones stay listed.
import { useState } from 'preact/hooks';
import { useText } from '../text';
import type { Agency } from './agencies';
import { uiText } from './text';

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export function AgencyPicker(props: {
  id: string;
  legend: string;
  agencies: readonly Agency[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  /** Agencies that cannot be picked (already holding a disposition). */
  exclude?: readonly string[];
  error?: string;
}) {
  const t = useText(uiText);
  const [filter, setFilter] = useState('');
  const options = props.agencies.filter((a) => a.active && !props.exclude?.includes(a.agencyId));
  const words = fold(filter).split(/\s+/).filter(Boolean);
  const shown = options.filter((a) => props.chosen.includes(a.agencyId) || words.every((w) => fold(`${a.name} ${a.agencyId}`).includes(w)));
  const toggle = (agencyId: string, on: boolean) =>
    props.onChange(on ? [...props.chosen, agencyId] : props.chosen.filter((id) => id !== agencyId));
  return (
    <fieldset class={`picker${props.error ? ' field-invalid' : ''}`} aria-describedby={props.error ? `${props.id}-error` : undefined}>
      <legend>{props.legend}</legend>
      {props.error && (
        <p id={`${props.id}-error`} class="error">
          {props.error}
        </p>
      )}
      <label for={`${props.id}-filter`} class="picker-filter-label">
        {t.picker.filter}
      </label>
      <input id={`${props.id}-filter`} type="search" value={filter} autocomplete="off" onInput={(e) => setFilter(e.currentTarget.value)} />
      <p class="hint" aria-live="polite">
        {t.picker.chosen(props.chosen.length)}
      </p>
      {shown.length === 0 ? (
        <p>{t.picker.none}</p>
      ) : (
        <ul class="picker-list">
          {shown.map((a) => (
            <li key={a.agencyId} class="choice">
              <input
                type="checkbox"
                id={`${props.id}-${a.agencyId}`}
                checked={props.chosen.includes(a.agencyId)}
                onChange={(e) => toggle(a.agencyId, e.currentTarget.checked)}
              />
              <label for={`${props.id}-${a.agencyId}`}>{a.name}</label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
