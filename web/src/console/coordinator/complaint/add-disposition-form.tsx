// One more agency for a complaint already dispositioned (re-disposition after a return, or a second agency).
import { useState } from 'preact/hooks';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { Problems } from '../../ui/announce';
import { agencyName, type Agency } from '../../ui/agencies';
import { uiText } from '../../ui/text';
import { useSubmit } from '../../ui/use-submit';
import { complaintText } from './text';
import type { AdminView } from './types';

export function AddDispositionForm(props: { view: AdminView; agencies: Agency[]; onDone: (view: AdminView, message: string) => void }) {
  const t = useText(complaintText);
  const ui = useText(uiText);
  const holding = props.view.agencyIds ?? [];
  const options = props.agencies.filter((a) => a.active && !holding.includes(a.agencyId));
  const [agencyId, setAgencyId] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const { busy, problems, submit } = useSubmit({ agencyId: t.add.agency, note: t.add.note });
  const send = async (e: Event) => {
    e.preventDefault();
    if (!agencyId) return setMissing(true);
    setMissing(false);
    const view = await submit(async () =>
      (await staffApi()).POST('/admin/complaints/{trackingId}/dispositions', {
        params: { path: { trackingId: props.view.trackingId } },
        body: { agencyId, ...(note.trim() && { note: note.trim() }) },
      }),
    );
    if (view) {
      props.onDone(view, t.done.added(agencyName(props.agencies, agencyId)));
      setAgencyId('');
      setNote('');
    }
  };
  return (
    <form onSubmit={send} class="panel" aria-labelledby="add-title" noValidate>
      <h3 id="add-title">{t.add.title}</h3>
      <Problems title={ui.errorTitle} items={problems} />
      <div class={`field${missing ? ' field-invalid' : ''}`}>
        <label for="add-agency">{t.add.agency}</label>
        {missing && <p id="add-agency-error" class="error">{t.add.pick}</p>}
        <select id="add-agency" value={agencyId} aria-describedby={missing ? 'add-agency-error' : undefined} onChange={(e) => setAgencyId(e.currentTarget.value)}>
          <option value="">{t.add.choose}</option>
          {options.map((a) => (
            <option key={a.agencyId} value={a.agencyId}>{a.name}</option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="add-note">{t.add.note}</label>
        <textarea id="add-note" value={note} maxLength={1000} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>
        {busy ? ui.saving : t.add.submit}
      </button>
    </form>
  );
}
