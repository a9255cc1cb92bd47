import type { ComponentChildren } from 'preact';
import { Link, useLocation } from 'wouter-preact';
import { signOut, type StaffUser } from '../../auth/session';
import { useI18n } from '../../i18n';
import { CONSOLE_PAGES } from '../pages';
import { useText } from '../text';
import { shellText } from './text';

/** `menu={false}`: a page that must be finished first (the coordinator's TOTP set-up) offers no way around it. */
export function ConsoleLayout(props: { user: StaffUser; regionName: string; menu?: boolean; children: ComponentChildren }) {
  const t = useText(shellText);
  const { t: portal, lang, setLang } = useI18n();
  const [location] = useLocation();
  const menu = props.menu === false ? [] : CONSOLE_PAGES.filter((page) => page.nav && page.roles.includes(props.user.role));
  const who = props.user.name ?? props.user.email ?? props.user.userId;
  return (
    <div class="console">
      <a class="skip" href="#main">
        {portal.skipToContent}
      </a>
      <header class="top">
        <div class="top-inner">
          <Link href="/konsol" class="brand">
            {t.consoleName}
            <span class="brand-region"> · {props.regionName}</span>
          </Link>
          <div class="top-tools">
            <span class="who">{t.signedInAs(who, t.roles[props.user.role])}</span>
            <button type="button" class="lang" lang={lang === 'id' ? 'en' : 'id'} aria-label={portal.switchLanguageLabel} onClick={() => setLang(lang === 'id' ? 'en' : 'id')}>
              {portal.switchLanguage}
            </button>
            <button type="button" class="lang" onClick={() => void signOut()}>
              {t.signOut}
            </button>
          </div>
        </div>
        {menu.length > 0 && (
          <nav aria-label={t.nav.label}>
            <ul>
              {menu.map((page) => (
                <li key={page.path}>
                  <Link href={page.path} aria-current={location === page.path ? 'page' : undefined}>
                    {t.nav[page.nav!]}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
