// The complaint's dispositions; an overdue one without follow-up can be withdrawn with a reason.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../../../i18n';
import { formatDate } from '../../../ui/format';
import { useRegion } from '../../../ui/region';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { Problems } from '../../ui/announce';
import { uiText } from '../../ui/text';
import { useSubmit } from '../../ui/use-submit';
import { complaintText } from './text';
import type { AdminDisposition, AdminView } from './types';
import { DataTable } from '../../ui/data-table';

export function Dispositions(props: { view: AdminView; onDone: (view: AdminView, message: string) => void }) {
  const t = useText(complaintText);
  const { t: portal, lang } = useI18n();
  const region = useRegion();
  // The withdrawal form opens in a full-width row under its disposition, not inside a narrow cell.
  const [withdrawing, setWithdrawing] = useState<string | undefined>();
  const list = props.view.dispositions;
  if (list.length === 0) return <p>{t.noDispositions}</p>;
  const date = (iso: string) => formatDate(iso, lang, region.timeZone);
  const withActions = list.some((d) => d.actions.length > 0);
  return (
    <DataTable caption={t.dispositionsCaption} captionHidden columns={[t.columns.agency, t.columns.status, t.columns.dispositionedAt, t.columns.deadline, withActions && t.columns.actions]}>
        {list.map((d) => (
          <Fragment key={d.agencyId}>
            <tr>
              <td data-label={t.columns.agency}>{d.agencyName}</td>
              <td data-label={t.columns.status}>
                {portal.status[d.status]}
                {(d.returnReason || d.withdrawReason) && <p class="meta">{t.reason}: {d.withdrawReason ?? d.returnReason}</p>}
              </td>
              <td data-label={t.columns.dispositionedAt}>{date(d.dispositionedAt)}</td>
              <td data-label={t.columns.deadline}>{date(d.deadline)}</td>
              {withActions && (
                <td data-label={t.columns.actions}>
                  {d.actions.includes('WITHDRAW') ? (
                    <button type="button" class="button" aria-label={t.withdraw.open(d.agencyName)} aria-expanded={withdrawing === d.agencyId ? 'true' : 'false'} onClick={() => setWithdrawing(withdrawing === d.agencyId ? undefined : d.agencyId)}>
                      {t.withdraw.submit}
                    </button>
                  ) : (
                    '–'
                  )}
                </td>
              )}
            </tr>
            {withdrawing === d.agencyId && (
              <tr class="form-row">
                <td colSpan={5}>
                  <Withdraw view={props.view} disposition={d} onDone={props.onDone} onCancel={() => setWithdrawing(undefined)} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
    </DataTable>
  );
}

function Withdraw(props: { view: AdminView; disposition: AdminDisposition; onDone: (view: AdminView, message: string) => void; onCancel: () => void }) {
  const t = useText(complaintText);
  const ui = useText(uiText);
  const d = props.disposition;
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const { busy, problems, submit } = useSubmit({ reason: t.reason });
  const id = `withdraw-${d.agencyId}`;
  const send = async (e: Event) => {
    e.preventDefault();
    if (!reason.trim()) return setMissing(true);
    const view = await submit(async () =>
      (await staffApi()).POST('/admin/complaints/{trackingId}/dispositions/{agencyId}/withdrawal', {
        params: { path: { trackingId: props.view.trackingId, agencyId: d.agencyId } },
        body: { reason: reason.trim() },
      }),
    );
    if (view) props.onDone(view, t.done.withdrawn(d.agencyName));
  };
  return (
    <form onSubmit={send} noValidate class="narrow">
      <Problems title={ui.errorTitle} items={problems} />
      <div class={`field${missing ? ' field-invalid' : ''}`}>
        <label for={id}>{t.withdraw.reason(d.agencyName)}</label>
        {missing && <p id={`${id}-error`} class="error">{t.withdraw.giveReason}</p>}
        <textarea id={id} value={reason} maxLength={1000} aria-describedby={missing ? `${id}-error` : undefined} onInput={(e) => (setReason(e.currentTarget.value), e.currentTarget.value.trim() && setMissing(false))} />
      </div>
      <div class="actions">
        <button type="submit" class="button primary" aria-disabled={busy ? 'true' : undefined}>{busy ? ui.saving : t.withdraw.submit}</button>
        <button type="button" class="button" onClick={props.onCancel}>{ui.cancel}</button>
      </div>
    </form>
  );
}
