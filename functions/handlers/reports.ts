// Auditor reports (role auditor via client credentials, or admin): read-only compliance, summaries
// and complaint exports. Views follow the auditor's privacy rules.

import { randomUUID } from 'node:crypto';
import { zonedEndOfDay, zonedStartOfDay } from '../core/calendar';
import { SummaryCounter } from '../core/complaint-summary';
import { CSV_BOM, exportAll, exportCsvHeader, exportCsvLine, exportPage, type ExportFilter } from '../core/complaint-export';
import { type AgencyCompliance, complianceNumbersOf } from '../core/compliance-report';
import { complianceCsvLines } from '../core/compliance-csv';
import { agencyOf } from '../core/access';
import { notFound, validationError } from '../core/errors';
import { monthsSoFar, periodBounds, periodsOf } from '../core/periods';
import { createRouter, json, operation } from '../http/router';
import {
  AgencyComplianceQuery,
  AgencyIdParams,
  ComplianceHistoryQuery,
  ComplianceReportQuery,
  DEFAULT_PAGE_SIZE,
  ExportComplaintsQuery,
  SummaryQuery,
} from '../http/schemas';
import type { HttpHandler, HttpResult } from '../http/types';
import type { InstantRange } from '../ports/repositories';
import { type Dependencies, lazyHandler } from './composition';
import { s3FileStore } from '../adapters/s3-file-store';

/**
 * Above this a CSV goes to the files bucket as a download link: Lambda responses stop at 6 MB.
 * EXPORT_INLINE_LIMIT_BYTES may lower it (never raise it), e.g. to exercise the link path.
 */
export const INLINE_CSV_BYTES = 5 * 1024 * 1024;

export function createHandler(deps: Dependencies): HttpHandler {
  const { settings, clock, complaints, reader } = deps;
  const currentYear = () => periodsOf(clock.now(), settings.timeZone).year;

  const dateRange = (from?: string, to?: string): InstantRange | undefined => {
    if (from && to && from > to) throw validationError([{ field: 'to', message: 'must not be before from' }]);
    if (!from && !to) return undefined;
    return {
      ...(from && { from: zonedStartOfDay(from, settings.timeZone).toISOString() }),
      ...(to && { to: zonedEndOfDay(to, settings.timeZone).toISOString() }),
    };
  };

  return createRouter('reports', {
    complianceReport: operation({
      query: ComplianceReportQuery,
      handle: async ({ query }) => {
        const period = query.period ?? currentYear();
        const now = clock.now();
        const view = (await reader.compute(now, [period])).periods[period]!;
        // Keaktifan: officers' sign-ins over the 30 days before now, whatever the period asked.
        const since = new Date(now.getTime() - KEAKTIFAN_DAYS * 86_400_000).toISOString();
        const activity = await Promise.all(view.agencies.map((a) => deps.signIns.activity(a.agencyId, { from: since, to: now.toISOString() })));
        const agencies = view.agencies.map((a, i) => ({
          ...complianceFields(a),
          signInsLast30Days: activity[i]!.signIns,
          officersSignedInLast30Days: activity[i]!.users,
        }));
        if (query.format === 'csv') {
          const region = {
            agencyId: 'REGION',
            name: settings.regionName,
            ...complianceNumbersOf(view.region),
            signInsLast30Days: activity.reduce((sum, a) => sum + a.signIns, 0),
            officersSignedInLast30Days: activity.reduce((sum, a) => sum + a.users, 0),
          };
          const lines = complianceCsvLines([...agencies, region]);
          return csv(`kepatuhan-${period}.csv`, CSV_BOM + lines.join(''));
        }
        return json(200, {
          period,
          asOf: now.toISOString(),
          threshold: settings.passingGrade,
          agencies,
          region: complianceNumbersOf(view.region),
          verificationOverdue: (await reader.overdueVerifications(now)).length,
        });
      },
    }),

    complianceHistory: operation({
      params: AgencyIdParams,
      query: ComplianceHistoryQuery,
      handle: async ({ params, query }) => {
        if (query.from && query.to && query.from > query.to) throw validationError([{ field: 'to', message: 'must not be before from' }]);
        const agency = await deps.agencies.get(params.agencyId);
        if (!agency) throw notFound('Agency');
        const period = query.period ?? currentYear();
        const snapshots = await deps.complianceRepository.listSnapshots(params.agencyId, period, {
          ...(query.from && { from: query.from }),
          ...(query.to && { to: query.to }),
        });
        return json(200, {
          agencyId: agency.agencyId,
          name: agency.name,
          period,
          threshold: settings.passingGrade,
          snapshots: snapshots.map((s) => ({ asOf: s.asOf, computedAt: s.computedAt, ...complianceNumbersOf(s) })),
        });
      },
    }),

    agencyCompliance: operation({
      query: AgencyComplianceQuery,
      handle: async ({ query, principal }) => {
        const agencyId = agencyOf(principal);
        const now = clock.now();
        const year = query.year ?? periodsOf(now, settings.timeZone).year;
        const months = monthsSoFar(year, now, settings.timeZone);
        const view = await reader.compute(now, [year, ...months]);
        const own = view.agencies.find((a) => a.agency.agencyId === agencyId);
        if (!own) throw notFound('Agency');
        // Only this agency's line and the region's totals: never another agency's figures.
        const periodOf = (period: string) => ({
          period,
          agency: complianceNumbersOf(own.byPeriod[period]!),
          region: complianceNumbersOf(view.periods[period]!.region),
        });
        return json(200, {
          agencyId,
          name: own.agency.name,
          asOf: now.toISOString(),
          threshold: settings.passingGrade,
          year: periodOf(year),
          months: months.map(periodOf),
        });
      },
    }),

    complaintSummary: operation({
      query: SummaryQuery,
      handle: async ({ query }) => {
        const period = query.period ?? currentYear();
        const { start, end } = periodBounds(period, settings.timeZone);
        const submitted = { from: start.toISOString(), to: new Date(end.getTime() - 1).toISOString() };
        const counter = new SummaryCounter();
        let cursor: string | undefined;
        do {
          const page = await complaints.list({ submitted }, { limit: 1000, ...(cursor && { cursor }) });
          for (const c of page.items) counter.add(c);
          cursor = page.nextCursor;
        } while (cursor);
        return json(200, { period, asOf: clock.now().toISOString(), ...counter.result() });
      },
    }),

    exportComplaints: operation({
      query: ExportComplaintsQuery,
      handle: async ({ query }) => {
        const range = dateRange(query.from, query.to);
        const filter: ExportFilter = {
          ...(range && { range }),
          ...(query.status && { status: query.status }),
          ...(query.agencyId && { agencyId: query.agencyId }),
        };
        if (query.format !== 'csv') {
          if (query.delivery) throw validationError([{ field: 'delivery', message: 'applies to CSV exports only' }]);
          const page = await exportPage(complaints, filter, {
            limit: query.limit ?? DEFAULT_PAGE_SIZE,
            ...(query.cursor && { cursor: query.cursor }),
          });
          return json(200, { items: page.items, nextCursor: page.nextCursor ?? null });
        }
        if (query.cursor || query.limit) {
          throw validationError([{ field: query.cursor ? 'cursor' : 'limit', message: 'applies to JSON pages only; a CSV export is always complete' }]);
        }
        return csvExport(deps, filter, `pengaduan-${query.from ?? 'awal'}-${query.to ?? 'akhir'}.csv`, query.delivery ?? 'redirect');
      },
    }),
  });
}

