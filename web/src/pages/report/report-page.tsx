// Buat laporan: form → review → send (one Idempotency-Key per review, so a double tap or a retry
// files one complaint) → uploads → receipt.
import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { api } from '../../api/client';
import { fieldErrorsOf, networkError, type FieldError } from '../../api/errors';
import { useI18n } from '../../i18n';
import { ErrorSummary } from '../../ui/fields';
import { PageTitle } from '../../ui/page-title';
import { useRegion } from '../../ui/region';
import { setReceipt } from '../receipt/store';
import { checkDraft, emptyDraft, newIdempotencyKey, toSubmitBody, type Draft } from './draft';
import { ReportForm } from './form';
import { Review } from './review';
import { Uploads } from './uploads';

type Step = { kind: 'form' } | { kind: 'review'; key: string } | { kind: 'uploads'; trackingId: string; accessToken: string };

export function ReportPage() {
  const { t } = useI18n();
  const region = useRegion();
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const sendingRef = useRef(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  const showErrors = (list: FieldError[]) => {
    setErrors(list);
    setStep({ kind: 'form' });
    setTimeout(() => summaryRef.current?.focus(), 0);
  };
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: region.timeZone }).format(new Date());
  const next = () => {
    const problems = checkDraft(draft, t, today);
    if (problems.length) return showErrors(problems);
    setErrors([]);
    setStep({ kind: 'review', key: newIdempotencyKey() });
    window.scrollTo(0, 0);
  };
  const send = async () => {
    if (step.kind !== 'review' || sendingRef.current) return;
    sendingRef.current = true;
    setSending(true);
    try {
      const { data, error, response } = await api().POST('/complaints', {
        params: { header: { 'Idempotency-Key': step.key } },
        body: toSubmitBody(draft),
      });
      if (!data) return showErrors(fieldErrorsOf(error as never, response.status, t));
      setReceipt({ trackingId: data.trackingId, accessToken: data.accessToken, verificationDeadline: data.verificationDeadline });
      if (draft.files.length === 0) navigate('/tanda-terima');
      else setStep({ kind: 'uploads', trackingId: data.trackingId, accessToken: data.accessToken });
    } catch {
      showErrors(networkError(t));
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  };
  return (
    <>
      <PageTitle>{t.form.title}</PageTitle>
      <ErrorSummary title={t.form.errorsTitle} errors={errors} summaryRef={summaryRef} />
      {step.kind === 'form' && (
        <ReportForm draft={draft} update={(patch) => setDraft((d) => ({ ...d, ...patch }))} errors={errors} fileErrors={fileErrors} setFileErrors={setFileErrors} onNext={next} />
      )}
      {step.kind === 'review' && <Review draft={draft} sending={sending} onEdit={() => setStep({ kind: 'form' })} onSend={send} />}
      {step.kind === 'uploads' && <Uploads trackingId={step.trackingId} accessToken={step.accessToken} files={draft.files} onDone={() => navigate('/tanda-terima')} />}
    </>
  );
}
