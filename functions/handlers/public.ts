// Public API: no login. The reporter proves ownership with the X-Access-Token header.

import { toPublicView, toReporterView } from '../core/views';
import { isReporter } from '../core/access';
import { notFound } from '../core/errors';
import { createRouter, json, operation } from '../http/router';
import { RespondBody, SubmitComplaintBody, TrackingIdParams } from '../http/schemas';
import type { HttpHandler } from '../http/types';
import { type Dependencies, lazyHandler } from './dependencies';

const ACCESS_TOKEN_HEADER = 'x-access-token';

export function createHandler(deps: Dependencies): HttpHandler {
  const { service } = deps;
  return createRouter('public', {
    health: operation({
      handle: async () => json(200, { status: 'ok', time: service.now().toISOString() }),
    }),

    submitComplaint: operation({
      body: SubmitComplaintBody,
      handle: async ({ body }) => {
        const { change, accessToken } = await service.submit(body);
        const c = change.complaint;
        return json(
          201,
          { trackingId: c.trackingId, accessToken, status: c.status, submittedAt: c.submittedAt, verificationDeadline: c.verificationDeadline },
          { location: `/complaints/${c.trackingId}` },
        );
      },
    }),

    getComplaint: operation({
      params: TrackingIdParams,
      handle: async ({ params, headers }) => {
        const record = await service.get(params.trackingId);
        if (isReporter(record.complaint, headers[ACCESS_TOKEN_HEADER])) return json(200, toReporterView(record));
        const view = toPublicView(record);
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
      handle: async ({ params, headers }) => {
        const { change, delivery } = await deps.compliance.forwardToOmbudsman(
          params.trackingId,
          headers[ACCESS_TOKEN_HEADER],
          service.now(),
        );
        return json(202, {
          trackingId: params.trackingId,
          status: change.complaint.status,
          escalatedAt: change.complaint.escalatedAt,
          // 'sent' now, or 'will-retry': the daily escalation job delivers what failed here.
          ombudsmanEmail: delivery === 'will-retry' ? 'will-retry' : 'sent',
        });
      },
    }),
  });
}

export const handler = lazyHandler(createHandler);