/** Small exports answer inline; large ones stream to the files bucket and answer with a link. */
async function csvExport(deps: Dependencies, filter: ExportFilter, fileName: string, delivery: 'redirect' | 'link'): Promise<HttpResult> {
  const inlineLimit = Math.min(INLINE_CSV_BYTES, deps.exportInlineLimitBytes ?? INLINE_CSV_BYTES);
  let chunks: string[] = [exportCsvHeader()];
  let bytes = Buffer.byteLength(chunks[0]!);
  let rows = 0;
  let upload: ReturnType<Dependencies['files']['startUpload']> | undefined;
  try {
    for await (const row of exportAll(deps.complaints, filter)) {
      const line = exportCsvLine(row);
      rows++;
      if (upload) {
        await upload.write(line);
        continue;
      }
      chunks.push(line);
      bytes += Buffer.byteLength(line);
      if (bytes > inlineLimit) {
        upload = deps.files.startUpload(`exports/${deps.clock.now().toISOString().slice(0, 10)}/${randomUUID()}.csv`, 'text/csv; charset=utf-8', fileName);
        await upload.write(chunks.join(''));
        chunks = [];
      }
    }
    if (!upload) return csv(fileName, chunks.join(''));
    const link = await upload.finish();
    return json(
      delivery === 'link' ? 201 : 303,
      { downloadUrl: link.url, expiresAt: link.expiresAt, rows, bytes: link.bytes },
      { location: link.url },
    );
  } catch (error) {
    await upload?.abort();
    throw error;
  }
}

function csv(fileName: string, body: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    },
    body,
  };
}

/** KemenPANRB scores keaktifan on the last month's sign-ins. */
const KEAKTIFAN_DAYS = 30;

function complianceFields(a: AgencyCompliance) {
  return { agencyId: a.agencyId, name: a.name, ...complianceNumbersOf(a) };
}


export const handler = lazyHandler(createHandler, { files: s3FileStore });
