import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import type { PreparedFile } from '../../ui/files';
import { uploadEvidence, type UploadState } from './upload';

/** Each file with its own progress bar and retry; the receipt is one step away whatever happens. */
export function Uploads(props: { trackingId: string; accessToken: string; files: PreparedFile[]; onDone: () => void }) {
  const { t } = useI18n();
  const [states, setStates] = useState<Record<string, UploadState>>(() =>
    Object.fromEntries(props.files.map((f) => [f.key, { phase: 'waiting', progress: 0 }])),
  );
  const set = (key: string, state: UploadState) => setStates((all) => ({ ...all, [key]: state }));
  const run = async (file: PreparedFile) => {
    set(file.key, { phase: 'uploading', progress: 0 });
    try {
      await uploadEvidence(props.trackingId, props.accessToken, file, (p) => set(file.key, { phase: 'uploading', progress: p }));
      set(file.key, { phase: 'done', progress: 1 });
    } catch {
      set(file.key, { phase: 'failed', progress: 0 });
    }
  };
  useEffect(() => {
    (async () => {
      // One at a time: on a slow connection parallel uploads only make each slower.
      for (const file of props.files) await run(file);
    })();
  }, []);
  const all = Object.values(states);
  const settled = all.every((s) => s.phase === 'done' || s.phase === 'failed');
  const allDone = all.every((s) => s.phase === 'done');
  useEffect(() => {
    if (allDone) props.onDone();
  }, [allDone]);
  return (
    <section aria-labelledby="uploads-title">
      <h2 id="uploads-title">{t.form.uploadsTitle}</h2>
      <p>{t.form.uploadsIntro}</p>
      <ul class="uploads">
        {props.files.map((f) => {
          const s = states[f.key]!;
          return (
            <li key={f.key}>
              <label for={`progress-${f.key}`}>{f.name}</label>
              <progress id={`progress-${f.key}`} max={100} value={Math.round(s.progress * 100)} />
              {s.phase === 'done' && <p class="ok">{t.form.uploadDone}</p>}
              {s.phase === 'failed' && (
                <p class="error">
                  {t.form.uploadFailed}{' '}
                  <button type="button" class="button" onClick={() => run(f)}>{t.form.retry(f.name)}</button>
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {settled && !allDone && (
        <button type="button" class="button primary" onClick={props.onDone}>{t.form.continueWithout}</button>
      )}
    </section>
  );
}
