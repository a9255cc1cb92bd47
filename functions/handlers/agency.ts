// Agency (OPD) API: an officer sees and acts on its own agency's dispositions only. Another
// agency's disposition answers 404, exactly like a missing one.

import { agencyOf } from '../core/access';
import { isDomainError, notFound } from '../core/errors';
import type { Actor } from '../core/model';
import { toAgencyView, toAttachmentView, toDispositionListItem } from '../core/views';
import { createRouter, json, operation } from '../http/router';
import {
  AttachmentParams,
  CreateAttachmentBody,
  DEFAULT_PAGE_SIZE,
  FollowUpBody,
  ListDispositionsQuery,
  ReturnBody,
  TrackingIdParams,
} from '../http/schemas';
import type { HttpHandler } from '../http/types';
import type { Principal } from '../core/access';
import { type Dependencies, lazyHandler } from './composition';
import { s3FileStore } from '../adapters/s3-file-store';

export function createHandler(deps: Dependencies): HttpHandler {
  const { service, clock } = deps;
  const actorFor = (principal: Principal): { agencyId: string; actor: Actor } => {
    const agencyId = agencyOf(principal);
    return { agencyId, actor: { role: 'agency', agencyId, userId: principal.kind === 'staff' ? principal.userId : 'unknown' } };
  };
  const viewFor = async (trackingId: string, agencyId: string) => {
    const record = await hidingOthers(service.get(trackingId));
    // No links (and no read) when the agency holds no active disposition: then the view is 404.
    const view = toAgencyView(record, agencyId, await deps.attachmentService.links(record, { kind: 'agency', agencyId }), service.now());
    if (!view) throw notFound('Disposition');
    return view;
  };

  return createRouter('agency', {
    listDispositions: operation({
      query: ListDispositionsQuery,
      handle: async ({ query, principal }) => {
        const { agencyId } = actorFor(principal);
        const page = await service.listDispositions(
          { agencyId, ...(query.status && { status: query.status }) },
          {
            limit: query.limit ?? DEFAULT_PAGE_SIZE,
            ...(query.cursor && { cursor: query.cursor }),
            // The deadline is a fixed number of working days after the disposition: oldest first is earliest deadline first.
            ...(query.sort === 'deadline' && { order: 'oldest' as const }),
          },
        );
        const now = clock.now();
        return json(200, { items: page.items.map((d) => toDispositionListItem(d, now, deps.settings)), nextCursor: page.nextCursor ?? null });
      },
    }),

    getDisposition: operation({
      params: TrackingIdParams,
      handle: async ({ params, principal }) => json(200, await viewFor(params.trackingId, actorFor(principal).agencyId)),
    }),

    postFollowUp: operation({
      params: TrackingIdParams,
      body: FollowUpBody,
      handle: async ({ params, body, principal }) => {
        const { agencyId, actor } = actorFor(principal);
        await hidingOthers(service.followUp(params.trackingId, agencyId, body, actor));
        return json(201, await viewFor(params.trackingId, agencyId));
      },
    }),

    returnDisposition: operation({
      params: TrackingIdParams,
      body: ReturnBody,
      handle: async ({ params, body, principal }) => {
        const { agencyId, actor } = actorFor(principal);
        const change = await hidingOthers(service.returnDisposition(params.trackingId, agencyId, body, actor));
        return json(200, { trackingId: params.trackingId, agencyId, dispositionStatus: 'RETURNED', complaintStatus: change.complaint.status });
      },
    }),

    requestAgencyAttachmentUpload: operation({
      params: TrackingIdParams,
      body: CreateAttachmentBody,
      handle: async ({ params, body, principal }) => {
        const { agencyId, actor } = actorFor(principal);
        const { attachment, upload, headers } = await deps.attachmentService.requestUpload(
          params.trackingId,
          { role: 'agency', agencyId, userId: actor.role === 'agency' ? actor.userId : 'unknown' },
          body,
        );
        return json(201, {
          attachmentId: attachment.attachmentId,
          fileName: attachment.fileName,
          uploadUrl: upload.url,
          uploadHeaders: headers,
          expiresAt: upload.expiresAt,
        });
      },
    }),

    completeAgencyAttachmentUpload: operation({
      params: AttachmentParams,
      handle: async ({ params, principal }) => {
        const { agencyId, actor } = actorFor(principal);
        const attachment = await deps.attachmentService.complete(params.trackingId, params.attachmentId, {
          role: 'agency',
          agencyId,
          userId: actor.role === 'agency' ? actor.userId : 'unknown',
        });
        return json(200, toAttachmentView(await deps.attachmentService.link(attachment)));
      },
    }),
  });
}

/** A missing complaint and another agency's complaint must look the same to an agency. */
async function hidingOthers<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isDomainError(error) && error.code === 'NOT_FOUND') throw notFound('Disposition');
    throw error;
  }
}

export const handler = lazyHandler(createHandler, { files: s3FileStore });
