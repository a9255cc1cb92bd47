// Verification: disposition to several agencies (the picker), hold, archive or not-our-authority,
// offered only as the view's actions allow; archive and not-our-authority need a reason.
import { useState } from 'preact/hooks';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { Problems } from '../../ui/announce';
import type { Agency } from '../../ui/agencies';
import { AgencyPicker } from '../../ui/agency-picker';
import { uiText } from '../../ui/text';
import { useSubmit } from '../../ui/use-submit';
import { complaintText } from './text';
import type { AdminView } from './types';

const VERIFY = ['DISPOSITION', 'HOLD', 'ARCHIVE', 'NOT_AUTHORITY'] as const;
type Verify = (typeof VERIFY)[number];

export function VerifyForm(props: { view: AdminView; agencies: Agency[]; onDone: (view: AdminView, message: string) => void }) {
  const t = useText(complaintText);
  const ui = useText(uiText);
  const offered = VERIFY.filter((a) => props.view.actions.includes(a));
  const [action, setAction] = useState<Verify | undefined>();
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<'agencies' | 'reason' | undefined>();
  const [privacy, setPrivacy] = useState({ anonymous: false, confidential: false, publicAttachments: false });
  const { busy, problems, submit } = useSubmit({ agencyIds: t.verify.agencies, reason: t.reason });
  if (offered.length === 0) return null;
  const reasonNeeded = action === 'ARCHIVE' || action === 'NOT_AUTHORITY';
  const send = async (e: Event) => {
    e.preventDefault();
    if (!action) return;
    if (action === 'DISPOSITION' && chosen.length === 0) return setMissing('agencies');
    if (reasonNeeded && !reason.trim()) return setMissing('reason');
    setMissing(undefined);
    // Only raised, never lowered: the API refuses making a report less private than the reporter chose.
    const raised = Object.fromEntries(Object.entries(privacy).filter(([, on]) => on));
    const body = action === 'DISPOSITION' ? { action, agencyIds: chosen, ...raised } : { action, ...(reason.trim() && { reason: reason.trim() }), ...raised };
    const view = await submit(async () =>
      (await staffApi()).POST('/admin/complaints/{trackingId}/verification', { params: { path: { trackingId: props.view.trackingId } }, body }),
    );
    if (view) props.onDone(view, action === 'DISPOSITION' ? t.done.DISPOSITION(chosen.length) : t.done[action]);
  };
  return (
    <form onSubmit={send} class="panel" aria-labelledby="verify-title" noValidate>
      <h3 id="verify-title">{t.verify.title}</h3>
      <Problems title={ui.errorTitle} items={problems} />
      <fieldset>
        <legend>{t.verify.legend}</legend>
        {offered.map((a) => (
          <div class="choice" key={a}>
            <input type="radio" name="verify-action" id={`verify-${a}`} checked={action === a} onChange={() => setAction(a)} />
            <label for={`verify-${a}`}>{t.verify[a]}</label>
          </div>
        ))}
      </fieldset>
      {action === 'DISPOSITION' && (
        <AgencyPicker
          id="verify-agencies"
          legend={t.verify.agencies}
          agencies={props.agencies}
          chosen={chosen}
          onChange={setChosen}
          error={missing === 'agencies' ? t.verify.pickAgency : undefined}
        />
      )}
      {action && action !== 'DISPOSITION' && (
        <div class={`field${missing === 'reason' ? ' field-invalid' : ''}`}>
          <label for="verify-reason">{reasonNeeded ? t.verify.reasonRequired : t.verify.reasonOptional}</label>
          {missing === 'reason' && <p id="verify-reason-error" class="error">{t.verify.giveReason}</p>}
          <textarea
            id="verify-reason"
            value={reason}
            maxLength={1000}
            aria-invalid={missing === 'reason' ? 'true' : undefined}
            aria-describedby={missing === 'reason' ? 'verify-reason-error' : undefined}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </div>
      )}
      {action && <PrivacyChoices view={props.view} value={privacy} onChange={setPrivacy} />}
      <button type="submit" class="button primary" disabled={!action} aria-disabled={busy ? 'true' : undefined}>
        {busy ? ui.saving : t.verify.submit}
      </button>
    </form>
  );
}

type Privacy = { anonymous: boolean; confidential: boolean; publicAttachments: boolean };

/** Make the report more private at verification, or release the reporter's files to the public view. */
function PrivacyChoices(props: { view: AdminView; value: Privacy; onChange: (p: Privacy) => void }) {
  const t = useText(complaintText);
  const v = props.view;
  const confidential = v.confidential || props.value.confidential;
  const files = v.attachments.some((a) => a.uploadedBy.role === 'reporter');
  const box = (key: keyof Privacy, label: string, hint?: string) => (
    <div class="choice">
      <input type="checkbox" id={`verify-${key}`} checked={props.value[key]} aria-describedby={hint ? `verify-${key}-hint` : undefined} onChange={(e) => props.onChange({ ...props.value, [key]: e.currentTarget.checked, ...(key === 'confidential' && e.currentTarget.checked && { publicAttachments: false }) })} />
      <label for={`verify-${key}`}>{label}</label>
      {hint && <p id={`verify-${key}-hint`} class="hint">{hint}</p>}
    </div>
  );
  if (v.anonymous && v.confidential && !files) return null;
  return (
    <fieldset>
      <legend>{t.privacy.legend}</legend>
      {!v.anonymous && box('anonymous', t.privacy.anonymous)}
      {!v.confidential && box('confidential', t.privacy.confidential)}
      {files && !confidential && box('publicAttachments', t.privacy.publicAttachments, t.privacy.publicAttachmentsHint)}
    </fieldset>
  );
}
