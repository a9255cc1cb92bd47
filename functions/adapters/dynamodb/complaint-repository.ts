import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { concurrentModification, validationError } from '../../core/errors';
import { OPEN_STATUSES } from '../../core/lifecycle';
import { addHours } from '../../core/follow-up-buckets';
import { rateLimited } from '../../core/rate-limit';
import type {
  ChangeSet,
  Complaint,
  ComplaintRecord,
  ComplaintStatus,
  CounterDelta,
  Disposition,
  DispositionStatus,
  Page,
  TimelineEntry,
} from '../../core/model';
import type { CommitOptions, ComplaintListFilter, ComplaintRepository, InstantRange, PageRequest } from '../../ports/repositories';
import { decodeCursor, encodeCursor } from './cursor';
import {
  BUCKET_ATTRIBUTE_PREFIX,
  COMPLAINT_ENTITY,
  ESCALATION_DUE_PK,
  AUTO_CLOSE_DUE_PK,
  META_SK,
  agencyPk,
  agencyStatusPk,
  complaintPk,
  countersPk,
  dispositionSk,
  listSk,
  statusPk,
  outboxSk,
  timelineSk,
  withoutKeys,
} from './keys';
import { queryAll } from './query';
import { rateLimitUpdate } from './rate-limiter';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Outbox items only need to outlive the stream's 24-hour retention; TTL removes them later. */
const OUTBOX_RETENTION_SECONDS = 7 * 86_400;

export interface ComplaintTables {
  complaints: string;
  agencies: string;
  /** The request-guards table: needed only by commits with a rate limit (the public function's). */
  guards?: string;
}

/** Filtered listings read the index this many items at a time, and at most FILTER_BUDGET per call. */
const FILTER_PAGE = 200;
const FILTER_BUDGET = 2000;

