// The response schemas mirror the view types: checked by the compiler (`npm run typecheck`), so a
// view that gains, loses or changes a field fails the build until its schema follows. At run time
// a few views built by the core are parsed with their schemas as a second check.

import type * as z from 'zod/mini';
import type { ComplaintSummary } from '../../../functions/core/complaint-summary';
import type { ExportRow as CoreExportRow } from '../../../functions/core/complaint-export';
import type { ComplianceNumbers as CoreComplianceNumbers } from '../../../functions/core/compliance-report';
import type { Agency as CoreAgency, Complaint } from '../../../functions/core/model';
import type * as views from '../../../functions/core/views';
import * as res from '../../../functions/http/response-schemas';

type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
/** Same keys, same required keys, and each assignable to the other. */
type Mirrors<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? [RequiredKeys<A>] extends [RequiredKeys<B>]
          ? [RequiredKeys<B>] extends [RequiredKeys<A>]
            ? true
            : 'required keys differ'
          : 'required keys differ'
        : 'keys differ'
      : 'keys differ'
    : 'B is not assignable to A'
  : 'A is not assignable to B';
type Out<S extends z.ZodMiniType> = z.output<S>;

// A line fails to compile when a schema and its type disagree.
const mirrors: Array<true> = [
  true satisfies Mirrors<Out<typeof res.PublicComplaintView>, views.PublicComplaintView>,
  true satisfies Mirrors<Out<typeof res.ReporterComplaintView>, views.ReporterComplaintView>,
  true satisfies Mirrors<Out<typeof res.PublicDispositionView>, views.PublicDispositionView>,
  true satisfies Mirrors<Out<typeof res.PublicFollowUp>, views.PublicFollowUp>,
  true satisfies Mirrors<Out<typeof res.TimelineView>, views.TimelineView>,
  true satisfies Mirrors<Out<typeof res.AgencyComplaintView>, views.AgencyComplaintView>,
  true satisfies Mirrors<Out<typeof res.DispositionView>, views.DispositionView>,
  true satisfies Mirrors<Out<typeof res.ComplaintListItem>, views.ComplaintListItem>,
  true satisfies Mirrors<Out<typeof res.PublicListItem>, views.PublicListItem>,
  true satisfies Mirrors<Out<typeof res.RegionInfo>, views.RegionInfo>,
  true satisfies Mirrors<Out<typeof res.DispositionListItem>, views.DispositionListItem>,
  // toAdminView spreads the whole stored complaint (minus the token hash), so it also returns
  // lastFollowUpAt, agencyIds and emailUpdates, which the AdminComplaintView type does not mention.
  true satisfies Mirrors<
    Out<typeof res.AdminComplaintView>,
    views.AdminComplaintView & Pick<Complaint, 'lastFollowUpAt' | 'agencyIds' | 'emailUpdates'>
  >,
  true satisfies Mirrors<Out<typeof res.Agency>, CoreAgency>,
  true satisfies Mirrors<Out<typeof res.ExportRow>, CoreExportRow>,
  true satisfies Mirrors<Out<typeof res.ComplianceNumbers>, Omit<CoreComplianceNumbers, never>>,
  true satisfies Mirrors<Omit<Out<typeof res.ComplaintSummary>, 'period' | 'asOf'>, ComplaintSummary>,
];

test('every response schema mirrors its view type (checked by tsc)', () => {
  expect(mirrors.every(Boolean)).toBe(true);
});

test('schemas are strict: a field outside the view is refused', () => {
  const row = {
    agencyId: 'dpupr',
    name: 'Dinas PUPR',
    received: 32,
    pending: 15,
    inProgress: 7,
    completed: 10,
    followedUp: 17,
    pctTL: 53.13,
    belowThreshold: true,
    overdue: 3,
    escalationEligible: 0,
    withdrawn: 0,
    medianHoursToFirstFollowUp: null,
    signInsLast30Days: 4,
    officersSignedInLast30Days: 2,
  };
  expect(res.AgencyComplianceRow.safeParse(row).success).toBe(true);
  expect(res.AgencyComplianceRow.safeParse({ ...row, period: '2022' }).success).toBe(false);
  expect(res.AgencyComplianceRow.safeParse({ ...row, pctTL: 0 }).success).toBe(true);
  expect(res.AgencyComplianceRow.safeParse({ ...row, pctTL: 100.01 }).success).toBe(false);
});
