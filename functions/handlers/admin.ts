// Coordinator API (role admin): verification, disposition, the agency list.

import type { Actor } from '../core/model';
import type { Principal } from '../core/access';
import { toAdminView, toComplaintListItem } from '../core/views';
import { createRouter, json, operation } from '../http/router';
import {
  AddDispositionBody,
  AgencyIdParams,
  DEFAULT_PAGE_SIZE,
  DispositionParams,
  WithdrawBody,
  ListComplaintsQuery,
  PutAgencyBody,
  TrackingIdParams,
  VerifyBody,
} from '../http/schemas';
import type { HttpHandler } from '../http/types';
import { type Dependencies, lazyHandler } from './composition';
import { s3FileStore } from '../adapters/s3-file-store';

export function createHandler(deps: Dependencies): HttpHandler {
  const { service, agencies, clock } = deps;
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
        const page = await service.list(
          { ...(query.status && { status: query.status }) },
          { limit: query.limit ?? DEFAULT_PAGE_SIZE, ...(query.cursor && { cursor: query.cursor }) },
        );
        return json(200, { items: page.items.map(toComplaintListItem), nextCursor: page.nextCursor ?? null });
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
  });
}

export const handler = lazyHandler(createHandler, { files: s3FileStore });

