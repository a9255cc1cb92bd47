// The evidence picker of the report form and the agency's follow-up: files checked on the device first.
import { useI18n } from '../i18n';
import { formatMegabytes } from './format';
import { useRegion } from './region';
import { prepareFile, type PreparedFile } from './files';

let nextKey = 0;

export function FilePicker(props: { files: PreparedFile[]; onChange: (files: PreparedFile[]) => void; errors: string[]; setErrors: (e: string[]) => void }) {
  const { t, lang } = useI18n();
  const { attachments } = useRegion();
  const mb = formatMegabytes(attachments.maxBytes, lang);
  const add = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const chosen = [...(input.files ?? [])];
    input.value = '';
    const problems: string[] = [];
    const kept = [...props.files];
    for (const file of chosen) {
      if (kept.length >= attachments.maxPerComplaint) {
        problems.push(t.fileErrors.count(attachments.maxPerComplaint));
        break;
      }
      const result = await prepareFile(file, attachments.maxBytes, `f${nextKey++}`);
      if ('kind' in result) problems.push(result.kind === 'size' ? t.fileErrors.size(result.name, mb) : t.fileErrors[result.kind](result.name));
      else kept.push(result);
    }
    props.setErrors(problems);
    props.onChange(kept);
  };
  return (
    <div class={`field${props.errors.length ? ' field-invalid' : ''}`}>
      <label for="files">{t.form.files}</label>
      <p id="files-hint" class="hint">{t.form.filesHint(attachments.maxPerComplaint, mb)}</p>
      <div id="files-error" role="alert">
        {props.errors.map((message) => <p class="error" key={message}>{message}</p>)}
      </div>
      <input id="files" type="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf" onChange={add} aria-describedby="files-hint files-error" />
      {props.files.length > 0 && (
        <ul class="file-list">
          {props.files.map((f) => (
            <li key={f.key}>
              <span>{f.name} ({formatMegabytes(f.blob.size, lang)})</span>
              <button type="button" class="link" onClick={() => props.onChange(props.files.filter((x) => x.key !== f.key))}>{t.form.removeFile(f.name)}</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
