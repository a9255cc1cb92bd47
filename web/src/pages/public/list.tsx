// Laporan publik: recent non-confidential complaints, filtered and paged by the API's cursor.
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api, type PublicListItem } from '../../api/client';
import { useI18n } from '../../i18n';
import { formatDate } from '../../ui/format';
import { PageTitle } from '../../ui/page-title';
import { useRegion } from '../../ui/region';

type Filters = { status: string; category: string; classification: string };
const STATUSES = ['SUBMITTED', 'DISPOSITIONED', 'IN_PROGRESS', 'COMPLETED', 'ESCALATED'] as const;

export function PublicList() {
  const { t, lang } = useI18n();
  const region = useRegion();
  const [filters, setFilters] = useState<Filters>({ status: '', category: '', classification: '' });
  const [applied, setApplied] = useState<Filters>(filters);
  const [items, setItems] = useState<PublicListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const load = async (f: Filters, after?: string) => {
    setLoading(true);
    const query = {
      ...(f.status && { status: f.status as (typeof STATUSES)[number] }),
      ...(f.category && { category: f.category }),
      ...(f.classification && { classification: f.classification as PublicListItem['classification'] }),
      ...(after && { cursor: after }),
      limit: 20,
    };
    try {
      const { data } = await api().GET('/complaints', { params: { query } });
      if (!data) throw new Error('list');
      setItems((old) => (after ? [...old, ...data.items] : data.items));
      setCursor(data.nextCursor ?? null);
      setFailed(false);
    } catch {
      setFailed(true);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => void load(applied), [applied]);
  const select = (key: keyof Filters, label: string, options: Array<[string, string]>) => (
    <div class="field">
      <label for={`filter-${key}`}>{label}</label>
      <select id={`filter-${key}`} value={filters[key]} onChange={(e) => setFilters({ ...filters, [key]: e.currentTarget.value })}>
        <option value="">{t.publicList.all}</option>
        {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select>
    </div>
  );
  return (
    <>
      <PageTitle>{t.publicList.title}</PageTitle>
      <p>{t.publicList.intro}</p>
      <form class="filters" onSubmit={(e) => (e.preventDefault(), setApplied(filters))} aria-label={t.publicList.filters}>
        {select('status', t.track.status, STATUSES.map((s) => [s, t.status[s]!]))}
        {select('category', t.form.category.replace(/ \*$/, ''), region.categories.map((c) => [c.id, c.label]))}
        {select('classification', t.form.classification.replace(/ \*$/, ''), region.classifications.map((c) => [c.id, t.classification[c.id]]))}
        <button type="submit" class="button">{t.publicList.apply}</button>
      </form>
      {failed && <p role="alert">{t.errors.NETWORK}</p>}
      {!loading && items.length === 0 && !failed && <p>{t.publicList.empty}</p>}
      <ul class="cards" aria-busy={loading ? 'true' : 'false'}>
        {items.map((item) => (
          <li key={item.trackingId} class="card">
            <h2><Link href={`/laporan/${item.trackingId}`}>{item.title}</Link></h2>
            <p class="meta">
              {t.classification[item.classification]} · {t.status[item.status]} · {formatDate(item.submittedAt, lang, region.timeZone)}
            </p>
            <p class="meta">{item.reporterName ? t.publicList.by(item.reporterName) : t.publicList.anonymous}</p>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" class="button" disabled={loading} onClick={() => load(applied, cursor)}>{t.publicList.more}</button>
      )}
    </>
  );
}
