// What the public and the reporter both see of a complaint: status, agencies, follow-ups, files.
import type { AttachmentView, PublicView } from '../api/client';
import { useI18n } from '../i18n';
import { formatDate } from './format';
import { useRegion } from './region';

export function Attachments(props: { items: AttachmentView[]; agencyName: (agencyId: string) => string }) {
  const { t } = useI18n();
  if (props.items.length === 0) return null;
  return (
    <ul class="attachments">
      {props.items.map((a) => (
        <li key={a.attachmentId}>
          <figure>
            {a.contentType.startsWith('image/') ? (
              <a href={a.url}><img src={a.url} alt={a.fileName} loading="lazy" width={160} /></a>
            ) : (
              <a href={a.url} class="file">{a.fileName}</a>
            )}
            <figcaption>{a.uploadedBy.role === 'agency' ? props.agencyName(a.uploadedBy.agencyId ?? '') : t.track.fromReporter}</figcaption>
          </figure>
        </li>
      ))}
    </ul>
  );
}

export function ComplaintDetails(props: { view: PublicView; children?: preact.ComponentChildren }) {
  const { t, lang } = useI18n();
  const region = useRegion();
  const v = props.view;
  const date = (iso?: string) => formatDate(iso, lang, region.timeZone);
  const category = region.categories.find((c) => c.id === v.category)?.label ?? v.category;
  return (
    <>
      <p class={`status status-${v.status.toLowerCase()}`}>
        <span class="label">{t.track.status}:</span> <strong>{t.status[v.status]}</strong>
      </p>
      <dl class="facts">
        <div><dt>{t.form.classification.replace(/ \*$/, '')}</dt><dd>{t.classification[v.classification]}</dd></div>
        {category && <div><dt>{t.form.category.replace(/ \*$/, '')}</dt><dd>{category}</dd></div>}
        <div><dt>{t.track.submittedAt}</dt><dd>{date(v.submittedAt)}</dd></div>
        {v.location?.address && <div><dt>{t.form.location}</dt><dd>{v.location.address}</dd></div>}
        {v.reporterName && <div><dt>{t.form.name}</dt><dd>{v.reporterName}</dd></div>}
      </dl>
      <p class="description">{v.description}</p>
      {props.children}
      <h2>{t.track.agencies}</h2>
      {v.dispositions.length === 0 ? (
        <p>{t.track.noAgencies}</p>
      ) : (
        <ul>
          {v.dispositions.map((d) => (
            <li key={d.agencyId}>
              {d.agencyName}: {t.status[d.status]} ({t.track.agencyDeadline(date(d.deadline))})
            </li>
          ))}
        </ul>
      )}
      <h2 id="follow-ups-title">{t.track.followUps}</h2>
      {v.followUps.length === 0 ? (
        <p>{t.track.noFollowUps}</p>
      ) : (
        <ol class="follow-ups" aria-labelledby="follow-ups-title">
          {v.followUps.map((f, i) => (
            <li key={i}>
              <p class="meta">{f.agencyName}, {date(f.at)}{f.final && ` · ${t.track.final}`}</p>
              <p>{f.message}</p>
            </li>
          ))}
        </ol>
      )}
      {v.attachments.length > 0 && (
        <>
          <h2>{t.track.attachments}</h2>
          <Attachments items={v.attachments} agencyName={(id) => v.dispositions.find((d) => d.agencyId === id)?.agencyName ?? id} />
        </>
      )}
    </>
  );
}
