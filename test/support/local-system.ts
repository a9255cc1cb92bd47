// The whole local system for an API test file: shares the run's DynamoDB Local, SES local and S3
// local, with its own tables, its own files bucket and free ports. Schedules do not fire on their
// own: tests run jobs with runJob. The seeded coordinator has TOTP set up (COORDINATOR_TOTP_SECRET).
// Call stop() in afterAll.

import { startLocalSystem, type LocalSystem, type LocalSystemOptions } from '../../lib/local/system';
import { standInEndpoints, uniquePrefix } from './stand-ins';
import { COORDINATOR_LOGIN, COORDINATOR_TOTP_SECRET } from './totp';

export type TestSystem = LocalSystem;

export async function startTestSystem(overrides: Partial<LocalSystemOptions> = {}): Promise<TestSystem> {
  const { dynamodbEndpoint, sesEndpoint, s3Endpoint } = standInEndpoints();
  const system = await startLocalSystem({
    dynamodb: { endpoint: dynamodbEndpoint },
    ses: { endpoint: sesEndpoint },
    s3: { endpoint: s3Endpoint },
    tablePrefix: uniquePrefix('api'),
    filesBucket: uniquePrefix('files'),
    apiPort: 0,
    issuerPort: 0,
    runSchedules: false,
    ...(process.env.TUNTAS_TEST_LOG && { log: (line: string) => process.stdout.write(`${line}\n`) }),
    ...overrides,
  });
  system.issuer.users.enrollTotp(COORDINATOR_LOGIN, COORDINATOR_TOTP_SECRET);
  return system;
}
