// Return the disposition to the coordinator (bukan wewenang) with a reason; offered only while the
// API's actions include RETURN.
import { useRef, useState } from 'preact/hooks';
import { describedBy, Field } from '../../../ui/fields';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { agencyText } from '../text';

export function ReturnForm(props: { trackingId: string; onReturned: () => void }) {
  const t = useText(agencyText).disposition;
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const ref = useRef<HTMLTextAreaElement>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    if (!reason.trim()) {
      setFieldError(t.required);
      ref.current?.focus();
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      const { data } = await (await staffApi()).POST('/agency/dispositions/{trackingId}/return', {
        params: { path: { trackingId: props.trackingId } },
        body: { reason: reason.trim() },
      });
      if (data) props.onReturned();
      else setError(t.failed);
    } catch {
      setError(t.failed);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="return-title">
      <h2 id="return-title">{t.returnTitle}</h2>
      <p>{t.returnIntro}</p>
      <div role="alert">{error && <p class="error">{error}</p>}</div>
      <form onSubmit={submit} noValidate>
        <Field id="reason" label={t.reason} {...(fieldError && { error: fieldError })}>
          <textarea
            id="reason"
            ref={ref}
            value={reason}
            maxLength={1000}
            aria-describedby={describedBy('reason', false, fieldError)}
            aria-invalid={fieldError ? 'true' : undefined}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" class="button" disabled={busy}>{t.returnButton}</button>
      </form>
    </section>
  );
}
