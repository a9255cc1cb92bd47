// Coordinator API (role admin): verification, disposition, the agency list.

import type { Actor, Complaint } from '../core/model';
import { isQueueFiltered, matchesQueue, searchWords, type QueueFilter } from '../core/queue';
import { zonedEndOfDay, zonedStartOfDay } from '../core/calendar';
import { validationError } from '../core/errors';
import type { Principal } from '../core/access';
import { toAdminView, toComplaintListItem } from '../core/views';
import { createRouter, json, operation } from '../http/router';
import {
  AddDispositionBody,
  AgencyIdParams,
  DEFAULT_PAGE_SIZE,
  InviteStaffBody,
  KeyInComplaintBody,
  CorrectComplaintBody,
  ListStaffQuery,
  SetStaffAgencyBody,
  UserIdParams,
  DispositionParams,
  WithdrawBody,
  ListComplaintsQuery,
  ListUndeliveredQuery,
  PutAgencyBody,
  TrackingIdParams,
  VerifyBody,
} from '../http/schemas';
import type { HttpHandler } from '../http/types';
import { describeNotificationKey } from '../core/undelivered';
import { type Dependencies, lazyHandler } from './composition';
import { s3FileStore } from '../adapters/s3-file-store';
import { cognitoStaffDirectory } from '../adapters/cognito-directory';
import { powertoolsIdempotency } from '../adapters/powertools-idempotency';
import { idempotencyKeyOf } from '../http/idempotency-key';

/** A search that is a tracking ID (any case): looked up directly. */
const TRACKING_ID = /^[A-Za-z]{2,6}-[0-9A-Za-z]{1,20}$/;

