import { useEffect, useState } from 'preact/hooks';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { Problems } from '../../ui/announce';
import type { Agency } from '../../ui/agencies';
import { uiText } from '../../ui/text';
import { useSubmit } from '../../ui/use-submit';
import type { StaffUser } from './invite-form';
import { staffText } from './text';

/** Moves an agency officer to another agency; the next token renewal carries the new one. */
export function MoveForm(props: { user: StaffUser; agencies: readonly Agency[]; onMoved: (user: StaffUser) => void; onCancel: () => void }) {
  const t = useText(staffText);
  const ui = useText(uiText);
  const [agencyId, setAgencyId] = useState(props.user.agencyId ?? '');
  const { busy, problems, submit } = useSubmit({ agencyId: t.newAgency });
  useEffect(() => document.getElementById('move-title')?.focus(), []);
  const send = async (e: Event) => {
    e.preventDefault();
    const user = await submit(async () =>
      (await staffApi()).PUT('/admin/staff/{userId}/agency', { params: { path: { userId: props.user.userId } }, body: { agencyId } }),
    );
    if (user) props.onMoved(user);
  };
  return (
    <form class="panel narrow" onSubmit={send} aria-labelledby="move-title">
      <h2 id="move-title" tabIndex={-1}>{t.moveTitle(props.user.name ?? props.user.email)}</h2>
      <Problems title={ui.errorTitle} items={problems} />
      <div class="field">
        <label for="move-agency">{t.newAgency}</label>
        <select id="move-agency" value={agencyId} onChange={(e) => setAgencyId(e.currentTarget.value)}>
          {props.agencies.filter((a) => a.active).map((a) => (
            <option key={a.agencyId} value={a.agencyId}>{a.name}</option>
          ))}
        </select>
      </div>
      <div class="actions">
        <button type="submit" class="button primary" aria-disabled={busy ? 'true' : undefined}>{busy ? ui.saving : t.saveMove}</button>
        <button type="button" class="button" onClick={props.onCancel}>{ui.cancel}</button>
      </div>
    </form>
  );
}
