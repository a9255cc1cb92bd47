// Kinerja %TL: the officer's own agency for a year and this month, against the passing grade and
// the region's average, with its month-by-month trend (GET /agency/compliance). Every number is
// the API's; the page only formats it.
import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { currentYear, formatMonth, formatPercent } from '../../../ui/format';
import { useRegion } from '../../../ui/region';
import { PageTitle } from '../../../ui/page-title';
import { staffApi } from '../../api';
import { PctChart } from '../../ui/charts/chart';
import { CHART_COLORS } from '../../ui/charts/colors';
import { useText } from '../../text';
import { agencyText } from '../text';
import '../agency.css';
// The tables' styles are the dashboard's (one set for every console table of figures).
import '../../ui/figures.css';

type Own = Schemas['OwnCompliance'];
type Line = Own['year'];
const YEARS_BACK = 4;

export function PerformancePage() {
  const t = useText(agencyText).performance;
  const { lang } = useI18n();
  const thisYear = currentYear(useRegion().timeZone);
  const [year, setYear] = useState(thisYear);
  const [shown, setShown] = useState(thisYear);
  const [data, setData] = useState<Own>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setData(undefined);
    (async () => {
      try {
        const { data: body } = await (await staffApi()).GET('/agency/compliance', { params: { query: { year: shown } } });
        if (!body) throw new Error('compliance');
        setData(body);
        setFailed(false);
      } catch {
        setFailed(true);
      }
    })();
  }, [shown]);

  const pct = (value: number | null) => (value === null ? t.noData : formatPercent(value, lang));
  const cellPct = (value: number | null) => (value === null ? t.noDataShort : formatPercent(value, lang));
  const grade = data ? formatPercent(data.threshold, lang) : '';
  const month = data?.months.at(-1);
  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      {data && <p>{t.intro(grade)}</p>}
      <form class="filters filters-narrow" onSubmit={(e) => (e.preventDefault(), setShown(year))}>
        <div class="field">
          <label for="year">{t.year}</label>
          <select id="year" value={year} onChange={(e) => setYear(e.currentTarget.value)}>
            {Array.from({ length: YEARS_BACK + 1 }, (_, i) => String(Number(thisYear) - i)).map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </div>
        <button type="submit" class="button">{t.show}</button>
      </form>
      {failed && <p role="alert" class="error">{t.failed}</p>}
      {!data && !failed && <p aria-busy="true">{t.loading}</p>}
      {data && (
        <>
          <div class="score-cards">
            <ScoreCard title={t.yearCard(data.year.period)} line={data.year} pct={pct} grade={grade} />
            {month && <ScoreCard title={t.monthCard(formatMonth(month.period, lang))} line={month} pct={pct} grade={grade} />}
          </div>
          <h2>{t.trendTitle}</h2>
          <PctChart
            label={t.chartLabel(data.year.period)}
            describedBy="trend-table"
            labels={data.months.map((m) => formatMonth(m.period, lang, 'short').replace(/ \d{4}$/, ''))}
            series={[
              { label: t.ownPct, kind: 'bars', color: CHART_COLORS.agency, values: data.months.map((m) => m.agency.pctTL) },
              { label: t.regionPct, kind: 'line', marks: true, color: CHART_COLORS.region, dash: [6, 4], values: data.months.map((m) => m.region.pctTL) },
              { label: t.grade60(grade), kind: 'level', color: CHART_COLORS.grade, level: data.threshold },
            ]}
          />
          <div class="table-scroll" tabIndex={0} aria-labelledby="trend-caption">
            <table id="trend-table">
              <caption id="trend-caption">{t.tableCaption(data.year.period)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.month}</th>
                  <th scope="col" class="num">{t.received}</th>
                  <th scope="col" class="num">{t.followedUp}</th>
                  <th scope="col" class="num">{t.ownPct}</th>
                  <th scope="col" class="num">{t.regionPct}</th>
                </tr>
              </thead>
              <tbody>
                {data.months.map((m) => (
                  <tr key={m.period}>
                    <th scope="row">{formatMonth(m.period, lang)}</th>
                    <td class="num">{m.agency.received}</td>
                    <td class="num">{m.agency.followedUp}</td>
                    <td class="num">{cellPct(m.agency.pctTL)}{m.agency.belowThreshold && ` (${t.below.toLowerCase()})`}</td>
                    <td class="num">{cellPct(m.region.pctTL)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

function ScoreCard(props: { title: string; line: Line; pct: (v: number | null) => string; grade: string }) {
  const t = useText(agencyText).performance;
  const a = props.line.agency;
  return (
    <section class={`score${a.belowThreshold ? ' score-below' : ''}`} aria-label={props.title}>
      <h2>{props.title}</h2>
      <p class="score-value">
        <span class="label">{t.ownPct}: </span>
        <strong>{props.pct(a.pctTL)}</strong>
      </p>
      {a.pctTL !== null && <p class="score-verdict">{a.belowThreshold ? t.below : t.pass} ({t.grade} {props.grade})</p>}
      <p>{t.regionPct}: {props.pct(props.line.region.pctTL)}</p>
      <p class="meta">{t.counts(a.followedUp, a.received)}</p>
    </section>
  );
}
