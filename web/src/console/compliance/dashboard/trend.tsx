// One agency's month-by-month %TL from the compliance job's daily snapshots
// (GET /reports/compliance/{agencyId}): the year-to-date figures of each month's last snapshot.
import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../api/client';
import { useI18n } from '../../../i18n';
import { formatDate, formatMonth, formatPercent } from '../../../ui/format';
import { useRegion } from '../../../ui/region';
import { staffApi } from '../../api';
import { PctChart } from '../../ui/charts/chart';
import { CHART_COLORS } from '../../ui/charts/colors';
import { useText } from '../../text';
import { complianceText } from '../text';
import type { Report } from './dashboard-page';

type Snapshot = Schemas['ComplianceSnapshotRow'];

export function AgencyTrend(props: { year: string; agencies: Report['agencies']; threshold: number }) {
  const t = useText(complianceText);
  const { lang } = useI18n();
  const region = useRegion();
  const [agencyId, setAgencyId] = useState(props.agencies[0]?.agencyId ?? '');
  const [months, setMonths] = useState<Snapshot[]>();
  const [failed, setFailed] = useState(false);
  const name = props.agencies.find((a) => a.agencyId === agencyId)?.name ?? agencyId;
  useEffect(() => {
    if (!agencyId) return;
    setMonths(undefined);
    (async () => {
      try {
        const { data } = await (await staffApi()).GET('/reports/compliance/{agencyId}', { params: { path: { agencyId }, query: { period: props.year } } });
        if (!data) throw new Error('history');
        setMonths(lastOfEachMonth(data.snapshots));
        setFailed(false);
      } catch {
        setFailed(true);
      }
    })();
  }, [agencyId, props.year]);
  const pct = (v: number | null) => (v === null ? t.noData : formatPercent(v, lang));
  return (
    <section aria-labelledby="trend-title">
      <h2 id="trend-title">{t.trendTitle}</h2>
      <p>{t.trendIntro}</p>
      <div class="field trend-agency">
        <label for="trend-agency">{t.trendAgency}</label>
        <select id="trend-agency" value={agencyId} onChange={(e) => setAgencyId(e.currentTarget.value)}>
          {props.agencies.map((a) => <option key={a.agencyId} value={a.agencyId}>{a.name}</option>)}
        </select>
      </div>
      {failed && <p role="alert" class="error">{t.failed}</p>}
      {months && months.length === 0 && <p>{t.noSnapshots}</p>}
      {months && months.length > 0 && (
        <>
          <PctChart
            label={t.trendLabel(name, props.year)}
            describedBy="trend-table"
            labels={months.map((s) => formatMonth(s.asOf.slice(0, 7), lang, 'short').replace(/ \d{4}$/, ''))}
            series={[
              { label: t.pctTL, kind: 'line', marks: true, color: CHART_COLORS.agency, values: months.map((s) => s.pctTL) },
              { label: t.grade(formatPercent(props.threshold, lang)), kind: 'level', color: CHART_COLORS.grade, level: props.threshold },
            ]}
          />
          <div class="table-scroll" tabIndex={0} aria-labelledby="trend-caption">
            <table id="trend-table">
              <caption id="trend-caption">{t.trendCaption(name, props.year)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.month}</th>
                  <th scope="col">{t.snapshotDate}</th>
                  <th scope="col" class="num">{t.cols.received}</th>
                  <th scope="col" class="num">{t.followedUp}</th>
                  <th scope="col" class="num">{t.pctTL}</th>
                </tr>
              </thead>
              <tbody>
                {months.map((s) => (
                  <tr key={s.asOf}>
                    <th scope="row">{formatMonth(s.asOf.slice(0, 7), lang)}</th>
                    <td>{formatDate(`${s.asOf}T12:00:00Z`, lang, region.timeZone)}</td>
                    <td class="num">{s.received}</td>
                    <td class="num">{s.followedUp}</td>
                    <td class="num">{pct(s.pctTL)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** Snapshots come oldest first; the last one of a month stands for that month. */
function lastOfEachMonth(snapshots: readonly Snapshot[]): Snapshot[] {
  const byMonth = new Map<string, Snapshot>();
  for (const s of snapshots) byMonth.set(s.asOf.slice(0, 7), s);
  return [...byMonth.values()];
}