export class DynamoComplaintRepository implements ComplaintRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: ComplaintTables,
  ) {}

  async get(trackingId: string): Promise<ComplaintRecord | undefined> {
    const items = await queryAll(this.client, {
      TableName: this.tables.complaints,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': complaintPk(trackingId) },
      ConsistentRead: true,
    });

    const meta = items.find((item) => item.sk === META_SK);
    if (!meta) return undefined;
    const bySk = (prefix: string) =>
      items.filter((item) => typeof item.sk === 'string' && item.sk.startsWith(prefix)).map(withoutKeys);
    return {
      complaint: withoutKeys(meta) as unknown as Complaint,
      dispositions: bySk('DISPOSITION#') as unknown as Disposition[],
      timeline: bySk('TIMELINE#') as unknown as TimelineEntry[],
    };
  }

  async commit(change: ChangeSet, options: CommitOptions = {}): Promise<void> {
    // Create mode (the import): every state item must be new, whatever version its history reached.
    const create = options.create === true;
    const { rateLimit } = options;
    if (rateLimit && !this.tables.guards) throw new Error('A rate-limited commit needs the request-guards table (REQUEST_GUARDS_TABLE)');
    const items: TransactItem[] = [
      // First, so that its cancellation reason is the first one.
      ...(rateLimit ? [{ Update: rateLimitUpdate(this.tables.guards!, rateLimit) }] : []),
      this.versionedPut(this.complaintItem(change.complaint), create ? 1 : change.complaint.version),
      ...change.dispositions.map((d) => this.versionedPut(this.dispositionItem(d), create ? 1 : d.version)),
      ...change.timeline.map((entry) => ({
        Put: {
          TableName: this.tables.complaints,
          Item: { pk: complaintPk(entry.trackingId), sk: timelineSk(entry.seq), ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      ...change.counters.map((delta) => this.counterUpdate(delta)),
      // The outbox: the mailer reads these from the table's stream. History brought in by the
      // import (create mode) is never announced to anyone.
      ...(create ? [] : (change.notifications ?? [])).map((n) => ({
        Put: {
          TableName: this.tables.complaints,
          Item: { pk: complaintPk(n.trackingId), sk: outboxSk(n.seq), ...n, expiresAt: Math.floor(Date.parse(n.createdAt) / 1000) + OUTBOX_RETENTION_SECONDS },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      // Items another repository adds to this change (an attachment listed on completion); a
      // failed condition on one is a lost race like any other.
      ...(change.extraPuts ?? []).map((extra) => ({
        Put: {
          TableName: this.tables.complaints,
          Item: extra.item,
          ...(extra.condition && {
            ConditionExpression: extra.condition.expression,
            ...(extra.condition.names && { ExpressionAttributeNames: extra.condition.names }),
            ...(extra.condition.values && { ExpressionAttributeValues: extra.condition.values }),
          }),
        },
      })),
    ];
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException || (error as Error).name === 'TransactionCanceledException') {
        const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
        if (rateLimit && reasons[0]?.Code === 'ConditionalCheckFailed') throw rateLimited(rateLimit);
        // Another writer got there first (version check) or is mid-transaction on the same items.
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) {
          throw concurrentModification();
        }
      }
      if ((error as Error).name === 'TransactionConflictException') throw concurrentModification();
      throw error;
    }
  }

  async list(filter: ComplaintListFilter, page: PageRequest): Promise<Page<Complaint>> {
    const query = filter.status
      ? { index: 'complaintsByStatus', partition: { name: 'statusPk', value: statusPk(filter.status) } }
      : { index: 'complaintsBySubmission', partition: { name: 'entityType', value: COMPLAINT_ENTITY } };
    if (filter.where) return this.listWhere(query, filter.where, page, filter.submitted, attributeFilter(filter));
    const result = await this.queryIndex(query, page, filter.submitted, attributeFilter(filter));
    return { items: result.items as unknown as Complaint[], ...(result.nextCursor && { nextCursor: result.nextCursor }) };
  }

  async listDispositions(
    filter: { agencyId: string; status?: DispositionStatus; dispositioned?: InstantRange },
    page: PageRequest,
  ): Promise<Page<Disposition>> {
    const query = filter.status
      ? {
          index: 'dispositionsByAgencyStatus',
          partition: { name: 'agencyStatusPk', value: agencyStatusPk(filter.agencyId, filter.status) },
        }
      : { index: 'dispositionsByAgency', partition: { name: 'agencyPk', value: agencyPk(filter.agencyId) } };
    const result = await this.queryIndex(query, page, filter.dispositioned);
    return { items: result.items as unknown as Disposition[], ...(result.nextCursor && { nextCursor: result.nextCursor }) };
  }

  listEscalationDue(until: string, page: PageRequest): Promise<Page<Complaint>> {
    return this.listDue(ESCALATION_DUE_PK, until, page);
  }

  listAutoCloseDue(until: string, page: PageRequest): Promise<Page<Complaint>> {
    return this.listDue(AUTO_CLOSE_DUE_PK, until, page);
  }

  /** One partition of the due index, due at or before `until`, earliest first. */
  private async listDue(partition: string, until: string, page: PageRequest): Promise<Page<Complaint>> {
    const startKey = decodeCursor(page.cursor, {
      attributes: ['pk', 'sk', 'escalationDuePk', 'escalationDueSk'],
      partition: { name: 'escalationDuePk', value: partition },
    });
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tables.complaints,
        IndexName: 'complaintsByEscalationDue',
        KeyConditionExpression: 'escalationDuePk = :p AND escalationDueSk <= :until',
        ExpressionAttributeValues: { ':p': partition, ':until': `${until}#\uffff` },
        Limit: page.limit,
        ...(startKey && { ExclusiveStartKey: startKey }),
      }),
    );
    const nextCursor = encodeCursor(result.LastEvaluatedKey);
    return { items: (result.Items ?? []).map((item) => withoutKeys(item) as unknown as Complaint), ...(nextCursor && { nextCursor }) };
  }

  async getComplaints(trackingIds: readonly string[]): Promise<Complaint[]> {
    const found: Complaint[] = [];
    const unique = [...new Set(trackingIds)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((id) => ({ pk: complaintPk(id), sk: META_SK }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        const result = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tables.complaints]: { Keys: keys } } }));
        found.push(...(result.Responses?.[this.tables.complaints] ?? []).map((item) => withoutKeys(item) as unknown as Complaint));
        keys = result.UnprocessedKeys?.[this.tables.complaints]?.Keys as Record<string, unknown>[] | undefined;
        if (keys?.length) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      }
    }
    return found;
  }

  /**
   * Reads the index in pages of FILTER_PAGE and keeps what `where` keeps, until the page is full
   * or FILTER_BUDGET items were read (then a short page with a cursor to read on). The cursor of a
   * full page is the key of its last complaint, so nothing read but not returned is skipped.
   */
  private async listWhere(
    query: { index: string; partition: { name: string; value: string } },
    where: (c: Complaint) => boolean,
    page: PageRequest,
    range: InstantRange | undefined,
    filter: AttributeFilter | undefined,
  ): Promise<Page<Complaint>> {
    const items: Complaint[] = [];
    let cursor = page.cursor;
    let read = 0;
    for (;;) {
      const result = await this.queryIndex(query, { ...page, limit: FILTER_PAGE, ...(cursor ? { cursor } : {}) }, range, filter, true);
      for (const raw of result.items) {
        const complaint = withoutKeys(raw) as unknown as Complaint;
        if (!where(complaint)) continue;
        items.push(complaint);
        if (items.length === page.limit) {
          const key = { pk: raw.pk, sk: raw.sk, [query.partition.name]: raw[query.partition.name], listSk: raw.listSk };
          return { items, nextCursor: encodeCursor(key)! };
        }
      }
      read += result.items.length;
      if (!result.nextCursor) return { items };
      cursor = result.nextCursor;
      if (read >= FILTER_BUDGET) return { items, nextCursor: cursor };
    }
  }

  private async queryIndex(
    query: { index: string; partition: { name: string; value: string } },
    page: PageRequest,
    range: InstantRange = {},
    filter?: AttributeFilter,
    /** Keep the key attributes (listWhere builds cursors from them). */
    raw = false,
  ): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
    const startKey = decodeCursor(page.cursor, {
      attributes: ['pk', 'sk', query.partition.name, 'listSk'],
      partition: query.partition,
    });
    // listSk is "<ISO instant>#<trackingId>": an instant range is a key range.
    const bounded = range.from !== undefined || range.to !== undefined;
    const lower = range.from ?? '0';
    const upper = `${range.to ?? '9'}\uffff`;
    if (startKey && bounded && !(startKey.listSk! >= lower && startKey.listSk! <= upper)) {
      // A cursor from another range: DynamoDB would refuse it as outside the query's bounds.
      throw validationError([{ field: 'cursor', message: 'is not a cursor returned by this listing' }]);
    }
    const items: Record<string, unknown>[] = [];
    let exclusiveStartKey = startKey;
    // A filter leaves pages short: read on (a few times at most, so one request stays bounded)
    // asking each time only for as many items as are missing, so the cursor never skips one.
    for (let read = 0; read < (filter ? MAX_FILTERED_READS : 1); read++) {
      const input: QueryCommandInput = {
        TableName: this.tables.complaints,
        IndexName: query.index,
        KeyConditionExpression: bounded ? '#p = :p AND listSk BETWEEN :from AND :to' : '#p = :p',
        ExpressionAttributeNames: { '#p': query.partition.name, ...filter?.names },
        ExpressionAttributeValues: {
          ':p': query.partition.value,
          ...(bounded && { ':from': lower, ':to': upper }),
          ...filter?.values,
        },
        ...(filter && { FilterExpression: filter.expression }),
        ScanIndexForward: page.order === 'oldest',
        Limit: page.limit - items.length,
        ...(exclusiveStartKey && { ExclusiveStartKey: exclusiveStartKey }),
      };
      const result = await this.client.send(new QueryCommand(input));
      items.push(...(raw ? (result.Items ?? []) : (result.Items ?? []).map(withoutKeys)));
      exclusiveStartKey = result.LastEvaluatedKey as typeof startKey;
      if (!exclusiveStartKey || items.length >= page.limit) break;
    }
    const nextCursor = encodeCursor(exclusiveStartKey);
    return { items, ...(nextCursor && { nextCursor }) };
  }

  private complaintItem(c: Complaint): Record<string, unknown> {
    return {
      pk: complaintPk(c.trackingId),
      sk: META_SK,
      entityType: COMPLAINT_ENTITY,
      statusPk: statusPk(c.status),
      listSk: listSk(c.submittedAt, c.trackingId),
      ...dueIndexKeys(c),
      ...c,
    };
  }

  private dispositionItem(d: Disposition): Record<string, unknown> {
    return {
      pk: complaintPk(d.trackingId),
      sk: dispositionSk(d.agencyId),
      agencyPk: agencyPk(d.agencyId),
      agencyStatusPk: agencyStatusPk(d.agencyId, d.status),
      listSk: listSk(d.dispositionedAt, d.trackingId),
      ...d,
    };
  }

  /** Version 1 must not exist yet; later versions must replace exactly the previous one. */
  private versionedPut(item: Record<string, unknown>, version: number): TransactItem {
    return {
      Put: {
        TableName: this.tables.complaints,
        Item: item,
        ...(version === 1
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: '#version = :previous',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':previous': version - 1 },
            }),
      },
    };
  }

  private counterUpdate(delta: CounterDelta): TransactItem {
    // Hours to first follow-up are counted in fixed buckets, one attribute each: bounded item size.
    const buckets = Object.entries(addHours({}, delta.firstFollowUpHours ?? []));
    return {
      Update: {
        TableName: this.tables.agencies,
        Key: { pk: countersPk(delta.agencyId), sk: delta.period },
        UpdateExpression:
          'SET #agencyId = :agencyId, #period = :period' +
          ' ADD #revision :one, #received :received, #pending :pending, #inProgress :inProgress, #completed :completed' +
          buckets.map((_, i) => `, #b${i} :b${i}`).join('') +
          (delta.withdrawn ? ', #withdrawn :withdrawn' : ''),
        ExpressionAttributeNames: {
          '#agencyId': 'agencyId',
          '#period': 'period',
          '#received': 'received',
          '#pending': 'pending',
          '#inProgress': 'inProgress',
          '#completed': 'completed',
          '#revision': 'revision',
          ...(delta.withdrawn && { '#withdrawn': 'withdrawn' }),
          ...Object.fromEntries(buckets.map(([key], i) => [`#b${i}`, `${BUCKET_ATTRIBUTE_PREFIX}${key}`])),
        },
        ExpressionAttributeValues: {
          ':agencyId': delta.agencyId,
          ':period': delta.period,
          ':received': delta.received,
          ':pending': delta.pending,
          ':inProgress': delta.inProgress,
          ':completed': delta.completed,
          ':one': 1,
          ...(delta.withdrawn && { ':withdrawn': delta.withdrawn }),
          ...Object.fromEntries(buckets.map(([, n], i) => [`:b${i}`, n])),
        },
      },
    };
  }
}

