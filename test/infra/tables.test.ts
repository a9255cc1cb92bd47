// Tables match their shared definitions (lib/tables.ts) and are protected like public records.

import { TABLES } from '../../lib/tables';
import { synth, tableLogicalId, type CfnTemplate } from './synth';

let template: CfnTemplate;
beforeAll(() => {
  template = synth().json;
});

const keySchema = (partitionKey: string, sortKey: string) => [
  { AttributeName: partitionKey, KeyType: 'HASH' },
  { AttributeName: sortKey, KeyType: 'RANGE' },
];

describe.each(TABLES.map((t) => [t.id, t] as const))('the %s table', (_id, definition) => {
  const table = () => template.Resources[tableLogicalId(template, definition.id)];

  it('has the keys and indexes of its definition, every key attribute a string', () => {
    const props = table().Properties;
    expect(props.KeySchema).toEqual(keySchema(definition.partitionKey, definition.sortKey));
    const indexes = (props.GlobalSecondaryIndexes ?? []) as Array<Record<string, unknown>>;
    expect(indexes).toEqual(
      definition.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keyAttributes = new Set([
      definition.partitionKey,
      definition.sortKey,
      ...definition.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ]);
    expect(props.AttributeDefinitions).toHaveLength(keyAttributes.size);
    for (const attribute of props.AttributeDefinitions) {
      expect(keyAttributes.has(attribute.AttributeName)).toBe(true);
      expect(attribute.AttributeType).toBe('S');
    }
  });

  it(definition.stream ? 'streams new and old images' : 'has no stream', () => {
    const spec = table().Properties.StreamSpecification;
    if (definition.stream) expect(spec).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    else expect(spec).toBeUndefined();
  });

  it(definition.timeToLiveAttribute ? `expires items by ${definition.timeToLiveAttribute}` : 'has no TTL', () => {
    const ttl = table().Properties.TimeToLiveSpecification;
    if (definition.timeToLiveAttribute) expect(ttl).toEqual({ AttributeName: definition.timeToLiveAttribute, Enabled: true });
    else expect(ttl).toBeUndefined();
  });

  it('is on-demand, with point-in-time recovery, deletion protection and an AWS-managed key', () => {
    const props = table().Properties;
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
    expect(props.Replicas).toHaveLength(1);
    const [replica] = props.Replicas;
    expect(replica.Region).toBe('ap-southeast-3');
    expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(replica.DeletionProtectionEnabled).toBe(false);
    // AWS-managed (aws/dynamodb), not a customer key: no key id anywhere.
    expect(replica.SSESpecification).toBeUndefined();
  });

  it('survives stack deletion and replacement (retained except on a failed create), and has no hard-coded name', () => {
    expect(table().DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(table().UpdateReplacePolicy).toBe('Retain');
    expect(table().Properties.TableName).toBeUndefined();
  });

  it(`exports its name as ${definition.id}TableName`, () => {
    expect(template.Outputs[`${definition.id}TableName`].Value).toEqual({ Ref: tableLogicalId(template, definition.id) });
  });
});
