// Invite a coordinator, an agency officer (with the agency) or an auditor by email.
import { useState } from 'preact/hooks';
import type { components } from '../../../api/schema';
import { Field } from '../../../ui/fields';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { Problems } from '../../ui/announce';
import type { Agency } from '../../ui/agencies';
import { uiText } from '../../ui/text';
import { useSubmit } from '../../ui/use-submit';
import { staffText } from './text';

export type StaffUser = components['schemas']['StaffUser'];
const ROLES = ['agency', 'admin', 'auditor'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function InviteForm(props: { agencies: readonly Agency[]; onInvited: (user: StaffUser) => void }) {
  const t = useText(staffText);
  const ui = useText(uiText);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number] | ''>('');
  const [agencyId, setAgencyId] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy, problems, submit } = useSubmit({ email: t.email, name: t.name, role: t.role, agencyId: t.agency });
  const send = async (e: Event) => {
    e.preventDefault();
    const found: Record<string, string> = {
      ...(!EMAIL.test(email.trim()) && { email: t.needEmail }),
      ...(!role && { role: t.needRole }),
      ...(role === 'agency' && !agencyId && { agency: t.needAgency }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return void document.getElementById(`invite-${Object.keys(found)[0]}`)?.focus();
    const user = await submit(async () =>
      (await staffApi()).POST('/admin/staff', {
        body: { email: email.trim(), role: role as StaffUser['role'], ...(name.trim() && { name: name.trim() }), ...(role === 'agency' && { agencyId }) },
      }),
    );
    if (user) props.onInvited(user);
  };
  return (
    <form class="panel narrow" onSubmit={send} noValidate aria-labelledby="invite-title">
      <h2 id="invite-title">{t.inviteTitle}</h2>
      <p class="hint">{t.inviteHint}</p>
      <Problems title={ui.errorTitle} items={problems} />
      <Field id="invite-email" label={t.email} error={errors.email}>
        <input id="invite-email" type="email" value={email} maxLength={254} autocomplete="off" aria-describedby={errors.email ? 'invite-email-error' : undefined} onInput={(e) => setEmail(e.currentTarget.value)} />
      </Field>
      <Field id="invite-name" label={t.name}>
        <input id="invite-name" type="text" value={name} maxLength={100} autocomplete="off" onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <fieldset id="invite-role" tabIndex={-1} class={errors.role ? 'field-invalid' : undefined} aria-describedby={errors.role ? 'invite-role-error' : undefined}>
        <legend>{t.role}</legend>
        {errors.role && <p id="invite-role-error" class="error">{errors.role}</p>}
        {ROLES.map((r) => (
          <div class="choice" key={r}>
            <input type="radio" name="invite-role" id={`invite-role-${r}`} checked={role === r} onChange={() => setRole(r)} />
            <label for={`invite-role-${r}`}>{t.roles[r]}</label>
          </div>
        ))}
      </fieldset>
      {role === 'agency' && (
        <Field id="invite-agency" label={t.agency} error={errors.agency}>
          <select id="invite-agency" value={agencyId} aria-describedby={errors.agency ? 'invite-agency-error' : undefined} onChange={(e) => setAgencyId(e.currentTarget.value)}>
            <option value="">{t.chooseAgency}</option>
            {props.agencies.filter((a) => a.active).map((a) => (
              <option key={a.agencyId} value={a.agencyId}>{a.name}</option>
            ))}
          </select>
        </Field>
      )}
      <button type="submit" class="button primary" aria-disabled={busy ? 'true' : undefined}>{busy ? ui.saving : t.invite}</button>
    </form>
  );
}
