// Counts per status (LAPOR! words) for this year, from the summary report; each count filters the queue.
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import type { components } from '../../../api/schema';
import { useI18n } from '../../../i18n';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { STATUSES } from './filters';
import { queueText } from './text';

type Summary = components['schemas']['ComplaintSummary'];

export function StatusCounts(props: { current: string; hrefFor: (status: string) => string }) {
  const t = useText(queueText);
  const { t: portal } = useI18n();
  const [summary, setSummary] = useState<Summary | undefined>();
  useEffect(() => {
    staffApi()
      .then((client) => client.GET('/reports/summary'))
      .then(({ data }) => setSummary(data))
      .catch(() => undefined);
  }, []);
  if (!summary) return null;
  const count = (status: string) => summary.byStatus.find((s) => s.status === status)?.count ?? 0;
  return (
    <nav aria-labelledby="counts-title">
      <h2 id="counts-title">{t.countsTitle(summary.period)}</h2>
      <ul class="counts">
        <li>
          <Link href={props.hrefFor('')} aria-current={props.current === '' ? 'true' : undefined}>
            <span>{t.countsAll}</span>
            <strong>{summary.total}</strong>
          </Link>
        </li>
        {STATUSES.map((status) => (
          <li key={status}>
            <Link href={props.hrefFor(status)} aria-current={props.current === status ? 'true' : undefined}>
              <span>{portal.status[status]}</span>
              <strong>{count(status)}</strong>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
