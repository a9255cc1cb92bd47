// The agency list: add, edit name and emails, deactivate (no new dispositions) and reactivate.
import { useEffect, useState } from 'preact/hooks';
import { PageTitle } from '../../../ui/page-title';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { refreshAgencies, useAgencies, type Agency } from '../../ui/agencies';
import { Announcement, Problems } from '../../ui/announce';
import { uiText } from '../../ui/text';
import { useSubmit } from '../../ui/use-submit';
import '../../ui/console-ui.css';
import { AgencyForm } from './agency-form';
import { agenciesText } from './text';
import { DataTable } from '../../ui/data-table';

export function AgenciesPage() {
  const t = useText(agenciesText);
  const ui = useText(uiText);
  const agencies = useAgencies();
  const [editing, setEditing] = useState<Agency | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [addKey, setAddKey] = useState(0);
  const toggle = useSubmit();
  useEffect(() => {
    if (editing) document.getElementById('edit-title')?.focus();
  }, [editing?.agencyId]);
  const saved = async (_agency: Agency, said: string) => {
    await refreshAgencies().catch(() => undefined);
    setEditing(undefined);
    setAddKey((k) => k + 1);
    setMessage(said);
  };
  const setActive = async (agency: Agency, active: boolean) => {
    const result = await toggle.submit(async () =>
      (await staffApi()).PUT('/admin/agencies/{agencyId}', { params: { path: { agencyId: agency.agencyId } }, body: { name: agency.name, emails: agency.emails, active } }),
    );
    if (result) await saved(result, active ? t.activated(result.name) : t.deactivated(result.name));
  };
  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      <p>{t.intro}</p>
      <Announcement message={message} />
      <Problems title={ui.errorTitle} items={toggle.problems} />
      {editing && <AgencyForm key={editing.agencyId} agency={editing} taken={[]} onSaved={saved} onCancel={() => setEditing(undefined)} />}
      {!agencies ? (
        <p aria-busy="true">{ui.loading}</p>
      ) : (
        <DataTable caption={t.caption} columns={[t.columns.name, t.columns.agencyId, t.columns.emails, t.columns.state, t.columns.actions]}>
            {agencies.map((a) => (
              <tr key={a.agencyId}>
                <th scope="row">{a.name}</th>
                <td data-label={t.columns.agencyId} class="nowrap"><code>{a.agencyId}</code></td>
                <td data-label={t.columns.emails} class="emails">{a.emails.join(', ')}</td>
                <td data-label={t.columns.state}>
                  <span class={a.active ? 'badge' : 'badge warn'}>{a.active ? t.active : t.inactive}</span>
                </td>
                <td data-label={t.columns.actions}>
                  <div class="actions-cell">
                    <button type="button" class="button" aria-label={t.edit(a.name)} onClick={() => setEditing(a)}>{t.editShort}</button>
                    <button type="button" class="button" aria-label={a.active ? t.deactivate(a.name) : t.activate(a.name)} onClick={() => void setActive(a, !a.active)}>
                      {a.active ? t.deactivateShort : t.activateShort}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
        </DataTable>
      )}
      <AgencyForm key={`add-${addKey}`} taken={(agencies ?? []).map((a) => a.agencyId)} onSaved={saved} />
    </>
  );
}
