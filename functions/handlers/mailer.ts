// The outbox mailer: invoked with batches from the Complaints table's stream (in the cloud by an
// event source mapping, locally by the runtime's stream poller). It sends each new outbox
// notification once; on a transient failure it reports the first failed record, so the batch is
// retried from there (already-sent ones are skipped by the ledger).

import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { outboxRecords } from '../adapters/dynamodb/outbox-stream';
import { logger } from '../http/logger';
import { type Dependencies, lazyHandler } from './composition';
import { sesMailer } from '../adapters/ses-mailer';
import { emitMetric, METRICS } from '../adapters/metrics';

export function createHandler(deps: Dependencies) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const { sequenceNumber, notification } of outboxRecords(event.Records ?? [])) {
      try {
        const outcome = await deps.notifications.deliver(notification, deps.clock.now());
        logger.info('notification', { trackingId: notification.trackingId, seq: notification.seq, kind: notification.kind, outcome });
        // Deferred ones are retried by the redelivery job; failed ones are on the complaint's timeline.
        if (outcome === 'deferred' || outcome === 'failed') emitMetric(METRICS.emailDeliveryFailures, 1);
      } catch (error) {
        logger.error('notification failed; the batch is retried from here', {
          trackingId: notification.trackingId,
          seq: notification.seq,
          errorName: (error as Error).name,
          errorMessage: (error as Error).message,
        });
        return { batchItemFailures: [{ itemIdentifier: sequenceNumber }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

export const handler = lazyHandler(createHandler, { mailer: sesMailer });
