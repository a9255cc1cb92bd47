// Exactly the actions the reporter view lists (the rules stay in the API's core).
import { useState } from 'preact/hooks';
import { api, type ReporterAction, type ReporterView } from '../../api/client';
import { fieldErrorsOf, networkError, type FieldError } from '../../api/errors';
import { useI18n } from '../../i18n';
import { errorFor, Field } from '../../ui/fields';
import { useRegion } from '../../ui/region';
import { prepareFile } from '../../ui/files';
import { uploadEvidence } from '../report/upload';
import { formatMegabytes } from '../../ui/format';

type Props = { view: ReporterView; accessCode: string; onChanged: () => void };

function useAction(onChanged: () => void) {
  const { t } = useI18n();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const run = async (call: () => Promise<{ data?: unknown; error?: unknown; response: Response }>, success: string) => {
    if (busy) return;
    setBusy(true);
    setDone('');
    try {
      const { data, error, response } = await call();
      if (data) {
        setErrors([]);
        setDone(success);
        onChanged();
      } else setErrors(fieldErrorsOf(error as never, response.status, t));
    } catch {
      setErrors(networkError(t));
    } finally {
      setBusy(false);
    }
  };
  return { errors, busy, done, run, setErrors };
}

function MessageAction(props: Props & { kind: 'RESPOND' | 'REOPEN' | 'RATE' }) {
  const { t } = useI18n();
  const { errors, busy, done, run, setErrors } = useAction(props.onChanged);
  const [message, setMessage] = useState('');
  const [rating, setRating] = useState(0);
  const id = props.kind.toLowerCase();
  const titles = { RESPOND: t.track.respond, REOPEN: t.track.reopen, RATE: t.track.rate };
  const labels = { RESPOND: t.track.message, REOPEN: t.track.reopenMessage, RATE: t.track.ratingMessage };
  const submit = (e: Event) => {
    e.preventDefault();
    if (props.kind === 'RATE' && !rating) return setErrors([{ field: 'rating', message: t.fieldErrors.rating! }]);
    const text = message.trim() || (props.kind === 'RATE' ? `${rating}/5` : '');
    if (!text) return setErrors([{ field: 'message', message: t.fieldErrors.message! }]);
    run(
      () =>
        api().POST('/complaints/{trackingId}/responses', {
          params: { path: { trackingId: props.view.trackingId } },
          headers: { 'X-Access-Token': props.accessCode },
          body: { message: text, ...(props.kind === 'RATE' && { rating }), ...(props.kind === 'REOPEN' && { reopen: true }) },
        }),
      t.track.sent,
    );
  };
  const general = errors.filter((e) => e.field === '' || (e.field !== 'message' && e.field !== 'rating'));
  return (
    <form class="action" noValidate onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{titles[props.kind]}</h3>
      {props.kind === 'REOPEN' && <p class="hint">{t.track.reopenHint}</p>}
      {props.kind === 'RATE' && (
        <fieldset class="rating">
          <legend>{t.track.ratingLabel}</legend>
          {errorFor(errors, 'rating') && <p class="error">{errorFor(errors, 'rating')}</p>}
          {[1, 2, 3, 4, 5].map((n) => (
            <span class="choice-inline" key={n}>
              <input type="radio" name="rating" id={`rating-${n}`} value={n} checked={rating === n} onChange={() => setRating(n)} />
              <label for={`rating-${n}`}>{n}</label>
            </span>
          ))}
        </fieldset>
      )}
      <Field id={`${id}-message`} label={labels[props.kind]} error={errorFor(errors, 'message')}>
        <textarea id={`${id}-message`} rows={3} maxLength={5000} value={message} onInput={(e) => setMessage(e.currentTarget.value)} />
      </Field>
      {general.map((e) => <p class="error" role="alert" key={e.message}>{e.message}</p>)}
      <p aria-live="polite" class="ok">{done}</p>
      <button type="submit" class="button primary" aria-disabled={busy ? 'true' : undefined}>{props.kind === 'RATE' ? t.track.rateSubmit : titles[props.kind]}</button>
    </form>
  );
}