const MAX_FILTERED_READS = 5;

/** The complaint's place in the daily job's due index (lib/tables.ts), if any step is still ahead of it. */
export function dueIndexKeys(c: Complaint): { escalationDuePk: string; escalationDueSk: string } | Record<string, never> {
  if (c.escalationDueAt && !c.escalationEligibleAt && OPEN_STATUSES.includes(c.status)) {
    return { escalationDuePk: ESCALATION_DUE_PK, escalationDueSk: `${c.escalationDueAt}#${c.trackingId}` };
  }
  if (c.autoCloseAt && !c.closedAt && c.status === 'COMPLETED') {
    return { escalationDuePk: AUTO_CLOSE_DUE_PK, escalationDueSk: `${c.autoCloseAt}#${c.trackingId}` };
  }
  return {};
}

interface AttributeFilter {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** The list filters that are not keys, as a FilterExpression; undefined when there are none. */
function attributeFilter(filter: ComplaintListFilter): AttributeFilter | undefined {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.publicOnly) {
    parts.push('#confidential = :false');
    names['#confidential'] = 'confidential';
    values[':false'] = false;
  }
  for (const key of ['category', 'classification'] as const) {
    if (filter[key] === undefined) continue;
    parts.push(`#${key} = :${key}`);
    names[`#${key}`] = key;
    values[`:${key}`] = filter[key];
  }
  return parts.length ? { expression: parts.join(' AND '), names, values } : undefined;
}
