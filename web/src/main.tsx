import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { Route, Switch, useLocation } from 'wouter-preact';
import { api, initApi, type RegionInfo } from './api/client';
import { loadConfig } from './config';
import { CATALOGUES, I18n, initialLang, rememberLang, type Lang } from './i18n';
import { Home } from './pages/home/home';
import { PublicDetail } from './pages/public/detail';
import { PublicList } from './pages/public/list';
import { Receipt } from './pages/receipt/receipt';
import { ReportPage } from './pages/report/report-page';
import { TrackForm } from './pages/track/track-form';
import { TrackView } from './pages/track/track-view';
import { Layout } from './ui/layout';
import { Region } from './ui/region';
import './styles.css';

function App() {
  const [lang, setLangState] = useState<Lang>(initialLang());
  const [region, setRegion] = useState<RegionInfo | undefined>();
  const [failed, setFailed] = useState(false);
  const i18n = useMemo(
    () => ({ t: CATALOGUES[lang], lang, setLang: (next: Lang) => (rememberLang(next), setLangState(next)) }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang;
    loadConfig()
      .then((config) => initApi(config.apiUrl))
      .then(() => api().GET('/region'))
      .then(({ data }) => (data ? setRegion(data) : setFailed(true)))
      .catch(() => setFailed(true));
  }, []);
  const t = i18n.t;
  const [location] = useLocation();
  if (isConsolePath(location)) {
    return (
      <I18n.Provider value={i18n}>
        {failed ? (
          <p role="alert">{t.loadFailed}</p>
        ) : !region ? (
          <p aria-busy="true">{t.loading}</p>
        ) : (
          <Region.Provider value={region}>
            <LazyConsole regionName={region.regionName} />
          </Region.Provider>
        )}
      </I18n.Provider>
    );
  }
  return (
    <I18n.Provider value={i18n}>
      <Layout regionName={region?.regionName}>
        {failed ? (
          <p role="alert">{t.loadFailed}</p>
        ) : !region ? (
          <p aria-busy="true">{t.loading}</p>
        ) : (
          <Region.Provider value={region}>
            <Switch>
              <Route path="/" component={Home} />
              <Route path="/lapor" component={ReportPage} />
              <Route path="/tanda-terima" component={Receipt} />
              <Route path="/lacak">{() => <TrackForm />}</Route>
              <Route path="/lacak/:trackingId">{(params) => <TrackView trackingId={params.trackingId} />}</Route>
              <Route path="/laporan" component={PublicList} />
              <Route path="/laporan/:trackingId">{(params) => <PublicDetail trackingId={params.trackingId} />}</Route>
              <Route>
                <p>{t.notFound}</p>
              </Route>
            </Switch>
          </Region.Provider>
        )}
      </Layout>
    </I18n.Provider>
  );
}

const isConsolePath = (path: string) => path === '/konsol' || path.startsWith('/konsol/') || path === '/auth/callback';

/** The staff consoles are a chunk of their own, fetched only when a console address is opened. */
function LazyConsole(props: { regionName: string }) {
  const [Console, setConsole] = useState<ComponentType<{ regionName: string }> | undefined>();
  const [failed, setFailed] = useState(false);
  const t = CATALOGUES[initialLang()];
  useEffect(() => {
    import('./console/app').then((module) => setConsole(() => module.default)).catch(() => setFailed(true));
  }, []);
  if (failed) return <p role="alert">{t.loadFailed}</p>;
  return Console ? <Console regionName={props.regionName} /> : <p aria-busy="true">{t.loading}</p>;
}

render(<App />, document.getElementById('app')!);
