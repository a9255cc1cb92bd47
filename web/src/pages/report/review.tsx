import { useI18n } from '../../i18n';
import { formatDate } from '../../ui/format';
import { useRegion } from '../../ui/region';
import { toSubmitBody, type Draft } from './draft';

export function Review(props: { draft: Draft; sending: boolean; onEdit: () => void; onSend: () => void }) {
  const { t, lang } = useI18n();
  const region = useRegion();
  const d = props.draft;
  const body = toSubmitBody(d);
  const yesNo = (v: boolean) => (v ? t.form.yes : t.form.no);
  const rows: Array<[string, string]> = [
    [t.form.classification, d.classification ? t.classification[d.classification] : ''],
    [t.form.titleLabel, body.title],
    [t.form.description, body.description],
    [t.form.category, region.categories.find((c) => c.id === d.category)?.label ?? ''],
    [t.form.incidentDate, d.incidentDate ? formatDate(`${d.incidentDate}T12:00:00Z`, lang, region.timeZone) : t.form.none],
    [t.form.location, body.location?.address ?? (d.coords ? `${d.coords.lat.toFixed(5)}, ${d.coords.lon.toFixed(5)}` : t.form.none)],
    [t.form.anonymous, yesNo(d.anonymous)],
    [t.form.confidential, yesNo(d.confidential)],
    [t.form.name, d.name || t.form.none],
    [t.form.email, d.email || t.form.none],
    [t.form.phone, d.phone || t.form.none],
    [t.form.emailUpdates, yesNo(d.emailUpdates)],
    [t.form.files, d.files.map((f) => f.name).join(', ') || t.form.none],
  ];
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">{t.form.review}</h2>
      <p>{t.form.reviewIntro}</p>
      <dl class="review">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k.replace(/ \*$/, '')}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div class="actions">
        <button type="button" class="button" onClick={props.onEdit} disabled={props.sending}>{t.form.edit}</button>
        <button type="button" class="button primary" onClick={props.onSend} aria-disabled={props.sending ? 'true' : undefined}>
          {props.sending ? t.form.sending : t.form.send}
        </button>
      </div>
    </section>
  );
}
