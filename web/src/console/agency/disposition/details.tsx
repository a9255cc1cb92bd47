// What the agency reads of a complaint: the facts, its own disposition, the files and the history
// the API lets it see (render what the API returns, nothing re-derived).
import { useI18n } from '../../../i18n';
import { Attachments } from '../../../ui/complaint-details';
import { formatDate } from '../../../ui/format';
import { useRegion } from '../../../ui/region';
import { useText } from '../../text';
import { agencyText } from '../text';
import type { AgencyView } from './disposition-page';

export function DispositionDetails(props: { view: AgencyView }) {
  const t = useText(agencyText).disposition;
  const { t: portal, lang } = useI18n();
  const region = useRegion();
  const v = props.view;
  const d = v.disposition;
  const date = (iso?: string, withTime = false) => formatDate(iso, lang, region.timeZone, withTime);
  const category = region.categories.find((c) => c.id === v.category)?.label ?? v.category;
  return (
    <>
      <p class="tracking-id">{t.trackingId}: <code>{v.trackingId}</code></p>
      <p class={`status status-${d.status.toLowerCase()}`}>
        <span class="label">{t.yourDisposition}:</span> <strong>{portal.status[d.status]}</strong>
      </p>
      <dl class="facts">
        <div><dt>{t.deadline}</dt><dd>{date(d.deadline)}</dd></div>
        <div><dt>{t.dispositionedAt}</dt><dd>{date(d.dispositionedAt)}</dd></div>
        {d.note && <div><dt>{t.note}</dt><dd>{d.note}</dd></div>}
        <div><dt>{portal.form.classification.replace(/ \*$/, '')}</dt><dd>{portal.classification[v.classification]}</dd></div>
        {category && <div><dt>{portal.form.category.replace(/ \*$/, '')}</dt><dd>{category}</dd></div>}
        <div><dt>{portal.track.submittedAt}</dt><dd>{date(v.submittedAt)}</dd></div>
        {v.location?.address && <div><dt>{portal.form.location}</dt><dd>{v.location.address}</dd></div>}
        {v.reporterName && <div><dt>{portal.form.name}</dt><dd>{v.reporterName}</dd></div>}
      </dl>
      <h2>{t.description}</h2>
      <p class="description">{v.description}</p>
      {v.attachments.length > 0 && (
        <>
          <h2>{t.attachments}</h2>
          <Attachments items={v.attachments} agencyName={() => t.fromUs} />
        </>
      )}
      <h2 id="timeline-title">{t.timeline}</h2>
      <ol class="timeline" aria-labelledby="timeline-title">
        {v.timeline.map((e, i) => (
          <li key={i}>
            <p class="meta">
              <strong>{portal.timelineType[e.type] ?? e.type}</strong> · {t.actor[e.actor.role]} · {date(e.at, true)}
            </p>
            {e.message && <p>{e.message}</p>}
          </li>
        ))}
      </ol>
    </>
  );
}
