// The dashboard's table: the chart's text alternative and the figures to quote, row for row what
// /reports/compliance answers, with the region's totals at the foot.
import { useI18n } from '../../../i18n';
import { formatNumber, formatPercent } from '../../../ui/format';
import { useText } from '../../text';
import { complianceText } from '../text';
import type { Report } from './dashboard-page';

type Numbers = Report['region'];

export function ComplianceTable(props: { id: string; report: Report; caption: string }) {
  const t = useText(complianceText);
  const { lang } = useI18n();
  const cells = (n: Numbers) => [
    <td class="num" key="pct">{n.pctTL === null ? t.noData : formatPercent(n.pctTL, lang)}{n.belowThreshold && <span class="below"> ({t.below})</span>}</td>,
    <td class="num" key="rec">{n.received}</td>,
    <td class="num" key="pen">{n.pending}</td>,
    <td class="num" key="inp">{n.inProgress}</td>,
    <td class="num" key="com">{n.completed}</td>,
    <td class="num" key="ovd">{n.overdue}</td>,
    <td class="num" key="esc">{n.escalationEligible}</td>,
    <td class="num" key="med">{n.medianHoursToFirstFollowUp === null ? t.noData : formatNumber(n.medianHoursToFirstFollowUp, lang)}</td>,
  ];
  return (
    <div class="table-scroll" tabIndex={0} aria-labelledby={`${props.id}-caption`}>
      <table id={props.id}>
        <caption id={`${props.id}-caption`}>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.cols.agency}</th>
            <th scope="col" class="num">{t.cols.pctTL}</th>
            <th scope="col" class="num">{t.cols.received}</th>
            <th scope="col" class="num">{t.cols.pending}</th>
            <th scope="col" class="num">{t.cols.inProgress}</th>
            <th scope="col" class="num">{t.cols.completed}</th>
            <th scope="col" class="num">{t.cols.overdue}</th>
            <th scope="col" class="num">{t.cols.escalation}</th>
            <th scope="col" class="num">{t.cols.median}</th>
            <th scope="col" class="num">{t.cols.signIns}</th>
          </tr>
        </thead>
        <tbody>
          {props.report.agencies.map((a) => (
            <tr key={a.agencyId} class={a.belowThreshold ? 'row-below' : undefined}>
              <th scope="row">{a.name}</th>
              {cells(a)}
              <td class="num">{a.signInsLast30Days} ({t.officers(a.officersSignedInLast30Days)})</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t.regionRow}</th>
            {cells(props.report.region)}
            <td class="num" />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
