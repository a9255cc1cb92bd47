// Emails not delivered (GET /admin/notifications/undelivered): what it was, to whom, why in plain
// words (the provider's own text folded under it), and the complaint or agency to act on.
import { Link } from 'wouter-preact';
import type { components } from '../../../api/schema';
import { useI18n } from '../../../i18n';
import { formatDate } from '../../../ui/format';
import { PageTitle } from '../../../ui/page-title';
import { useRegion } from '../../../ui/region';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { agencyName, useAgencies } from '../../ui/agencies';
import { uiText } from '../../ui/text';
import '../../ui/console-ui.css';
import { reasonOf } from './reason';
import { undeliveredText } from './text';
import { DataTable } from '../../ui/data-table';
import { usePagedList } from '../../../ui/paged-list';

type Item = components['schemas']['UndeliveredNotification'];

export function UndeliveredPage() {
  const t = useText(undeliveredText);
  const ui = useText(uiText);
  const { lang } = useI18n();
  const region = useRegion();
  const agencies = useAgencies();
  const { items, cursor, loading, failed, load } = usePagedList<Item>(
    async (after) => (await (await staffApi()).GET('/admin/notifications/undelivered', { params: { query: { limit: 50, ...(after && { cursor: after }) } } })).data,
  );
  const date = (iso: string) => formatDate(iso, lang, region.timeZone, true);
  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      <p class="narrow">{t.intro}</p>
      {failed && (
        <div role="alert">
          <p>{ui.loadFailed}</p>
          <button type="button" class="button" onClick={() => void load()}>{ui.retry}</button>
        </div>
      )}
      {!loading && !failed && items.length === 0 && <p>{t.empty}</p>}
      {items.length > 0 && (
        <DataTable caption={t.caption} columns={[t.columns.what, t.columns.recipient, t.columns.reason, t.columns.state, t.columns.failedAt]} busy={loading }>
            {items.map((item) => (
              <tr key={item.notificationId}>
                <th scope="row">
                  {t.kinds[item.kind]}
                  {item.trackingId && (
                    <>
                      <br />
                      <Link href={`/konsol/aduan/${item.trackingId}`}>{t.complaint(item.trackingId)}</Link>
                    </>
                  )}
                  {item.agencyId && (
                    <>
                      <br />
                      <Link href="/konsol/opd">{t.agencyEmails(agencyName(agencies, item.agencyId))}</Link>
                    </>
                  )}
                </th>
                <td data-label={t.columns.recipient} class="emails">{item.recipient}</td>
                <td data-label={t.columns.reason}>
                  {t.reasons[reasonOf(item.reason)]}
                  <details class="technical">
                    <summary>{t.technical}</summary>
                    <p lang="en">{item.reason}</p>
                  </details>
                </td>
                <td data-label={t.columns.state}>
                  <span class={item.state === 'FAILED' ? 'badge warn' : 'badge'}>{t.states[item.state]}</span>
                  <p class="meta">
                    {t.attempts(item.attempts)}
                    {item.nextAttemptAt && <>. {t.nextAttempt(date(item.nextAttemptAt))}</>}
                  </p>
                </td>
                <td data-label={t.columns.failedAt}>{date(item.failedAt)}</td>
              </tr>
            ))}
        </DataTable>
      )}
      {loading && <p aria-busy="true">{ui.loading}</p>}
      {cursor && !loading && <button type="button" class="button" onClick={() => void load(cursor)}>{ui.more}</button>}
    </>
  );
}
