import type { FieldError } from '../../api/errors';
import { useI18n } from '../../i18n';
import { describedBy, errorFor, Field } from '../../ui/fields';
import { useRegion } from '../../ui/region';
import { DESCRIPTION_MAX, TITLE_MAX, type Draft } from './draft';
import { FilePicker } from '../../ui/file-picker';
import { LocationFields } from './location-fields';

export interface FormProps {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  errors: FieldError[];
  fileErrors: string[];
  setFileErrors: (errors: string[]) => void;
  onNext: () => void;
}

export function ReportForm({ draft, update, errors, fileErrors, setFileErrors, onNext }: FormProps) {
  const { t } = useI18n();
  const region = useRegion();
  const err = (field: string) => errorFor(errors, field);
  const input = (field: keyof Draft) => (e: Event) => update({ [field]: (e.currentTarget as HTMLInputElement).value } as Partial<Draft>);
  const check = (field: keyof Draft) => (e: Event) => update({ [field]: (e.currentTarget as HTMLInputElement).checked } as Partial<Draft>);
  return (
    <form noValidate onSubmit={(e) => (e.preventDefault(), onNext())}>
      <p>{t.form.intro}</p>
      <fieldset class={`field${err('classification') ? ' field-invalid' : ''}`} aria-describedby={describedBy('classification', false, err('classification'))}>
        <legend>{t.form.classification}</legend>
        {err('classification') && <p id="classification-error" class="error">{err('classification')}</p>}
        {region.classifications.map((c, i) => (
          <div class="choice" key={c.id}>
            <input type="radio" name="classification" id={i === 0 ? 'classification' : `classification-${c.id}`} value={c.id} checked={draft.classification === c.id} onChange={() => update({ classification: c.id })} aria-describedby={`cls-${c.id}-hint`} />
            <label for={i === 0 ? 'classification' : `classification-${c.id}`}>{t.classification[c.id]}</label>
            <p id={`cls-${c.id}-hint`} class="hint">{c.description}</p>
          </div>
        ))}
      </fieldset>
      <Field id="title" label={t.form.titleLabel} hint={t.form.titleHint} error={err('title')}>
        <input id="title" type="text" maxLength={TITLE_MAX} value={draft.title} onInput={input('title')} aria-describedby={describedBy('title', true, err('title'))} aria-invalid={err('title') ? 'true' : undefined} />
      </Field>
      <Field id="description" label={t.form.description} hint={t.form.descriptionHint} error={err('description')}>
        <textarea id="description" rows={6} maxLength={DESCRIPTION_MAX} value={draft.description} onInput={input('description')} aria-describedby={`${describedBy('description', true, err('description'))} description-counter`} aria-invalid={err('description') ? 'true' : undefined} />
        <p id="description-counter" class="counter" aria-live="polite">{t.form.counter(draft.description.length, DESCRIPTION_MAX)}</p>
      </Field>
      <Field id="category" label={t.form.category} error={err('category')}>
        <select id="category" value={draft.category} onChange={input('category')} aria-describedby={describedBy('category', false, err('category'))} aria-invalid={err('category') ? 'true' : undefined}>
          <option value="">{t.form.choose}</option>
          {region.categories.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
        </select>
      </Field>
      <Field id="incidentDate" label={t.form.incidentDate} error={err('incidentDate')}>
        <input id="incidentDate" type="date" value={draft.incidentDate} onInput={input('incidentDate')} aria-describedby={describedBy('incidentDate', false, err('incidentDate'))} aria-invalid={err('incidentDate') ? 'true' : undefined} />
      </Field>
      <LocationFields draft={draft} update={update} error={err('address')} />
      <fieldset>
        <legend>{t.form.privacy}</legend>
        <div class="choice">
          <input type="checkbox" id="anonymous" checked={draft.anonymous} onChange={check('anonymous')} aria-describedby="anonymous-hint" />
          <label for="anonymous">{t.form.anonymous}</label>
          <p id="anonymous-hint" class="hint">{t.form.anonymousHint}</p>
        </div>
        <div class="choice">
          <input type="checkbox" id="confidential" checked={draft.confidential} onChange={check('confidential')} aria-describedby="confidential-hint" />
          <label for="confidential">{t.form.confidential}</label>
          <p id="confidential-hint" class="hint">{t.form.confidentialHint}</p>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t.form.contact}</legend>
        <p class="hint">{t.form.contactHint}</p>
        <Field id="name" label={t.form.name} error={err('name')}>
          <input id="name" type="text" autoComplete="name" maxLength={100} value={draft.name} onInput={input('name')} aria-describedby={describedBy('name', false, err('name'))} aria-invalid={err('name') ? 'true' : undefined} />
        </Field>
        <Field id="email" label={t.form.email} error={err('email')}>
          <input id="email" type="email" autoComplete="email" value={draft.email} onInput={input('email')} aria-describedby={describedBy('email', false, err('email'))} aria-invalid={err('email') ? 'true' : undefined} />
        </Field>
        <Field id="phone" label={t.form.phone} error={err('phone')}>
          <input id="phone" type="tel" autoComplete="tel" value={draft.phone} onInput={input('phone')} aria-describedby={describedBy('phone', false, err('phone'))} aria-invalid={err('phone') ? 'true' : undefined} />
        </Field>
        <div class="choice">
          <input type="checkbox" id="emailUpdates" checked={draft.emailUpdates} onChange={check('emailUpdates')} />
          <label for="emailUpdates">{t.form.emailUpdates}</label>
        </div>
      </fieldset>
      <FilePicker files={draft.files} onChange={(files) => update({ files })} errors={fileErrors} setErrors={setFileErrors} />
      <button type="submit" class="button primary">{t.form.next}</button>
    </form>
  );
}
