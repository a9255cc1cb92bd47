import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import type { FieldError } from '../../api/errors';
import { useI18n } from '../../i18n';
import { describedBy, ErrorSummary, errorFor, Field } from '../../ui/fields';
import { PageTitle } from '../../ui/page-title';
import { setAccessCode } from './access';

export function TrackForm(props: { trackingId?: string; initialError?: FieldError[] }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [trackingId, setTrackingId] = useState(props.trackingId ?? '');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FieldError[]>(props.initialError ?? []);
  const summaryRef = useRef<HTMLDivElement>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    const id = trackingId.trim().toUpperCase();
    const problems: FieldError[] = [];
    if (!/^[A-Z]{2,6}-[0-9A-Z]{1,20}$/.test(id)) problems.push({ field: 'trackingId', message: t.fieldErrors.trackingId! });
    if (!code.trim()) problems.push({ field: 'accessCode', message: t.fieldErrors.accessCode! });
    setErrors(problems);
    if (problems.length) return setTimeout(() => summaryRef.current?.focus(), 0);
    setAccessCode(id, code.trim());
    navigate(`/lacak/${encodeURIComponent(id)}`);
  };
  const err = (f: string) => errorFor(errors, f);
  return (
    <>
      {!props.trackingId && <PageTitle>{t.track.title}</PageTitle>}
      <p>{t.track.intro}</p>
      <ErrorSummary title={t.form.errorsTitle} errors={errors} summaryRef={summaryRef} />
      <form noValidate onSubmit={submit}>
        <Field id="trackingId" label={t.track.trackingId} error={err('trackingId')}>
          <input id="trackingId" type="text" autoCapitalize="characters" autoComplete="off" value={trackingId} onInput={(e) => setTrackingId(e.currentTarget.value)} aria-describedby={describedBy('trackingId', false, err('trackingId'))} aria-invalid={err('trackingId') ? 'true' : undefined} />
        </Field>
        <Field id="accessCode" label={t.track.accessCode} error={err('accessCode')}>
          <input id="accessCode" type="password" autoComplete="off" value={code} onInput={(e) => setCode(e.currentTarget.value)} aria-describedby={describedBy('accessCode', false, err('accessCode'))} aria-invalid={err('accessCode') ? 'true' : undefined} />
        </Field>
        <button type="submit" class="button primary">{t.track.submit}</button>
      </form>
    </>
  );
}
