// A complaint received by phone, in person, by letter or on social media, keyed in on a citizen's
// behalf. One Idempotency-Key per form fill: a double click or a retried request files it once.
import { useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import type { components } from '../../../api/schema';
import { useI18n } from '../../../i18n';
import { newIdempotencyKey } from '../../../pages/report/draft';
import { Field } from '../../../ui/fields';
import { PageTitle } from '../../../ui/page-title';
import { useRegion } from '../../../ui/region';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { Problems } from '../../ui/announce';
import { uiText } from '../../ui/text';
import { useSubmit } from '../../ui/use-submit';
import '../../ui/console-ui.css';
import { keyInText } from './text';

type Body = components['schemas']['KeyInComplaintBody'];
type Submitted = components['schemas']['SubmittedComplaint'];
const CHANNELS = ['PHONE', 'IN_PERSON', 'LETTER', 'SOCIAL_MEDIA'] as const;
const EMPTY = { channel: '', classification: '', title: '', description: '', category: '', address: '', incidentDate: '', name: '', email: '', phone: '', anonymous: false, confidential: false };
type Form = typeof EMPTY;

export function KeyInPage() {
  const t = useText(keyInText);
  const ui = useText(uiText);
  const [form, setForm] = useState<Form>(EMPTY);
  const [key, setKey] = useState(newIdempotencyKey);
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const [saved, setSaved] = useState<Submitted | undefined>();
  const { busy, problems, submit } = useSubmit({
    classification: t.classification, title: t.titleField, description: t.description, category: t.category, 'location.address': t.address,
    incidentDate: t.incidentDate, 'reporter.name': t.name, 'reporter.email': t.email, 'reporter.phone': t.phone, channel: t.channel,
  });
  const top = useRef<HTMLDivElement>(null);

  const check = (): Partial<Record<keyof Form, string>> => ({
    ...(!form.channel && { channel: t.chooseChannel }),
    ...(!form.classification && { classification: t.chooseClassification }),
    ...(form.title.trim().length < 5 && { title: t.tooShort(t.titleField, 5) }),
    ...(form.description.trim().length < 10 && { description: t.tooShort(t.description, 10) }),
  });
  const send = async (e: Event) => {
    e.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.keys(found).length > 0) return void document.getElementById(Object.keys(found)[0]!)?.focus();
    const reporter = { ...(form.name.trim() && { name: form.name.trim() }), ...(form.email.trim() && { email: form.email.trim() }), ...(form.phone.trim() && { phone: form.phone.trim() }) };
    const body: Body = {
      channel: form.channel as Body['channel'],
      classification: form.classification as Body['classification'],
      title: form.title.trim(),
      description: form.description.trim(),
      ...(form.category && { category: form.category }),
      ...(form.address.trim() && { location: { address: form.address.trim() } }),
      ...(form.incidentDate && { incidentDate: form.incidentDate }),
      anonymous: form.anonymous,
      confidential: form.confidential,
      ...(Object.keys(reporter).length > 0 && { reporter }),
    };
    const result = await submit(async () => (await staffApi()).POST('/admin/complaints', { params: { header: { 'Idempotency-Key': key } }, body }));
    if (result) setSaved(result);
    else top.current?.scrollIntoView();
  };
  const again = () => {
    setForm(EMPTY);
    setKey(newIdempotencyKey());
    setSaved(undefined);
  };

  if (saved) return <Saved saved={saved} onAgain={again} />;
  const text = (name: keyof Form, label: string, options: { hint?: string; type?: string; multiline?: boolean; max?: number } = {}) => (
    <Field id={name} label={label} hint={options.hint} error={errors[name]}>
      {options.multiline ? (
        <textarea id={name} value={form[name] as string} maxLength={options.max} aria-invalid={errors[name] ? 'true' : undefined} aria-describedby={describe(name, options.hint)} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
      ) : (
        <input id={name} type={options.type ?? 'text'} value={form[name] as string} maxLength={options.max} aria-invalid={errors[name] ? 'true' : undefined} aria-describedby={describe(name, options.hint)} onInput={(e) => setForm({ ...form, [name]: e.currentTarget.value })} />
      )}
    </Field>
  );
  const describe = (name: keyof Form, hint?: string) => [hint && `${name}-hint`, errors[name] && `${name}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      <p>{t.intro}</p>
      <div ref={top}>
        <Problems title={ui.errorTitle} items={problems} />
      </div>
      <form onSubmit={send} noValidate class="key-in">
        <KeyInChoices form={form} setForm={setForm} errors={errors} />
        {text('title', t.titleField, { hint: t.titleHint, max: 200 })}
        {text('description', t.description, { hint: t.descriptionHint, multiline: true, max: 5000 })}
        <CategoryField value={form.category} onChange={(category) => setForm({ ...form, category })} />
        {text('address', t.address, { max: 500 })}
        {text('incidentDate', t.incidentDate, { type: 'date' })}
        <fieldset>
          <legend>{t.reporter}</legend>
          {text('name', t.name, { max: 100 })}
          {text('email', t.email, { type: 'email', hint: t.emailHint, max: 254 })}
          {text('phone', t.phone, { type: 'tel', max: 20 })}
        </fieldset>
        <fieldset>
          <legend>{t.privacy}</legend>
          <div class="choice">
            <input id="anonymous" type="checkbox" checked={form.anonymous} onChange={(e) => setForm({ ...form, anonymous: e.currentTarget.checked })} />
            <label for="anonymous">{t.anonymous}</label>
          </div>
          <div class="choice">
            <input id="confidential" type="checkbox" checked={form.confidential} onChange={(e) => setForm({ ...form, confidential: e.currentTarget.checked })} />
            <label for="confidential">{t.confidential}</label>
          </div>
        </fieldset>
        <button type="submit" class="button primary" aria-disabled={busy ? 'true' : undefined}>
          {busy ? ui.saving : t.submit}
        </button>
      </form>
    </>
  );
}

function KeyInChoices(props: { form: Form; setForm: (f: Form) => void; errors: Partial<Record<keyof Form, string>> }) {
  const t = useText(keyInText);
  const { t: portal } = useI18n();
  const region = useRegion();
  const radios = (name: 'channel' | 'classification', legend: string, options: Array<[string, string]>) => (
    <fieldset id={name} tabIndex={-1} class={props.errors[name] ? 'field-invalid' : undefined} aria-describedby={props.errors[name] ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      {props.errors[name] && <p id={`${name}-error`} class="error">{props.errors[name]}</p>}
      {options.map(([value, label]) => (
        <div class="choice-inline" key={value}>
          <input type="radio" name={name} id={`${name}-${value}`} checked={props.form[name] === value} onChange={() => props.setForm({ ...props.form, [name]: value })} />
          <label for={`${name}-${value}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
  return (
    <>
      {radios('channel', t.channel, CHANNELS.map((c) => [c, t.channels[c]]))}
      {radios('classification', t.classification, region.classifications.map((c) => [c.id, portal.classification[c.id]]))}
    </>
  );
}

function CategoryField(props: { value: string; onChange: (v: string) => void }) {
  const t = useText(keyInText);
  const region = useRegion();
  return (
    <div class="field">
      <label for="category">{t.category}</label>
      <select id="category" value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t.noCategory}</option>
        {region.categories.map((c) => (
          <option key={c.id} value={c.id}>{c.label}</option>
        ))}
      </select>
    </div>
  );
}

function Saved(props: { saved: Submitted; onAgain: () => void }) {
  const t = useText(keyInText);
  return (
    <>
      <PageTitle>{t.savedTitle}</PageTitle>
      <p>{t.handOver}</p>
      <dl class="codes">
        <div><dt>{t.trackingId}</dt><dd><code>{props.saved.trackingId}</code></dd></div>
        <div><dt>{t.accessCode}</dt><dd><code>{props.saved.accessToken}</code></dd></div>
      </dl>
      <div class="actions">
        <Link href={`/konsol/aduan/${props.saved.trackingId}`} class="button primary">{t.open}</Link>
        <button type="button" class="button" onClick={props.onAgain}>{t.another}</button>
      </div>
    </>
  );
}
