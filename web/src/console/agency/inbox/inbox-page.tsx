// Disposisi masuk: the agency's dispositions, nearest deadline first, paged by the API's cursor.
// Overdue and escalation-eligible ones say so in words, not only in colour.
import { usePagedList } from '../../../ui/paged-list';
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import type { Schemas } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { formatDate } from '../../../ui/format';
import { PageTitle } from '../../../ui/page-title';
import { useRegion } from '../../../ui/region';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { agencyText } from '../text';
import '../agency.css';

type Item = Schemas['DispositionListItem'];
type Status = Item['status'];
type Sort = 'deadline' | 'newest';
const STATUSES: readonly Status[] = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'RETURNED'];
const PAGE_SIZE = 20;

export function InboxPage() {
  const t = useText(agencyText).inbox;
  const { t: portal, lang } = useI18n();
  const region = useRegion();
  const [status, setStatus] = useState<Status | ''>('');
  const [sort, setSort] = useState<Sort>('deadline');
  const [applied, setApplied] = useState({ status, sort });
  const date = (iso: string) => formatDate(iso, lang, region.timeZone);

  const { items, cursor, loading, failed, load } = usePagedList<Item>(
    async (after) =>
      (
        await (await staffApi()).GET('/agency/dispositions', {
          params: { query: { sort: applied.sort, limit: PAGE_SIZE, ...(applied.status && { status: applied.status }), ...(after && { cursor: after }) } },
        })
      ).data,
    [applied],
  );

  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      <p>{t.intro}</p>
      <form class="filters" aria-label={t.filters} onSubmit={(e) => (e.preventDefault(), setApplied({ status, sort }))}>
        <div class="field">
          <label for="filter-status">{t.status}</label>
          <select id="filter-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as Status | '')}>
            <option value="">{t.all}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{portal.status[s]}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="filter-sort">{t.sort}</label>
          <select id="filter-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
            <option value="deadline">{t.byDeadline}</option>
            <option value="newest">{t.newest}</option>
          </select>
        </div>
        <button type="submit" class="button">{t.apply}</button>
      </form>
      {failed && <p role="alert" class="error">{t.failed}</p>}
      {!loading && !failed && items.length === 0 && <p>{t.empty}</p>}
      <ul class="cards" aria-label={t.listLabel} aria-busy={loading ? 'true' : 'false'}>
        {items.map((item) => (
          <li key={item.trackingId} class={`card${item.overdue || item.escalationEligible ? ' card-alert' : ''}`}>
            <h2><Link href={`/konsol/disposisi/${item.trackingId}`}>{item.title}</Link></h2>
            {(item.overdue || item.escalationEligible) && (
              <p class="flags">
                {item.overdue && <strong class="flag">{t.overdue}</strong>}
                {item.escalationEligible && <strong class="flag">{t.escalation}</strong>}
              </p>
            )}
            <p class="meta">
              <code>{item.trackingId}</code> · {portal.classification[item.classification]} · {portal.status[item.status]}
            </p>
            <p class="meta">{t.deadline(date(item.deadline))} · {t.dispositioned(date(item.dispositionedAt))}</p>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" class="button" disabled={loading} onClick={() => void load(cursor)}>{t.more}</button>
      )}
    </>
  );
}
