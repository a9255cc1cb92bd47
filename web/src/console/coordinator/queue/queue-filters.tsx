import { useState } from 'preact/hooks';
import { useI18n } from '../../../i18n';
import { useRegion } from '../../../ui/region';
import { useText } from '../../text';
import type { Agency } from '../../ui/agencies';
import { uiText } from '../../ui/text';
import { CLASSIFICATIONS, SORTS, STATUSES, type Filters } from './filters';
import { queueText } from './text';

export function QueueFilters(props: { applied: Filters; agencies: readonly Agency[]; onApply: (f: Filters) => void; onClear: () => void }) {
  const t = useText(queueText);
  const ui = useText(uiText);
  const { t: portal } = useI18n();
  const region = useRegion();
  const [f, setF] = useState<Filters>(props.applied);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setF({ ...f, [key]: value });
  const select = (key: 'status' | 'classification' | 'category' | 'agencyId', label: string, options: Array<[string, string]>) => (
    <div class="field">
      <label for={`q-${key}`}>{label}</label>
      <select id={`q-${key}`} value={f[key]} onChange={(e) => set(key, e.currentTarget.value)}>
        <option value="">{ui.allOption}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>{l}</option>
        ))}
      </select>
    </div>
  );
  // On a phone the filters fold away unless some are in use; the search box always shows.
  const inUse = [props.applied.status, props.applied.classification, props.applied.category, props.applied.agencyId, props.applied.from, props.applied.to].filter(Boolean).length + (props.applied.overdue ? 1 : 0) + (props.applied.sort !== 'newest' ? 1 : 0);
  const [open] = useState(() => inUse > 0 || matchMedia('(min-width: 48rem)').matches);
  return (
    <form class="queue-filters" aria-label={t.filters} onSubmit={(e) => (e.preventDefault(), props.onApply(f))}>
      <div class="queue-search">
        <div class="field">
          <label for="q-q">{t.search}</label>
          <input id="q-q" type="search" value={f.q} maxLength={200} onInput={(e) => set('q', e.currentTarget.value)} />
        </div>
        <button type="submit" class="button primary">{t.searchButton}</button>
      </div>
      <details open={open}>
        <summary>{t.more(inUse)}</summary>
        <div class="queue-grid">
          {select('status', t.status, STATUSES.map((s) => [s, portal.status[s]!]))}
          {select('classification', t.classification, CLASSIFICATIONS.map((c) => [c, portal.classification[c]]))}
          {select('category', t.category, region.categories.map((c) => [c.id, c.label]))}
          {select('agencyId', t.agency, props.agencies.map((a) => [a.agencyId, a.name]))}
          <div class="field">
            <label for="q-from">{t.from}</label>
            <input id="q-from" type="date" value={f.from} onInput={(e) => set('from', e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="q-to">{t.to}</label>
            <input id="q-to" type="date" value={f.to} onInput={(e) => set('to', e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="q-sort">{t.sort}</label>
            <select id="q-sort" value={f.sort} onChange={(e) => set('sort', e.currentTarget.value as Filters['sort'])}>
              {SORTS.map((s) => (
                <option key={s} value={s}>{t.sorts[s]}</option>
              ))}
            </select>
          </div>
          <div class="choice queue-overdue">
            <input id="q-overdue" type="checkbox" checked={f.overdue} onChange={(e) => set('overdue', e.currentTarget.checked)} />
            <label for="q-overdue">{t.overdue}</label>
          </div>
          <div class="actions queue-buttons">
            <button type="submit" class="button primary">{t.apply}</button>
            <button type="button" class="button" onClick={props.onClear}>{t.clear}</button>
          </div>
        </div>
      </details>
    </form>
  );
}
