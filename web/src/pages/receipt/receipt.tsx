import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useI18n } from '../../i18n';
import { formatDate } from '../../ui/format';
import { PageTitle } from '../../ui/page-title';
import { useRegion } from '../../ui/region';
import { privateLink, takeReceipt } from './store';

function CopyButton(props: { text: string; label: string }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const copy = () => navigator.clipboard?.writeText(props.text).then(() => setDone(true), () => undefined);
  return (
    <>
      <button type="button" class="button" onClick={copy}>{props.label}</button>
      <span aria-live="polite" class="ok">{done ? t.receipt.copied : ''}</span>
    </>
  );
}

export function Receipt() {
  const { t, lang } = useI18n();
  const region = useRegion();
  const receipt = takeReceipt();
  if (!receipt) {
    return (
      <>
        <PageTitle>{t.receipt.title}</PageTitle>
        <p>{t.receipt.gone}</p>
        <Link href="/lacak" class="button">{t.nav.track}</Link>
      </>
    );
  }
  const link = privateLink(location.origin, receipt);
  return (
    <div class="receipt">
      <PageTitle>{t.receipt.title}</PageTitle>
      <p class="lead">{t.receipt.thanks}</p>
      <p class="notice">{t.receipt.once}</p>
      <dl class="codes">
        <div>
          <dt>{t.receipt.trackingId}</dt>
          <dd><code>{receipt.trackingId}</code> <span class="no-print"><CopyButton text={receipt.trackingId} label={t.receipt.copy(t.receipt.trackingId)} /></span></dd>
        </div>
        <div>
          <dt>{t.receipt.accessCode}</dt>
          <dd><code>{receipt.accessToken}</code> <span class="no-print"><CopyButton text={receipt.accessToken} label={t.receipt.copy(t.receipt.accessCode)} /></span></dd>
        </div>
      </dl>
      <p>{t.receipt.deadline(formatDate(receipt.verificationDeadline, lang, region.timeZone))}</p>
      <h2>{t.receipt.link}</h2>
      <p class="hint">{t.receipt.linkHint}</p>
      <p class="private-link"><a href={link}>{t.receipt.open}</a></p>
      <p class="private-link-text"><code>{link}</code></p>
      <div class="actions no-print">
        <CopyButton text={link} label={t.receipt.copyLink} />
        <button type="button" class="button" onClick={() => window.print()}>{t.receipt.print}</button>
      </div>
    </div>
  );
}
