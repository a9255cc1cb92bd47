// The whole local system for an API test file: shares the run's DynamoDB Local and SES local,
// with its own tables and free ports. Call stop() in afterAll.

import { startLocalSystem, type LocalSystem, type LocalSystemOptions } from '../../lib/local/system';
import { standInEndpoints, uniquePrefix } from './stand-ins';

export type TestSystem = LocalSystem;

export async function startTestSystem(overrides: Partial<LocalSystemOptions> = {}): Promise<TestSystem> {
  const { dynamodbEndpoint, sesEndpoint } = standInEndpoints();
  return startLocalSystem({
    dynamodb: { endpoint: dynamodbEndpoint },
    ses: { endpoint: sesEndpoint },
    tablePrefix: uniquePrefix('api'),
    apiPort: 0,
    issuerPort: 0,
    ...(process.env.TUNTAS_TEST_LOG && { log: (line: string) => process.stdout.write(`${line}\n`) }),
    ...overrides,
  });
}
