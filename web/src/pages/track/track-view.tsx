// Lacak laporan: the reporter view by tracking ID + access code (typed, or from the #kode= link).
import { useEffect, useState } from 'preact/hooks';
import { api, isReporterView, type PublicView, type ReporterView } from '../../api/client';
import { fieldErrorsOf, networkError, type FieldError } from '../../api/errors';
import { useI18n } from '../../i18n';
import { ComplaintDetails } from '../../ui/complaint-details';
import { formatDate } from '../../ui/format';
import { PageTitle } from '../../ui/page-title';
import { useRegion } from '../../ui/region';
import { accessCodeFor, codeFromFragment, setAccessCode } from './access';
import { ReporterActions } from './actions';
import { TrackForm } from './track-form';

export function TrackView({ trackingId }: { trackingId: string }) {
  const { t, lang } = useI18n();
  const region = useRegion();
  const fromLink = codeFromFragment(location.hash);
  if (fromLink) setAccessCode(trackingId, fromLink);
  const code = accessCodeFor(trackingId);
  const [view, setView] = useState<ReporterView | undefined>();
  const [errors, setErrors] = useState<FieldError[] | undefined>();
  const load = async () => {
    if (!code) return;
    try {
      const { data, error, response } = await api().GET('/complaints/{trackingId}', {
        params: { path: { trackingId } },
        headers: { 'X-Access-Token': code },
      });
      if (data && isReporterView(data as ReporterView | PublicView)) setView(data as ReporterView);
      else setErrors(fieldErrorsOf(error as never, response.status, t));
    } catch {
      setErrors(networkError(t));
    }
  };
  useEffect(() => void load(), [trackingId, code]);
  if (!code || errors) {
    return (
      <>
        <PageTitle>{t.track.title}</PageTitle>
        <TrackForm trackingId={trackingId} initialError={errors} />
      </>
    );
  }
  if (!view) return <p aria-busy="true">{t.loading}</p>;
  const date = (iso?: string) => formatDate(iso, lang, region.timeZone, true);
  return (
    <>
      <PageTitle>{view.title}</PageTitle>
      <p class="tracking-id">{t.track.trackingId}: <code>{view.trackingId}</code></p>
      <ComplaintDetails view={view}>
        <p>{t.track.verificationDeadline}: {formatDate(view.verificationDeadline, lang, region.timeZone)}</p>
        {view.rating !== undefined && <p>{t.track.rating(view.rating)}</p>}
        {view.escalation && <p class="notice" role="status">{t.track.escalation[view.escalation.status]}</p>}
        {view.closedAt ? (
          <p class="notice">{t.track.closed(formatDate(view.closedAt, lang, region.timeZone))}</p>
        ) : (
          view.autoCloseAt && <p class="notice">{t.track.autoClose(formatDate(view.autoCloseAt, lang, region.timeZone))}</p>
        )}
      </ComplaintDetails>
      <ReporterActions view={view} accessCode={code} onChanged={load} />
      <h2>{t.track.timeline}</h2>
      <ol class="timeline">
        {view.timeline.map((e, i) => (
          <li key={i}>
            <span class="meta">{date(e.at)}</span> {t.timelineType[e.type] ?? e.type}
            {e.message && <p>{e.message}</p>}
          </li>
        ))}
      </ol>
    </>
  );
}
