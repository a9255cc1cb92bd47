import type { ComponentChildren } from 'preact';
import { Link } from 'wouter-preact';
import { useI18n } from '../i18n';

export function Layout(props: { regionName?: string; children: ComponentChildren }) {
  const { t, lang, setLang } = useI18n();
  return (
    <>
      <a class="skip" href="#main">
        {t.skipToContent}
      </a>
      <header class="top">
        <div class="top-inner">
          <Link href="/" class="brand">
            {t.appName}
            {props.regionName && <span class="brand-region"> · {props.regionName}</span>}
          </Link>
          <button type="button" class="lang" lang={lang === 'id' ? 'en' : 'id'} aria-label={t.switchLanguageLabel} onClick={() => setLang(lang === 'id' ? 'en' : 'id')}>
            {t.switchLanguage}
          </button>
        </div>
        <nav aria-label={t.nav.label}>
          <ul>
            <li><Link href="/">{t.nav.home}</Link></li>
            <li><Link href="/lapor">{t.nav.report}</Link></li>
            <li><Link href="/lacak">{t.nav.track}</Link></li>
            <li><Link href="/laporan">{t.nav.public}</Link></li>
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
