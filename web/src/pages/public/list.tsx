// Laporan publik: recent non-confidential complaints, filtered and paged by the API's cursor.
import { usePagedList } from '../../ui/paged-list';
import { useState } from 'preact/hooks';
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
  const { items, cursor, loading, failed, load } = usePagedList<PublicListItem>(async (after) => {
    const query = {
      ...(applied.status && { status: applied.status as (typeof STATUSES)[number] }),
      ...(applied.category && { category: applied.category }),
      ...(applied.classification && { classification: applied.classification as PublicListItem['classification'] }),
      ...(after && { cursor: after }),
      limit: 20,
    };
    return (await api().GET('/complaints', { params: { query } })).data;
  }, [applied]);
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
        <button type="button" class="button" disabled={loading} onClick={() => void load(cursor)}>{t.publicList.more}</button>
      )}
    </>
  );
}
