// Kepatuhan: every agency's %TL for a year or a month (GET /reports/compliance), as a table sorted
// by %TL (the API's order) and a bar chart against the passing grade and the region's average,
// each agency's month-by-month trend from the snapshots, and the CSV downloads. Numbers are the
// API's; the page only formats them.
import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { currentYear, formatDate, formatMonth, formatPercent } from '../../../ui/format';
import { PageTitle } from '../../../ui/page-title';
import { useRegion } from '../../../ui/region';
import { staffApi } from '../../api';
import { PctChart } from '../../ui/charts/chart';
import { CHART_COLORS } from '../../ui/charts/colors';
import { useText } from '../../text';
import { complianceText } from '../text';
import { ComplianceTable } from './compliance-table';
import { Downloads } from './downloads';
import { AgencyTrend } from './trend';
import '../../ui/figures.css';

export type Report = Schemas['ComplianceReport'];
const YEARS_BACK = 4;

export function DashboardPage() {
  const t = useText(complianceText);
  const { lang } = useI18n();
  const region = useRegion();
  const thisYear = currentYear(region.timeZone);
  const [year, setYear] = useState(thisYear);
  const [month, setMonth] = useState('');
  const [period, setPeriod] = useState(thisYear);
  const [report, setReport] = useState<Report>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setReport(undefined);
    (async () => {
      try {
        const { data } = await (await staffApi()).GET('/reports/compliance', { params: { query: { period } } });
        if (!data || typeof data === 'string') throw new Error('compliance');
        setReport(data);
        setFailed(false);
      } catch {
        setFailed(true);
      }
    })();
  }, [period]);

  const periodName = period.length === 4 ? period : formatMonth(period, lang);
  const pct = (v: number) => formatPercent(v, lang);
  return (
    <>
      <PageTitle>{t.title}</PageTitle>
      <form class="filters period-form" aria-label={t.periodForm} onSubmit={(e) => (e.preventDefault(), setPeriod(month ? `${year}-${month}` : year))}>
        <div class="field">
          <label for="period-year">{t.year}</label>
          <select id="period-year" value={year} onChange={(e) => setYear(e.currentTarget.value)}>
            {Array.from({ length: YEARS_BACK + 1 }, (_, i) => String(Number(thisYear) - i)).map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="period-month">{t.month}</label>
          <select id="period-month" value={month} onChange={(e) => setMonth(e.currentTarget.value)}>
            <option value="">{t.wholeYear}</option>
            {Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).map((m) => (
              <option key={m} value={m}>{formatMonth(`2000-${m}`, lang).replace(/ 2000$/, '')}</option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">{t.show}</button>
      </form>
      {failed && <p role="alert" class="error">{t.failed}</p>}
      {!report && !failed && <p aria-busy="true">{t.loading}</p>}
      {report && (
        <>
          <p>{t.intro(pct(report.threshold))}</p>
          <p class="meta">{t.asOf(formatDate(report.asOf, lang, region.timeZone, true))}</p>
          {report.verificationOverdue > 0 && <p class="notice">{t.verificationOverdue(report.verificationOverdue)}</p>}
          <h2>{t.chartTitle}</h2>
          <PctChart
            label={t.chartLabel(periodName)}
            describedBy="compliance-table"
            labels={report.agencies.map((a) => a.agencyId.toUpperCase())}
            series={[
              { label: t.pctTL, kind: 'bars', color: CHART_COLORS.agency, values: report.agencies.map((a) => a.pctTL) },
              ...(report.region.pctTL === null
                ? []
                : [{ label: t.regionAverage(pct(report.region.pctTL)), kind: 'level' as const, color: CHART_COLORS.region, dash: [6, 4], level: report.region.pctTL }]),
              { label: t.grade(pct(report.threshold)), kind: 'level', color: CHART_COLORS.grade, level: report.threshold },
            ]}
          />
          <ComplianceTable id="compliance-table" report={report} caption={t.tableCaption(periodName)} />
          <Downloads period={period} />
          <AgencyTrend year={period.slice(0, 4)} agencies={report.agencies} threshold={report.threshold} />
        </>
      )}
    </>
  );
}
