// Public API: no login. The reporter proves ownership with the X-Access-Token header.

import { escalationView, toAttachmentView, toPublicView, toRegionInfo, toReporterView } from '../core/views';
import { ATTACHMENT_CONTENT_TYPES } from '../core/attachments';
import { isReporter } from '../core/access';
import { notFound } from '../core/errors';
import { openApiAsset, openApiResponse } from '../http/openapi-asset';
import { createRouter, json, operation } from '../http/router';
import {
  AttachmentParams,
  CreateAttachmentBody,
  DEFAULT_PAGE_SIZE,
  EscalateBody,
  PublicComplaintsQuery,
  RespondBody,
  SubmitComplaintBody,
  TrackingIdParams,
} from '../http/schemas';
import type { HttpHandler } from '../http/types';
import { type Dependencies, lazyHandler } from './composition';
import { powertoolsIdempotency } from '../adapters/powertools-idempotency';
import { s3FileStore } from '../adapters/s3-file-store';
import { idempotencyKeyOf } from '../http/idempotency-key';

const ACCESS_TOKEN_HEADER = 'x-access-token';

export function createHandler(deps: Dependencies): HttpHandler {
  const { service } = deps;
  return createRouter('public', {
    health: operation({
      handle: async () => json(200, { status: 'ok', time: service.now().toISOString() }),
    }),

    openApiDocument: operation({
      handle: async () => openApiResponse(deps.openApiTemplate),
    }),

    regionInfo: operation({
      handle: async () => json(200, toRegionInfo(deps.settings, ATTACHMENT_CONTENT_TYPES)),
    }),

    listPublicComplaints: operation({
      query: PublicComplaintsQuery,
      handle: async ({ query }) => {
        const { limit, cursor, ...filter } = query;
        const page = await service.listPublic(filter, { limit: limit ?? DEFAULT_PAGE_SIZE, ...(cursor && { cursor }) });
        return json(200, { items: page.items, nextCursor: page.nextCursor ?? null });
      },
    }),

    submitComplaint: operation({
      body: SubmitComplaintBody,
      handle: async ({ body, headers, event, context }) => {
        const submit = async () => {
          // Counted in the complaint's own transaction (one round trip; a refused filing writes
          // nothing), inside the idempotent work: a replayed retry does not count again.
          const { change, accessToken } = await service.submit(body, {
            rateLimit: {
              scope: 'submitComplaint',
              client: event.requestContext.http.sourceIp,
              limit: { limit: deps.settings.submissionsPerClientPerHour, windowSeconds: 3600 },
              now: service.now(),
            },
          });
          const c = change.complaint;
          return json(
            201,
            { trackingId: c.trackingId, accessToken, status: c.status, submittedAt: c.submittedAt, verificationDeadline: c.verificationDeadline },
            { location: `/complaints/${c.trackingId}` },
          );
        };
        const key = idempotencyKeyOf(headers);
        if (key === undefined) return submit();
        // A retry with the same key and body from the same client gets the first response, access
        // token included; the stored copy is encrypted under the key (adapters/sealed-reply.ts).
        return deps.guards.idempotency.once('submitComplaint', key, body, submit, context, event.requestContext.http.sourceIp);
      },
    }),

    getComplaint: operation({
      params: TrackingIdParams,
      handle: async ({ params, headers }) => {
        const record = await service.get(params.trackingId);
        if (isReporter(record.complaint, headers[ACCESS_TOKEN_HEADER])) {
          return json(200, toReporterView(record, await deps.attachmentService.links(record, { kind: 'reporter' }), { now: service.now(), settings: deps.settings }));
        }
        if (record.complaint.confidential) throw notFound('Complaint');
        const view = toPublicView(record, await deps.attachmentService.links(record, { kind: 'public' }));
        if (!view) throw notFound('Complaint');
        return json(200, view);
      },
    }),

    respondToComplaint: operation({
      params: TrackingIdParams,
      body: RespondBody,
      handle: async ({ params, body, headers }) => {
        const change = await service.respond(params.trackingId, headers[ACCESS_TOKEN_HEADER], body);
        return json(201, { trackingId: params.trackingId, status: change.complaint.status, timeline: change.timeline.map(({ at, type, message }) => ({ at, type, ...(message !== undefined && { message }) })) });
      },
    }),

    escalateComplaint: operation({
      params: TrackingIdParams,
      body: EscalateBody,
      bodyOptional: true,
      handle: async ({ params, headers, body }) => {
        // The forward is queued in the outbox with the escalation and sent by the mailer: this
        // function sends no email, and the answer says QUEUED, which is the truth.
        const change = await service.escalate(params.trackingId, headers[ACCESS_TOKEN_HEADER], body ?? {});
        return json(202, {
          trackingId: params.trackingId,
          status: change.complaint.status,
          escalatedAt: change.complaint.escalatedAt,
          escalation: escalationView(change.complaint.escalation),
        });
      },
    }),

    requestAttachmentUpload: operation({
      params: TrackingIdParams,
      body: CreateAttachmentBody,
      handle: async ({ params, body, headers }) => {
        const { attachment, upload, headers: uploadHeaders } = await deps.attachmentService.requestUpload(
          params.trackingId,
          { role: 'reporter', accessToken: headers[ACCESS_TOKEN_HEADER] },
          body,
        );
        return json(201, {
          attachmentId: attachment.attachmentId,
          fileName: attachment.fileName,
          uploadUrl: upload.url,
          uploadHeaders,
          expiresAt: upload.expiresAt,
        });
      },
    }),

    completeAttachmentUpload: operation({
      params: AttachmentParams,
      handle: async ({ params, headers }) => {
        const attachment = await deps.attachmentService.complete(params.trackingId, params.attachmentId, {
          role: 'reporter',
          accessToken: headers[ACCESS_TOKEN_HEADER],
        });
        return json(200, toAttachmentView(await deps.attachmentService.link(attachment)));
      },
    }),
  });
}

export const handler = lazyHandler(createHandler, { files: s3FileStore, idempotency: powertoolsIdempotency, openApi: openApiAsset });
