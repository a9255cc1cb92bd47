// The coordinator's queue: counts per status, filters kept in the address, a table (cards on a
// phone), and the API's cursor behind "Muat lebih banyak".
import { usePagedList } from '../../../ui/paged-list';
import { Link, useLocation, useSearch } from 'wouter-preact';
import type { components } from '../../../api/schema';
import { useI18n } from '../../../i18n';
import { formatDate } from '../../../ui/format';
import { PageTitle } from '../../../ui/page-title';
import { useRegion } from '../../../ui/region';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { useAgencies } from '../../ui/agencies';
import { uiText } from '../../ui/text';
import '../../ui/console-ui.css';
import './queue.css';
import { StatusCounts } from './counts';
import { QueueFilters } from './queue-filters';
import { apiQuery, filtersFromSearch, searchOf, type Filters } from './filters';
import { queueText } from './text';
import { DataTable } from '../../ui/data-table';

type Item = components['schemas']['ComplaintListItem'];
const PATH = '/konsol/aduan';

export function QueuePage() {
  const t = useText(queueText);
  const ui = useText(uiText);
  const { t: portal, lang } = useI18n();
  const region = useRegion();
  const agencies = useAgencies();
  const search = useSearch();
  const [, navigate] = useLocation();
  const applied = filtersFromSearch(search);
  const { items, cursor, loading, failed, load } = usePagedList<Item>(
    async (after) => (await (await staffApi()).GET('/admin/complaints', { params: { query: apiQuery(applied, after) } })).data,
    [search],
  );

  const go = (f: Filters) => navigate(`${PATH}${searchOf(f)}`);
  const date = (iso: string) => formatDate(iso, lang, region.timeZone);
  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      <p>
        <Link href="/konsol/aduan/baru">{t.keyIn}</Link>
      </p>
      <StatusCounts current={applied.status} hrefFor={(status) => `${PATH}${searchOf({ ...applied, status })}`} />
      <QueueFilters key={search} applied={applied} agencies={agencies ?? []} onApply={go} onClear={() => navigate(PATH)} />
      {failed && (
        <div role="alert">
          <p>{ui.loadFailed}</p>
          <button type="button" class="button" onClick={() => void load()}>{ui.retry}</button>
        </div>
      )}
      <p role="status" class="meta">{loading ? ui.loading : items.length === 0 ? t.empty : t.shown(items.length)}</p>
      {items.length > 0 && (
        <DataTable caption={t.tableCaption} columns={[t.columns.trackingId, t.columns.title, t.columns.classification, t.columns.status, t.columns.submittedAt, t.columns.deadline]} busy={loading }>
            {items.map((item) => (
              <tr key={item.trackingId}>
                <td data-label={t.columns.trackingId} class="nowrap">
                  <code>{item.trackingId}</code>
                </td>
                <td data-label={t.columns.title}>
                  <Link href={`${PATH}/${item.trackingId}`}>{item.title}</Link>
                  {item.anonymous && <> <span class="badge">{t.anonymous}</span></>}
                  {item.confidential && <> <span class="badge">{t.confidential}</span></>}
                </td>
                <td data-label={t.columns.classification}>{portal.classification[item.classification]}</td>
                <td data-label={t.columns.status}>{portal.status[item.status]}</td>
                <td data-label={t.columns.submittedAt} class="nowrap">{date(item.submittedAt)}</td>
                <td data-label={t.columns.deadline}>
                  <span class="nowrap">{date(item.verificationDeadline)}</span>
                  {item.verificationOverdue && <> <span class="badge warn">{t.overdueBadge}</span></>}
                </td>
              </tr>
            ))}
        </DataTable>
      )}
      {cursor && (
        <button type="button" class="button" disabled={loading} onClick={() => void load(cursor)}>
          {ui.more}
        </button>
      )}
    </>
  );
}
