// Add an agency, or edit one's name and notification emails (the code never changes).
import { useState } from 'preact/hooks';
import { Field } from '../../../ui/fields';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { Problems } from '../../ui/announce';
import type { Agency } from '../../ui/agencies';
import { uiText } from '../../ui/text';
import { useSubmit } from '../../ui/use-submit';
import { agenciesText } from './text';

const AGENCY_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function AgencyForm(props: { agency?: Agency; taken: readonly string[]; onSaved: (agency: Agency, message: string) => void; onCancel?: () => void }) {
  const t = useText(agenciesText);
  const ui = useText(uiText);
  const editing = props.agency;
  const prefix = editing ? 'edit' : 'add';
  const [agencyId, setAgencyId] = useState(editing?.agencyId ?? '');
  const [name, setName] = useState(editing?.name ?? '');
  const [emails, setEmails] = useState(editing?.emails.join('\n') ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy, problems, submit } = useSubmit({ name: t.name, emails: t.emails, agencyId: t.agencyId });
  const send = async (e: Event) => {
    e.preventDefault();
    const list = emails.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
    const found: Record<string, string> = {
      ...(!editing && !AGENCY_ID.test(agencyId.trim()) && { id: t.badId }),
      ...(!editing && props.taken.includes(agencyId.trim()) && { id: t.taken }),
      ...(name.trim().length < 2 && { name: t.needName }),
      ...(list.length === 0 && { emails: t.needEmail }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return void document.getElementById(`${prefix}-${Object.keys(found)[0]}`)?.focus();
    const id = editing?.agencyId ?? agencyId.trim();
    const saved = await submit(async () =>
      (await staffApi()).PUT('/admin/agencies/{agencyId}', {
        params: { path: { agencyId: id } },
        body: { name: name.trim(), emails: list, active: editing?.active ?? true },
      }),
    );
    if (saved) props.onSaved(saved, editing ? t.saved(saved.name) : t.added(saved.name));
  };
  const title = editing ? t.editTitle(editing.name) : t.addTitle;
  const described = (field: string, hint?: boolean) => [hint && `${prefix}-${field}-hint`, errors[field] && `${prefix}-${field}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <form class="panel narrow" onSubmit={send} noValidate aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`} tabIndex={-1}>{title}</h2>
      <Problems title={ui.errorTitle} items={problems} />
      {!editing && (
        <Field id={`${prefix}-id`} label={t.agencyId} hint={t.agencyIdHint} error={errors.id}>
          <input id={`${prefix}-id`} type="text" value={agencyId} maxLength={63} autocapitalize="none" aria-describedby={described('id', true)} onInput={(e) => setAgencyId(e.currentTarget.value)} />
        </Field>
      )}
      <Field id={`${prefix}-name`} label={t.name} error={errors.name}>
        <input id={`${prefix}-name`} type="text" value={name} maxLength={200} aria-describedby={described('name')} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <Field id={`${prefix}-emails`} label={t.emails} hint={t.emailsHint} error={errors.emails}>
        <textarea id={`${prefix}-emails`} value={emails} rows={3} aria-describedby={described('emails', true)} onInput={(e) => setEmails(e.currentTarget.value)} />
      </Field>
      <div class="actions">
        <button type="submit" class="button primary" aria-disabled={busy ? 'true' : undefined}>{busy ? ui.saving : editing ? t.save : t.add}</button>
        {props.onCancel && <button type="button" class="button" onClick={props.onCancel}>{ui.cancel}</button>}
      </div>
    </form>
  );
}