export function createHandler(deps: Dependencies): HttpHandler {
  const { service, agencies, clock } = deps;
  const userIdOf = (principal: Principal) => (principal.kind === 'staff' ? principal.userId : 'unknown');
  const adminActor = (principal: Principal): Actor => ({
    role: 'admin',
    userId: principal.kind === 'staff' ? principal.userId : 'unknown',
  });
  const adminView = async (trackingId: string) => {
    const record = await service.get(trackingId);
    return toAdminView(record, await deps.attachmentService.links(record, { kind: 'admin' }), service.now());
  };
  const viewOf = async (trackingId: string) => json(200, await adminView(trackingId));

  return createRouter('admin', {
    listComplaints: operation({
      query: ListComplaintsQuery,
      handle: async ({ query }) => {
        if (query.from && query.to && query.from > query.to) throw validationError([{ field: 'to', message: 'must not be before from' }]);
        const filter: QueueFilter = {
          ...(query.classification && { classification: query.classification }),
          ...(query.category && { category: query.category }),
          ...(query.agencyId && { agencyId: query.agencyId }),
          ...(query.overdue && { verificationOverdue: query.overdue === 'true' }),
        };
        const now = clock.now();
        // A tracking ID in the search box finds that complaint (if it passes the other filters).
        if (query.q && TRACKING_ID.test(query.q.trim())) {
          const record = await deps.complaints.get(query.q.trim().toUpperCase());
          const found = record && (!query.status || record.complaint.status === query.status) && matchesQueue(record.complaint, filter, now);
          return json(200, { items: found ? [toComplaintListItem(record.complaint, now)] : [], nextCursor: null });
        }
        if (query.q) filter.words = searchWords(query.q);
        const submitted = {
          ...(query.from && { from: zonedStartOfDay(query.from, deps.settings.timeZone).toISOString() }),
          ...(query.to && { to: zonedEndOfDay(query.to, deps.settings.timeZone).toISOString() }),
        };
        const page = await service.list(
          {
            ...(query.status && { status: query.status }),
            ...((query.from || query.to) && { submitted }),
            ...(isQueueFiltered(filter) && { where: (c: Complaint) => matchesQueue(c, filter, now) }),
          },
          {
            limit: query.limit ?? DEFAULT_PAGE_SIZE,
            ...(query.cursor && { cursor: query.cursor }),
            // The verification deadline is 3 working days after submission, so it grows with it:
            // by deadline is oldest first.
            order: query.sort === 'oldest' || query.sort === 'deadline' ? 'oldest' : 'newest',
          },
        );
        return json(200, { items: page.items.map((c) => toComplaintListItem(c, now)), nextCursor: page.nextCursor ?? null });
      },
    }),

    keyInComplaint: operation({
      body: KeyInComplaintBody,
      handle: async ({ body, principal, headers, context }) => {
        const submit = async () => {
          const { change, accessToken } = await service.submit(body, { keyedInBy: adminActor(principal) });
          const c = change.complaint;
          return json(
            201,
            { trackingId: c.trackingId, accessToken, status: c.status, submittedAt: c.submittedAt, verificationDeadline: c.verificationDeadline },
            { location: `/admin/complaints/${c.trackingId}` },
          );
        };
        const key = idempotencyKeyOf(headers);
        // Per coordinator: a double click or a retried request files once; another coordinator's
        // same key is another request.
        return key === undefined ? submit() : deps.guards.idempotency.once('keyInComplaint', key, body, submit, context, userIdOf(principal));
      },
    }),

    correctComplaint: operation({
      params: TrackingIdParams,
      body: CorrectComplaintBody,
      handle: async ({ params, body, principal }) => {
        await service.correct(params.trackingId, body, adminActor(principal));
        return viewOf(params.trackingId);
      },
    }),

    getComplaintForAdmin: operation({
      params: TrackingIdParams,
      handle: ({ params }) => viewOf(params.trackingId),
    }),

    verifyComplaint: operation({
      params: TrackingIdParams,
      body: VerifyBody,
      handle: async ({ params, body, principal }) => {
        await service.verify(params.trackingId, body, adminActor(principal));
        return viewOf(params.trackingId);
      },
    }),

    addDisposition: operation({
      params: TrackingIdParams,
      body: AddDispositionBody,
      handle: async ({ params, body, principal }) => {
        await service.addDisposition(params.trackingId, body, adminActor(principal));
        return json(201, await adminView(params.trackingId));
      },
    }),

    listUndeliveredNotifications: operation({
      query: ListUndeliveredQuery,
      handle: async ({ query }) => {
        const page = await deps.undelivered.listUndelivered({ limit: query.limit ?? DEFAULT_PAGE_SIZE, ...(query.cursor && { cursor: query.cursor }) });
        const items = page.items.map(({ notificationId, ...rest }) => ({ notificationId, ...describeNotificationKey(notificationId), ...rest }));
        return json(200, { items, nextCursor: page.nextCursor ?? null });
      },
    }),

    withdrawDisposition: operation({
      params: DispositionParams,
      body: WithdrawBody,
      handle: async ({ params, body, principal }) => {
        await service.withdrawDisposition(params.trackingId, params.agencyId, body, adminActor(principal));
        return viewOf(params.trackingId);
      },
    }),

    listAgencies: operation({
      handle: async () => {
        const list = await agencies.list();
        list.sort((a, b) => a.name.localeCompare(b.name, 'id'));
        return json(200, { items: list });
      },
    }),

    putAgency: operation({
      params: AgencyIdParams,
      body: PutAgencyBody,
      handle: async ({ params, body }) => {
        const existing = await agencies.get(params.agencyId);
        const agency = { agencyId: params.agencyId, ...body, updatedAt: clock.now().toISOString() };
        await agencies.put(agency);
        return json(existing ? 200 : 201, agency);
      },
    }),

    listStaff: operation({
      query: ListStaffQuery,
      handle: async ({ query }) => {
        const page = await deps.staff.list({ limit: query.limit ?? DEFAULT_PAGE_SIZE, ...(query.cursor && { cursor: query.cursor }) });
        return json(200, { items: page.items, nextCursor: page.nextCursor ?? null });
      },
    }),

    inviteStaff: operation({
      body: InviteStaffBody,
      handle: async ({ body }) => json(201, await deps.staff.invite(body)),
    }),

    disableStaff: operation({
      params: UserIdParams,
      handle: async ({ params, principal }) => json(200, await deps.staff.setEnabled(params.userId, false, userIdOf(principal))),
    }),

    enableStaff: operation({
      params: UserIdParams,
      handle: async ({ params, principal }) => json(200, await deps.staff.setEnabled(params.userId, true, userIdOf(principal))),
    }),

    resetStaffMfa: operation({
      params: UserIdParams,
      handle: async ({ params, principal }) => json(200, await deps.staff.resetMfa(params.userId, userIdOf(principal))),
    }),

    setStaffAgency: operation({
      params: UserIdParams,
      body: SetStaffAgencyBody,
      handle: async ({ params, body }) => json(200, await deps.staff.setAgency(params.userId, body.agencyId)),
    }),
  });
}

export const handler = lazyHandler(createHandler, { files: s3FileStore, directory: cognitoStaffDirectory, idempotency: powertoolsIdempotency });