function EscalateAction(props: Props) {
  const { t } = useI18n();
  const { errors, busy, done, run } = useAction(props.onChanged);
  const [shareContact, setShareContact] = useState(false);
  // Consent is offered only where it can mean something: an anonymous reporter's details never go.
  const mayShare = !props.view.anonymous && props.view.reporter !== undefined;
  return (
    <section class="action" aria-labelledby="escalate-title">
      <h3 id="escalate-title">{t.track.escalate}</h3>
      <p>{t.track.escalateHint}</p>
      {mayShare ? (
        <div class="choice">
          <input type="checkbox" id="shareContact" checked={shareContact} onChange={(e) => setShareContact(e.currentTarget.checked)} aria-describedby="shareContact-hint" />
          <label for="shareContact">{t.track.shareContact}</label>
          <p id="shareContact-hint" class="hint">{t.track.shareContactHint}</p>
        </div>
      ) : (
        <p>{t.track.escalateContact}</p>
      )}
      {errors.map((e) => <p class="error" role="alert" key={e.message}>{e.message}</p>)}
      <p aria-live="polite" class="ok">{done}</p>
      <button
        type="button"
        class="button primary"
        aria-disabled={busy ? 'true' : undefined}
        onClick={() =>
          run(
            () =>
              api().POST('/complaints/{trackingId}/escalation', {
                params: { path: { trackingId: props.view.trackingId } },
                headers: { 'X-Access-Token': props.accessCode },
                body: { shareContact: mayShare && shareContact },
              }),
            t.track.escalated,
          )
        }
      >
        {t.track.escalateConfirm}
      </button>
    </section>
  );
}

function EvidenceAction(props: Props) {
  const { t, lang } = useI18n();
  const { attachments } = useRegion();
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const [progress, setProgress] = useState<number>();
  const add = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const prepared = await prepareFile(file, attachments.maxBytes, 'evidence');
    if ('kind' in prepared) {
      const mb = formatMegabytes(attachments.maxBytes, lang);
      return setMessage({ error: true, text: prepared.kind === 'size' ? t.fileErrors.size(prepared.name, mb) : t.fileErrors[prepared.kind](prepared.name) });
    }
    setMessage(undefined);
    setProgress(0);
    try {
      await uploadEvidence(props.view.trackingId, props.accessCode, prepared, setProgress);
      setMessage({ error: false, text: t.form.uploadDone });
      props.onChanged();
    } catch {
      setMessage({ error: true, text: t.form.uploadFailed });
    }
  };
  return (
    <section class="action" aria-labelledby="evidence-title">
      <h3 id="evidence-title">{t.track.addEvidence}</h3>
      <label for="evidence">{t.form.files}</label>
      <p id="evidence-hint" class="hint">{t.form.filesHint(attachments.maxPerComplaint, formatMegabytes(attachments.maxBytes, lang))}</p>
      <input id="evidence" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" onChange={add} aria-describedby="evidence-hint" />
      {progress !== undefined && <progress max={100} value={Math.round(progress * 100)} aria-label={t.form.uploadsTitle} />}
      <p role="status" class={message?.error ? 'error' : 'ok'}>{message?.text}</p>
    </section>
  );
}

const ORDER: ReporterAction[] = ['RATE', 'REOPEN', 'ESCALATE', 'RESPOND', 'ADD_EVIDENCE'];

export function ReporterActions(props: Props) {
  const { t } = useI18n();
  const actions = ORDER.filter((a) => props.view.actions.includes(a));
  if (actions.length === 0) return null;
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">{t.track.actions}</h2>
      {actions.map((a) =>
        a === 'ESCALATE' ? <EscalateAction key={a} {...props} /> : a === 'ADD_EVIDENCE' ? <EvidenceAction key={a} {...props} /> : <MessageAction key={a} kind={a} {...props} />,
      )}
    </section>
  );
}
