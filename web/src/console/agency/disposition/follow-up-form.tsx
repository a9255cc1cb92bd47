// Post a follow-up (tindak lanjut) with evidence: the files go first, each with its progress, then
// the message; the final one completes the disposition. Nothing typed is lost on a failure.
import { useRef, useState } from 'preact/hooks';
import { describedBy, Field } from '../../../ui/fields';
import { FilePicker } from '../../../ui/file-picker';
import type { PreparedFile } from '../../../ui/files';
import { uploadFile, type UploadSteps } from '../../../ui/upload';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { agencyText } from '../text';
import type { AgencyView } from './disposition-page';

export function FollowUpForm(props: { view: AgencyView; onPosted: (view: AgencyView, notice: string) => void }) {
  const t = useText(agencyText).disposition;
  const trackingId = props.view.trackingId;
  const [message, setMessage] = useState('');
  const [final, setFinal] = useState(false);
  const [files, setFiles] = useState<PreparedFile[]>([]);
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  const [progress, setProgress] = useState<Record<string, number>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const messageRef = useRef<HTMLTextAreaElement>(null);

  const steps: UploadSteps = {
    async request(file) {
      const { data, response } = await (await staffApi()).POST('/agency/dispositions/{trackingId}/attachments', {
        params: { path: { trackingId } },
        body: { fileName: file.name, contentType: file.type, size: file.blob.size },
      });
      if (!data) throw new Error(`upload request: HTTP ${response.status}`);
      return data;
    },
    async complete(attachmentId) {
      const { data, response } = await (await staffApi()).POST('/agency/dispositions/{trackingId}/attachments/{attachmentId}/complete', {
        params: { path: { trackingId, attachmentId } },
      });
      if (!data) throw new Error(`upload check: HTTP ${response.status}`);
    },
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    if (!message.trim()) {
      setFieldError(t.required);
      messageRef.current?.focus();
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      // Evidence first: a follow-up never claims files that did not arrive.
      for (const file of files) {
        try {
          await uploadFile(steps, file, (p) => setProgress((all) => ({ ...all, [file.key]: p })));
        } catch {
          setError(t.uploadFailed(file.name));
          return;
        }
        setFiles((all) => all.filter((f) => f.key !== file.key));
      }
      const { data } = await (await staffApi()).POST('/agency/dispositions/{trackingId}/follow-ups', {
        params: { path: { trackingId } },
        body: { message: message.trim(), ...(final && { final: true }) },
      });
      if (!data) {
        setError(t.failed);
        return;
      }
      setMessage('');
      setFinal(false);
      setProgress({});
      props.onPosted(data, final ? t.completed : t.sent);
    } catch {
      setError(t.failed);
    } finally {
      setBusy(false);
    }
  };

  const uploading = files.filter((f) => progress[f.key] !== undefined);
  return (
    <section aria-labelledby="follow-up-title">
      <h2 id="follow-up-title">{t.followUpTitle}</h2>
      <div role="alert">{error && <p class="error">{error}</p>}</div>
      <form onSubmit={submit} noValidate>
        <Field id="message" label={t.message} hint={t.messageHint} {...(fieldError && { error: fieldError })}>
          <textarea
            id="message"
            ref={messageRef}
            value={message}
            maxLength={5000}
            aria-describedby={describedBy('message', true, fieldError)}
            aria-invalid={fieldError ? 'true' : undefined}
            onInput={(e) => setMessage(e.currentTarget.value)}
          />
        </Field>
        <FilePicker files={files} onChange={setFiles} errors={fileErrors} setErrors={setFileErrors} />
        {uploading.length > 0 && (
          <ul class="uploads" aria-label={t.uploadsTitle}>
            {uploading.map((f) => (
              <li key={f.key}>
                <label for={`progress-${f.key}`}>{f.name}</label>
                <progress id={`progress-${f.key}`} max={100} value={Math.round((progress[f.key] ?? 0) * 100)} />
              </li>
            ))}
          </ul>
        )}
        {props.view.actions.includes('COMPLETE') && (
          <div class="choice">
            <input id="final" type="checkbox" checked={final} onChange={(e) => setFinal(e.currentTarget.checked)} />
            <label for="final">{t.final}</label>
          </div>
        )}
        <button type="submit" class="button primary" disabled={busy}>{busy ? t.sending : t.send}</button>
      </form>
    </section>
  );
}
