// Correct title, category or classification while verifying; only the changed fields are sent, and
// the timeline records each with its old value.
import { useState } from 'preact/hooks';
import { useI18n } from '../../../i18n';
import { useRegion } from '../../../ui/region';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { Problems } from '../../ui/announce';
import { uiText } from '../../ui/text';
import { useSubmit } from '../../ui/use-submit';
import { complaintText } from './text';
import type { AdminView } from './types';

type Classification = AdminView['classification'];

export function CorrectForm(props: { view: AdminView; onDone: (view: AdminView, message: string) => void }) {
  const t = useText(complaintText);
  const ui = useText(uiText);
  const { t: portal } = useI18n();
  const region = useRegion();
  const v = props.view;
  const [title, setTitle] = useState(v.title);
  const [category, setCategory] = useState(v.category ?? '');
  const [classification, setClassification] = useState<Classification>(v.classification);
  const { busy, problems, setProblems, submit } = useSubmit({ title: t.correct.fieldTitle, category: t.correct.fieldCategory, classification: t.correct.fieldClassification });
  const send = async (e: Event) => {
    e.preventDefault();
    const body = {
      ...(title.trim() !== v.title && { title: title.trim() }),
      ...(category && category !== (v.category ?? '') && { category }),
      ...(classification !== v.classification && { classification }),
    };
    if (Object.keys(body).length === 0) return setProblems([t.correct.nothing]);
    const view = await submit(async () =>
      (await staffApi()).POST('/admin/complaints/{trackingId}/correction', { params: { path: { trackingId: v.trackingId } }, body }),
    );
    if (view) props.onDone(view, t.done.corrected);
  };
  return (
    <form onSubmit={send} class="panel" aria-labelledby="correct-title">
      <h3 id="correct-title">{t.correct.title}</h3>
      <p class="hint">{t.correct.hint}</p>
      <Problems title={ui.errorTitle} items={problems} />
      <div class="field">
        <label for="correct-title-field">{t.correct.fieldTitle}</label>
        <input id="correct-title-field" type="text" value={title} maxLength={200} onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="correct-category">{t.correct.fieldCategory}</label>
        <select id="correct-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
          {!v.category && <option value="">{t.correct.noCategory}</option>}
          {region.categories.map((c) => (
            <option key={c.id} value={c.id}>{c.label}</option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="correct-classification">{t.correct.fieldClassification}</label>
        <select id="correct-classification" value={classification} onChange={(e) => setClassification(e.currentTarget.value as Classification)}>
          {region.classifications.map((c) => (
            <option key={c.id} value={c.id}>{portal.classification[c.id]}</option>
          ))}
        </select>
      </div>
      <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>
        {busy ? ui.saving : t.correct.submit}
      </button>
    </form>
  );
}
