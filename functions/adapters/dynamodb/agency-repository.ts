import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Agency } from '../../core/model';
import type { AgencyRepository } from '../../ports/repositories';
import { AGENCIES_PK, agencySk } from './keys';
import { queryAll } from './query';

export class DynamoAgencyRepository implements AgencyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async list(): Promise<Agency[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': AGENCIES_PK },
    });
    return items.map(toAgency);
  }

  async get(agencyId: string): Promise<Agency | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { pk: AGENCIES_PK, sk: agencySk(agencyId) }, ConsistentRead: true }),
    );
    return result.Item ? toAgency(result.Item) : undefined;
  }

  async put(agency: Agency): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.table, Item: { pk: AGENCIES_PK, sk: agencySk(agency.agencyId), ...agency } }),
    );
  }

  async create(agency: Agency): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: AGENCIES_PK, sk: agencySk(agency.agencyId), ...agency },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

function toAgency(item: Record<string, unknown>): Agency {
  return {
    agencyId: item.agencyId as string,
    name: item.name as string,
    emails: (item.emails as string[]) ?? [],
    active: item.active as boolean,
    updatedAt: item.updatedAt as string,
  };
}
