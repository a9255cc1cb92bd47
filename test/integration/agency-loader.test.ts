// Issue 13, item 3: the region config's agencies are loaded at deploy time, on DynamoDB Local:
// new ones are added, ones edited through the API keep their edits, ones removed from the config
// stay. The handler answers CloudFormation on the ResponseURL either way.

import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createDynamoDbClient, toDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoAgencyRepository } from '../../functions/adapters/dynamodb/agency-repository';
import { createHandler } from '../../functions/handlers/agency-loader';
import { createTestTables } from '../support/dynamodb';

let agencies: DynamoAgencyRepository;
const responses: Array<{ url: string; body: Record<string, any> }> = [];
const at = new Date('2026-12-01T00:00:00Z');

beforeAll(async () => {
  const env = await createTestTables();
  agencies = new DynamoAgencyRepository(toDocumentClient(createDynamoDbClient({ endpoint: env.DYNAMODB_ENDPOINT! })), env.AGENCIES_TABLE!);
});

const handler = () => createHandler({ agencies: { create: (a) => agencies.create(a) }, respond: async (url, body) => void responses.push({ url, body: JSON.parse(body) }), now: () => at });

/** What CloudFormation sends: every property a string. */
function event(type: 'Create' | 'Update' | 'Delete', list: Array<{ agencyId: string; name: string; emails: string[]; active: boolean }>): CloudFormationCustomResourceEvent {
  return {
    RequestType: type,
    ServiceToken: 'arn:aws:lambda:ap-southeast-3:111122223333:function:loader',
    ResponseURL: `https://cloudformation-custom-resource-response.example/${type}`,
    StackId: 'arn:aws:cloudformation:ap-southeast-3:111122223333:stack/Tuntas-kabupaten-blora/1',
    RequestId: `req-${type}`,
    LogicalResourceId: 'Agencies',
    ResourceType: 'Custom::AgencyLoader',
    ResourceProperties: { ServiceToken: 'x', Agencies: list.map((a) => ({ ...a, active: String(a.active) })) },
    ...(type !== 'Create' && { PhysicalResourceId: 'Agencies-agencies', OldResourceProperties: {} }),
  } as unknown as CloudFormationCustomResourceEvent;
}

it('adds new agencies, keeps edited ones, leaves removed ones, and answers SUCCESS each time', async () => {
  const first = [
    { agencyId: 'dpupr', name: 'Dinas PUPR', emails: ['pupr@blorakab.go.id'], active: true },
    { agencyId: 'dinkes', name: 'Dinas Kesehatan', emails: ['dinkes@blorakab.go.id'], active: false },
  ];
  await handler()(event('Create', first));
  expect(await agencies.get('dpupr')).toEqual({ ...first[0], updatedAt: at.toISOString() });
  expect((await agencies.get('dinkes'))!.active).toBe(false);
  expect(responses.at(-1)).toMatchObject({
    url: 'https://cloudformation-custom-resource-response.example/Create',
    body: { Status: 'SUCCESS', RequestId: 'req-Create', LogicalResourceId: 'Agencies', PhysicalResourceId: 'Agencies-agencies', Data: { Added: '2', Kept: '0' } },
  });

  // The coordinator edits one through the API; the next deploy's config drops dinkes and adds disdik.
  await agencies.put({ agencyId: 'dpupr', name: 'Dinas PUPR Kab. Blora', emails: ['pupr-baru@blorakab.go.id'], active: true, updatedAt: '2026-12-02T00:00:00.000Z' });
  await handler()(event('Update', [first[0], { agencyId: 'disdik', name: 'Dinas Pendidikan', emails: ['disdik@blorakab.go.id'], active: true }]));
  expect(await agencies.get('dpupr')).toMatchObject({ name: 'Dinas PUPR Kab. Blora', emails: ['pupr-baru@blorakab.go.id'] });
  expect(await agencies.get('disdik')).toMatchObject({ name: 'Dinas Pendidikan', active: true });
  expect(await agencies.get('dinkes')).toMatchObject({ name: 'Dinas Kesehatan' });
  expect(responses.at(-1)!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'Agencies-agencies', Data: { Added: '1', Kept: '1' } });

  // Deleting the stack deletes nothing (the table is retained).
  await handler()(event('Delete', []));
  expect((await agencies.list()).map((a) => a.agencyId).sort()).toEqual(['dinkes', 'disdik', 'dpupr']);
  expect(responses.at(-1)!.body.Status).toBe('SUCCESS');
});

it('answers FAILED with the reason when the table cannot be written, instead of leaving CloudFormation waiting', async () => {
  const failing = createHandler({
    agencies: { create: () => Promise.reject(Object.assign(new Error('User is not authorized to perform: dynamodb:PutItem'), { name: 'AccessDeniedException' })) },
    respond: async (url, body) => void responses.push({ url, body: JSON.parse(body) }),
    now: () => at,
  });
  await failing(event('Create', [{ agencyId: 'dpupr', name: 'Dinas PUPR', emails: ['pupr@blorakab.go.id'], active: true }]));
  expect(responses.at(-1)!.body).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('AccessDeniedException') });
});
