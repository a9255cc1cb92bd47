// The consoles' entry, loaded only when a /konsol or /auth/callback address is opened: the citizen
// portal's first load never carries it.
import { useEffect } from 'preact/hooks';
import { Redirect, Route, Switch, useLocation } from 'wouter-preact';
import { beginSignIn, CALLBACK_PATH, type StaffUser } from '../auth/session';
import { MfaSetup } from './account/mfa-setup';
import { CONSOLE_PAGES, homeOf } from './pages';
import { SignInCallback } from './shell/callback';
import { ConsoleLayout } from './shell/layout';
import { ConsoleNotFound } from './shell/not-found';
import { useStaffUser } from './shell/session-hook';
import { shellText } from './shell/text';
import { useText } from './text';
import './console.css';

export default function ConsoleApp(props: { regionName: string }) {
  const [location] = useLocation();
  const user = useStaffUser();
  if (location === CALLBACK_PATH) return <SignInCallback />;
  if (!user) return <SigningIn />;
  if (needsMfaSetup(user)) {
    return (
      <ConsoleLayout user={user} regionName={props.regionName} menu={false}>
        <MfaSetup user={user} regionName={props.regionName} />
      </ConsoleLayout>
    );
  }
  return (
    <ConsoleLayout user={user} regionName={props.regionName}>
      <ConsoleRoutes user={user} />
    </ConsoleLayout>
  );
}

function ConsoleRoutes(props: { user: StaffUser }) {
  const home = homeOf(props.user.role);
  return (
    <Switch>
      <Route path="/konsol">{home ? <Redirect to={home} replace /> : <ConsoleNotFound />}</Route>
      {CONSOLE_PAGES.filter((page) => page.roles.includes(props.user.role)).map((page) => (
        <Route key={page.path} path={page.path}>
          {(params) => <page.component params={params} />}
        </Route>
      ))}
      <Route>
        <ConsoleNotFound />
      </Route>
    </Switch>
  );
}

/** The coordinator's role counts only with TOTP (MFA_REQUIRED_ROLES in functions/core/access.ts). */
const needsMfaSetup = (user: StaffUser) => user.role === 'admin' && !user.mfa;

/** No session in this tab: off to the sign-in page, back to this very address afterwards. */
function SigningIn() {
  const t = useText(shellText);
  useEffect(() => void beginSignIn(location.pathname + location.search), []);
  return <p aria-busy="true">{t.redirecting}</p>;
}
