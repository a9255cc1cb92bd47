// A coordinator without TOTP sees only this page: the API grants the admin role only to tokens
// that carry the mfa claim (MFA_REQUIRED_ROLES in functions/core/access.ts). The secret comes
// from Cognito's user API; once a code from it is verified and TOTP enabled, the tokens are
// renewed, now carrying the claim, and the console opens the page that was asked for.
import { generate } from 'lean-qr';
import { toSvgPath } from 'lean-qr/extras/svg';
import { useEffect, useRef, useState } from 'preact/hooks';
import { renewNow, type StaffUser } from '../../auth/session';
import { associateSoftwareToken, enableSoftwareTokenMfa, verifySoftwareToken } from '../../auth/user-api';
import { Field } from '../../ui/fields';
import { PageTitle } from '../../ui/page-title';
import { useText } from '../text';
import { Announcement, Problems } from '../ui/announce';
import '../ui/console-ui.css';
import { accountText } from './text';

type Secret = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; key: string };

export function MfaSetupPage(props: { user: StaffUser; regionName: string }) {
  const t = useText(accountText);
  const [secret, setSecret] = useState<Secret>({ state: 'loading' });
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | undefined>();
  const codeInput = useRef<HTMLInputElement>(null);

  const prepare = () => {
    setSecret({ state: 'loading' });
    associateSoftwareToken().then(
      (key) => setSecret({ state: 'ready', key }),
      () => setSecret({ state: 'failed' }),
    );
  };
  useEffect(prepare, []);

  const send = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const digits = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(digits)) {
      setError(t.codeFormat);
      return codeInput.current?.focus();
    }
    setBusy(true);
    setError(undefined);
    setProblems([]);
    setStatus(t.checking);
    try {
      if (!(await verifySoftwareToken(digits, t.deviceName))) {
        setStatus(undefined);
        setError(t.mismatch);
        return codeInput.current?.focus();
      }
      await enableSoftwareTokenMfa();
      setStatus(t.done);
      // The renewed tokens carry the claim; the session's listeners then open the console.
      if (!(await renewNow())) setProblems([t.failed]);
    } catch {
      setStatus(undefined);
      setProblems([t.failed]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="narrow">
      <PageTitle>{t.title}</PageTitle>
      <p>{t.why}</p>
      <Announcement message={status} />
      <Problems title={t.problemsTitle} items={problems} />
      <ol class="steps">
        <li>{t.step1}</li>
        <li>
          {t.step2}
          {secret.state === 'loading' && <p aria-busy="true">{t.preparing}</p>}
          {secret.state === 'failed' && (
            <p role="alert">
              {t.failed}{' '}
              <button type="button" class="button" onClick={prepare}>
                {t.retry}
              </button>
            </p>
          )}
          {secret.state === 'ready' && <SecretKey secretKey={secret.key} account={props.user.email ?? props.user.userId} regionName={props.regionName} />}
        </li>
        <li>
          <form onSubmit={send} noValidate>
            <Field id="totp-code" label={t.codeLabel} hint={`${t.step3} ${t.codeHint}`} error={error}>
              <input
                id="totp-code"
                class="code-input"
                ref={codeInput}
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                value={code}
                aria-invalid={error ? 'true' : undefined}
                aria-describedby={['totp-code-hint', error ? 'totp-code-error' : ''].filter(Boolean).join(' ')}
                onInput={(e) => setCode(e.currentTarget.value)}
              />
            </Field>
            <button type="submit" class="button primary" disabled={secret.state !== 'ready'} aria-disabled={busy ? 'true' : undefined}>
              {t.submit}
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}

/** The QR code an authenticator app scans, and the same key to type in (in groups of four). */
function SecretKey(props: { secretKey: string; account: string; regionName: string }) {
  const t = useText(accountText);
  const issuer = `Tuntas ${props.regionName}`;
  const uri = `otpauth://totp/${encodeURIComponent(`${issuer}:${props.account}`)}?${new URLSearchParams({
    secret: props.secretKey,
    issuer,
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  })}`;
  const qr = generate(uri);
  return (
    <>
      <svg class="qr" role="img" aria-label={t.qrLabel} viewBox={`-4 -4 ${qr.size + 8} ${qr.size + 8}`} width="224" height="224">
        <rect x="-4" y="-4" width={qr.size + 8} height={qr.size + 8} fill="#fff" />
        <path d={toSvgPath(qr)} fill="#000" />
      </svg>
      <p>{t.manual}</p>
      <p>
        <span class="visually-hidden">{t.keyLabel}: </span>
        <code class="secret-key">{props.secretKey.match(/.{1,4}/g)!.join(' ')}</code>
      </p>
      <p>
        <a href={uri}>{t.openInApp}</a>
      </p>
    </>
  );
}
