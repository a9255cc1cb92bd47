// One disposition as the agency may see it (GET /agency/dispositions/{trackingId}), with the
// actions the API lists. Another agency's disposition answers 404: the console's not-found page.
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import type { Schemas } from '../../../api/client';
import { PageTitle } from '../../../ui/page-title';
import { staffApi } from '../../api';
import { ConsoleNotFound } from '../../shell/not-found';
import { useText } from '../../text';
import { agencyText } from '../text';
import { DispositionDetails } from './details';
import { FollowUpForm } from './follow-up-form';
import { ReturnForm } from './return-form';
import '../agency.css';

export type AgencyView = Schemas['AgencyComplaintView'];

export function DispositionPage(props: { params: Record<string, string | undefined> }) {
  const trackingId = props.params.trackingId ?? '';
  const t = useText(agencyText).disposition;
  const [view, setView] = useState<AgencyView>();
  // Outlives the form: after the final follow-up the API offers no more follow-ups, so the form goes.
  const [notice, setNotice] = useState<string>();
  const [state, setState] = useState<'loading' | 'ready' | 'missing' | 'failed' | 'returned'>('loading');

  const load = async () => {
    try {
      const { data, response } = await (await staffApi()).GET('/agency/dispositions/{trackingId}', { params: { path: { trackingId } } });
      if (data) {
        setView(data);
        setState('ready');
      } else setState(response.status === 404 || response.status === 400 ? 'missing' : 'failed');
    } catch {
      setState('failed');
    }
  };
  useEffect(() => void load(), [trackingId]);

  if (state === 'missing') return <ConsoleNotFound />;
  if (state === 'returned') {
    return (
      <>
        <PageTitle>{t.returnTitle}</PageTitle>
        <p role="status">{t.returned}</p>
        <p><Link href="/konsol/disposisi">{t.back}</Link></p>
      </>
    );
  }
  if (state === 'failed') return <p role="alert" class="error">{t.failed}</p>;
  if (!view) return <p aria-busy="true">…</p>;
  const can = (action: AgencyView['actions'][number]) => view.actions.includes(action);
  return (
    <>
      <PageTitle>{view.title}</PageTitle>
      <DispositionDetails view={view} />
      <div role="status">{notice && <p class="ok notice-ok">{notice}</p>}</div>
      <div class="agency-forms">
        {can('FOLLOW_UP') && <FollowUpForm view={view} onPosted={(next, text) => (setView(next), setNotice(text))} />}
        {can('RETURN') && <ReturnForm trackingId={view.trackingId} onReturned={() => setState('returned')} />}
        {!can('FOLLOW_UP') && !can('RETURN') && <p>{t.noActions}</p>}
      </div>
      <p><Link href="/konsol/disposisi">{t.back}</Link></p>
    </>
  );
}
