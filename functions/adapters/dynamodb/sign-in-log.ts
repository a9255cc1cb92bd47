import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SignIn, SignInActivity, SignInLog } from '../../ports/staff';
import { signInSk, signInsPk } from './keys';
import { queryAll } from './query';

/** Sign-ins in the agencies table: one small item each, read per agency and period (keaktifan). */
export class DynamoSignInLog implements SignInLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(signIn: SignIn): Promise<void> {
    const pk = signIn.agencyId ? signInsPk({ agencyId: signIn.agencyId }) : signInsPk({ role: signIn.role ?? 'staff' });
    // The key holds instant and user, so a retried trigger overwrites its own item instead of counting twice.
    await this.client.send(new PutCommand({ TableName: this.table, Item: { pk, sk: signInSk(signIn.at, signIn.userId), ...signIn } }));
  }

  async activity(agencyId: string, range: { from: string; to: string }): Promise<SignInActivity> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': signInsPk({ agencyId }), ':from': range.from, ':to': `${range.to}#\uffff` },
      ProjectionExpression: 'userId',
    });
    return { signIns: items.length, users: new Set(items.map((item) => item.userId)).size };
  }
}
