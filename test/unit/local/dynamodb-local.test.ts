import { createTableInput, parseJavaMajorVersion, tableName } from '../../../lib/local/dynamodb-local';
import { AGENCIES_TABLE, COMPLAINTS_TABLE } from '../../../lib/tables';

describe('parseJavaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['openjdk version "22-ea" 2024-03-19', 22],
    ['java version "1.8.0_292"', 8],
    ['java version "11.0.2" 2019-01-15 LTS', 11],
    ['command not found', undefined],
  ])('%s → %s', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });
});

describe('createTableInput', () => {
  it('declares every key and index key as a string, on-demand, indexes projecting all, with the stream', () => {
    const input = createTableInput(COMPLAINTS_TABLE, tableName('t1', COMPLAINTS_TABLE));
    expect(input.TableName).toBe('t1-Complaints');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    const attributes = input.AttributeDefinitions.map((definition) => definition.AttributeName);
    expect(new Set(attributes).size).toBe(attributes.length);
    expect(input.AttributeDefinitions.every((definition) => definition.AttributeType === 'S')).toBe(true);
    for (const index of COMPLAINTS_TABLE.indexes) {
      expect(attributes).toEqual(expect.arrayContaining([index.partitionKey, index.sortKey]));
    }
    expect(input.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(COMPLAINTS_TABLE.indexes.map((index) => index.name));
    expect(input.GlobalSecondaryIndexes?.every((index) => index.Projection?.ProjectionType === 'ALL')).toBe(true);
    expect(input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('leaves out indexes and streams a table does not define', () => {
    const input = createTableInput(AGENCIES_TABLE, 'x');
    expect(input).not.toHaveProperty('GlobalSecondaryIndexes');
    expect(input).not.toHaveProperty('StreamSpecification');
  });
});
