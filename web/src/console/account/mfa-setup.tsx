// The TOTP set-up page, fetched only when a coordinator without TOTP opens the console: the QR
// encoder and the page's words never weigh on anyone else's first load.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { StaffUser } from '../../auth/session';
import { useText } from '../text';
import { uiText } from '../ui/text';

type Props = { user: StaffUser; regionName: string };

export function MfaSetup(props: Props) {
  const ui = useText(uiText);
  const [Page, setPage] = useState<ComponentType<Props> | undefined>();
  const [failed, setFailed] = useState(false);
  const load = () => {
    setFailed(false);
    import('./mfa-setup-page').then((module) => setPage(() => module.MfaSetupPage)).catch(() => setFailed(true));
  };
  useEffect(load, []);
  if (Page) return <Page {...props} />;
  if (!failed) return <p aria-busy="true">{ui.loading}</p>;
  return (
    <div role="alert">
      <p>{ui.loadFailed}</p>
      <button type="button" class="button" onClick={load}>
        {ui.retry}
      </button>
    </div>
  );
}
