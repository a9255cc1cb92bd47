import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { beginSignIn, completeSignIn } from '../../auth/session';
import { PageTitle } from '../../ui/page-title';
import { useText } from '../text';
import { shellText } from './text';

/** /auth/callback: the sign-in server sends the browser here with ?code=…&state=…. */
export function SignInCallback() {
  const t = useText(shellText);
  const [, navigate] = useLocation();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    completeSignIn(location.search)
      .then((returnTo) => navigate(returnTo, { replace: true }))
      .catch(() => setFailed(true));
  }, []);
  if (!failed) return <p aria-busy="true">{t.signingIn}</p>;
  return (
    <>
      <PageTitle>{t.signInFailed}</PageTitle>
      <p>
        <button type="button" class="button primary" onClick={() => void beginSignIn('/konsol')}>
          {t.tryAgain}
        </button>
      </p>
    </>
  );
}
