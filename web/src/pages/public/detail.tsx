import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api, type PublicView } from '../../api/client';
import { fieldErrorsOf, networkError } from '../../api/errors';
import { useI18n } from '../../i18n';
import { ComplaintDetails } from '../../ui/complaint-details';
import { PageTitle } from '../../ui/page-title';

export function PublicDetail({ trackingId }: { trackingId: string }) {
  const { t } = useI18n();
  const [view, setView] = useState<PublicView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api()
      .GET('/complaints/{trackingId}', { params: { path: { trackingId } } })
      .then(({ data, error: body, response }) => (data ? setView(data as PublicView) : setError(fieldErrorsOf(body as never, response.status, t)[0]!.message)))
      .catch(() => setError(networkError(t)[0]!.message));
  }, [trackingId]);
  if (error) return (<><PageTitle>{t.publicList.title}</PageTitle><p role="alert">{error}</p></>);
  if (!view) return <p aria-busy="true">{t.loading}</p>;
  return (
    <>
      <PageTitle>{view.title}</PageTitle>
      <p class="tracking-id">{t.track.trackingId}: <code>{view.trackingId}</code></p>
      <ComplaintDetails view={view} />
      <p><Link href="/laporan">{t.publicList.back}</Link></p>
    </>
  );
}
