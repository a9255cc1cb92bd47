// Attachment metadata in the complaint's item collection (pk COMPLAINT#<id>, sk ATTACHMENT#<id>).
// A PENDING item carries the table's TTL attribute, so an upload never completed disappears on its
// own (a day, like the bucket's lifecycle rule for its object); listing it drops the TTL.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Attachment, PENDING_RETENTION_SECONDS } from '../../core/attachments';
import { concurrentModification } from '../../core/errors';
import type { ExtraPut } from '../../core/model';
import type { AttachmentRepository } from '../../ports/attachments';
import { ATTACHMENT_PREFIX, attachmentSk, complaintPk, withoutKeys } from './keys';
import { queryAll } from './query';

export class DynamoAttachmentRepository implements AttachmentRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async list(trackingId: string): Promise<Attachment[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': complaintPk(trackingId), ':prefix': ATTACHMENT_PREFIX },
      ConsistentRead: true,
    });
    return items.map(toAttachment);
  }

  async get(trackingId: string, attachmentId: string): Promise<Attachment | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.table, Key: key(trackingId, attachmentId), ConsistentRead: true }),
    );
    return result.Item ? toAttachment(result.Item) : undefined;
  }

  async createPending(attachment: Attachment): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.table, Item: item(attachment), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') {
        throw concurrentModification();
      }
      throw error;
    }
  }

  async discardPending(trackingId: string, attachmentId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.table,
          Key: key(trackingId, attachmentId),
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': 'PENDING' },
        }),
      );
    } catch (error) {
      // Already gone, or listed meanwhile by a concurrent completion: nothing to discard.
      if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') return;
      throw error;
    }
  }

  readyWrite(attachment: Attachment): ExtraPut {
    return {
      item: item(attachment),
      condition: { expression: '#state = :pending', names: { '#state': 'state' }, values: { ':pending': 'PENDING' } },
    };
  }

  publicityWrite(attachment: Attachment): ExtraPut {
    return {
      item: item(attachment),
      condition: { expression: '#state = :ready', names: { '#state': 'state' }, values: { ':ready': 'READY' } },
    };
  }
}

const key = (trackingId: string, attachmentId: string) => ({ pk: complaintPk(trackingId), sk: attachmentSk(attachmentId) });

function item(attachment: Attachment): Record<string, unknown> {
  return {
    ...key(attachment.trackingId, attachment.attachmentId),
    ...attachment,
    // TTL (epoch seconds) only while pending: a listed attachment stays as long as its complaint.
    ...(attachment.state === 'PENDING' && {
      expiresAt: Math.floor(Date.parse(attachment.createdAt) / 1000) + PENDING_RETENTION_SECONDS,
    }),
  };
}

function toAttachment(stored: Record<string, unknown>): Attachment {
  return withoutKeys(stored) as unknown as Attachment;
}
