// One complaint as the coordinator sees it: facts, reporter, dispositions, attachments, the whole
// timeline, and exactly the actions the API's view offers. After an action the page shows the new
// view the API answered with and reads out what happened.
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useI18n } from '../../../i18n';
import { Attachments } from '../../../ui/complaint-details';
import { formatDate } from '../../../ui/format';
import { PageTitle } from '../../../ui/page-title';
import { useRegion } from '../../../ui/region';
import { staffApi } from '../../api';
import { useText } from '../../text';
import { agencyName, useAgencies } from '../../ui/agencies';
import { Announcement } from '../../ui/announce';
import { uiText } from '../../ui/text';
import '../../ui/console-ui.css';
import './complaint.css';
import { AddDispositionForm } from './add-disposition-form';
import { CorrectForm } from './correct-form';
import { Dispositions } from './dispositions';
import { Reporter } from './reporter';
import { complaintText } from './text';
import { Timeline } from './timeline';
import type { AdminView } from './types';
import { VerifyForm } from './verify-form';

export function ComplaintPage(props: { params: Record<string, string | undefined> }) {
  const trackingId = props.params.trackingId ?? '';
  const t = useText(complaintText);
  const ui = useText(uiText);
  const agencies = useAgencies();
  const [view, setView] = useState<AdminView | undefined>();
  const [state, setState] = useState<'loading' | 'missing' | 'failed' | 'ready'>('loading');
  const [message, setMessage] = useState<string | undefined>();
  const load = async () => {
    setState('loading');
    try {
      const { data, response } = await (await staffApi()).GET('/admin/complaints/{trackingId}', { params: { path: { trackingId } } });
      if (data) return setView(data), setState('ready');
      setState(response.status === 404 || response.status === 400 ? 'missing' : 'failed');
    } catch {
      setState('failed');
    }
  };
  useEffect(() => void load(), [trackingId]);
  const done = (next: AdminView, said: string) => {
    setView(next);
    // Cleared first, so the same sentence twice is still read out.
    setMessage(undefined);
    requestAnimationFrame(() => setMessage(said));
  };

  if (state === 'missing') {
    return (
      <>
        <PageTitle>{t.notFound}</PageTitle>
        <p><Link href="/konsol/aduan">{t.back}</Link></p>
      </>
    );
  }
  if (!view) {
    return state === 'failed' ? (
      <div role="alert">
        <p>{ui.loadFailed}</p>
        <button type="button" class="button" onClick={() => void load()}>{ui.retry}</button>
      </div>
    ) : (
      <p aria-busy="true">{ui.loading}</p>
    );
  }
  const v = view;
  const active = (agencies ?? []).filter((a) => a.active);
  const actions = v.actions;
  return (
    <>
      <p><Link href="/konsol/aduan">{t.back}</Link></p>
      <PageTitle>{v.title}</PageTitle>
      <Announcement message={message} />
      <div class="complaint-grid">
        <div class="complaint-main">
          <Facts view={v} />
          <h2>{t.description}</h2>
          <p class="description">{v.description}</p>
          <Reporter view={v} />
          <h2>{t.dispositions}</h2>
          <Dispositions view={v} onDone={done} />
          {v.attachments.length > 0 && (
            <>
              <h2>{t.attachments}</h2>
              <Attachments items={v.attachments} agencyName={(id) => agencyName(agencies, id)} />
            </>
          )}
        </div>
        <section class="complaint-actions" aria-labelledby="actions-title">
          <h2 id="actions-title">{t.actions}</h2>
          {actions.length === 0 && <p>{t.noActions}</p>}
          {agencies && <VerifyForm key={`verify-${v.version}`} view={v} agencies={active} onDone={done} />}
          {actions.includes('CORRECT') && <CorrectForm key={`correct-${v.version}`} view={v} onDone={done} />}
          {actions.includes('ADD_DISPOSITION') && agencies && <AddDispositionForm view={v} agencies={active} onDone={done} />}
        </section>
        <div class="complaint-history">
          <h2 id="timeline-title">{t.timeline}</h2>
          <Timeline entries={v.timeline} agencies={agencies} labelledBy="timeline-title" />
        </div>
      </div>
    </>
  );
}

function Facts(props: { view: AdminView }) {
  const t = useText(complaintText);
  const { t: portal, lang } = useI18n();
  const region = useRegion();
  const v = props.view;
  const date = (iso?: string) => formatDate(iso, lang, region.timeZone);
  const category = v.category ? (region.categories.find((c) => c.id === v.category)?.label ?? v.category) : undefined;
  const privacy = [v.anonymous && t.anonymous, v.confidential && t.confidential].filter(Boolean).join(', ') || t.open;
  return (
    <>
      <p class={`status status-${v.status.toLowerCase()}`}>
        <span class="label">{t.status}:</span> <strong>{portal.status[v.status]}</strong>
        {v.statusReason && <span class="status-reason"> · {t.reason}: {v.statusReason}</span>}
      </p>
      <dl class="facts">
        <div><dt>{t.facts.trackingId}</dt><dd><code>{v.trackingId}</code></dd></div>
        <div><dt>{t.facts.classification}</dt><dd>{portal.classification[v.classification]}</dd></div>
        {category && <div><dt>{t.facts.category}</dt><dd>{category}</dd></div>}
        <div><dt>{t.facts.submittedAt}</dt><dd>{formatDate(v.submittedAt, lang, region.timeZone, true)}</dd></div>
        <div><dt>{t.facts.deadline}</dt><dd>{date(v.verificationDeadline)}</dd></div>
        {v.incidentDate && <div><dt>{t.facts.incidentDate}</dt><dd>{date(v.incidentDate)}</dd></div>}
        {v.location?.address && <div><dt>{t.facts.location}</dt><dd>{v.location.address}</dd></div>}
        <div><dt>{t.facts.privacy}</dt><dd>{privacy}</dd></div>
      </dl>
    </>
  );
}
