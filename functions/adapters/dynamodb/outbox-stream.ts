import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { NOTIFICATION_KINDS, type Notification } from '../../core/model';
import { OUTBOX_PREFIX } from './keys';

export interface OutboxRecord {
  /** The stream record's sequence number: what a partial batch failure reports. */
  sequenceNumber: string;
  notification: Notification;
}

/** The outbox notifications among a stream batch's records: new OUTBOX# items only, in order. */
export function outboxRecords(records: readonly DynamoDBRecord[]): OutboxRecord[] {
  const found: OutboxRecord[] = [];
  for (const record of records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage || !record.dynamodb.SequenceNumber) continue;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    if (typeof item.sk !== 'string' || !item.sk.startsWith(OUTBOX_PREFIX)) continue;
    const notification = toNotification(item);
    if (notification) found.push({ sequenceNumber: record.dynamodb.SequenceNumber, notification });
  }
  return found;
}

function toNotification(item: Record<string, unknown>): Notification | undefined {
  const recipient = item.recipient as Notification['recipient'] | undefined;
  const valid =
    typeof item.trackingId === 'string' &&
    typeof item.seq === 'string' &&
    typeof item.createdAt === 'string' &&
    (NOTIFICATION_KINDS as readonly unknown[]).includes(item.kind) &&
    (recipient?.type === 'reporter' || recipient?.type === 'ombudsman' || (recipient?.type === 'agency' && typeof recipient.agencyId === 'string'));
  if (!valid) return undefined;
  return {
    trackingId: item.trackingId as string,
    seq: item.seq as string,
    kind: item.kind as Notification['kind'],
    recipient: recipient as Notification['recipient'],
    createdAt: item.createdAt as string,
  };
}
