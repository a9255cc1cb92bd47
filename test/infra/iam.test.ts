// Least privilege per function: each handler group reaches only the tables (and items) it needs.
// Statements are read from the synthesized IAM policies, so a broader grant anywhere fails here.

import { AGENCIES_TABLE, COMPLAINTS_TABLE, TABLES } from '../../lib/tables';
import { functionLogicalId, refsIn, resourcesOfType, synth, tableLogicalId, type CfnTemplate } from './synth';

let template: CfnTemplate;
beforeAll(() => {
  template = synth().json;
});

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem'];
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Every statement in the policies attached to a group's function role. */
function statementsOf(group: string): Statement[] {
  const fn = template.Resources[functionLogicalId(template, group)];
  const roleId = refsIn(fn.Properties.Role)[0];
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => refsIn(policy.Properties.Roles).includes(roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** Statements that touch a table (its ARN or its indexes). */
const onTable = (statements: Statement[], tableId: string) =>
  statements.filter((s) => refsIn(s.Resource).includes(tableLogicalId(template, tableId)));

const allows = (statements: Statement[], action: string) => statements.some((s) => actions(s).includes(action));

describe('the public function (unauthenticated API)', () => {
  it('reads and writes the Complaints table', () => {
    const complaints = onTable(statementsOf('public'), COMPLAINTS_TABLE.id);
    for (const action of [...READ_ACTIONS, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']) {
      expect(allows(complaints, action)).toBe(true);
    }
  });

  it('cannot read the Agencies table and may only UpdateItem the %TL counter items', () => {
    const agencies = onTable(statementsOf('public'), AGENCIES_TABLE.id);
    expect(agencies.length).toBeGreaterThan(0);
    for (const statement of agencies) {
      expect(actions(statement)).toEqual(['dynamodb:UpdateItem']);
      expect(statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['COUNTERS#*'] } });
    }
  });

  it('writes nothing but the Complaints table and counter items, and touches no other table', () => {
    const complaints = tableLogicalId(template, COMPLAINTS_TABLE.id);
    const agencies = tableLogicalId(template, AGENCIES_TABLE.id);
    for (const statement of statementsOf('public')) {
      if (!actions(statement).some((a) => WRITE_ACTIONS.includes(a))) continue;
      const tables = [...new Set(refsIn(statement.Resource))];
      const counterOnly =
        tables.length === 1 &&
        tables[0] === agencies &&
        actions(statement).join() === 'dynamodb:UpdateItem' &&
        statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] !== undefined;
      expect(counterOnly || (tables.length === 1 && tables[0] === complaints)).toBe(true);
    }
    for (const table of TABLES.filter((t) => t.id !== COMPLAINTS_TABLE.id && t.id !== AGENCIES_TABLE.id)) {
      expect(onTable(statementsOf('public'), table.id)).toEqual([]);
    }
  });
});

describe('the admin function', () => {
  it('reads and writes both the Complaints and the Agencies table', () => {
    for (const table of [COMPLAINTS_TABLE, AGENCIES_TABLE]) {
      const statements = onTable(statementsOf('admin'), table.id).filter((s) => !s.Condition);
      for (const action of [...READ_ACTIONS, ...WRITE_ACTIONS]) expect(allows(statements, action)).toBe(true);
    }
  });
});

describe('the agency function', () => {
  it('reads and writes complaints; reads agencies; writes only counter items there', () => {
    const statements = statementsOf('agency');
    const complaints = onTable(statements, COMPLAINTS_TABLE.id);
    for (const action of [...READ_ACTIONS, ...WRITE_ACTIONS]) expect(allows(complaints, action)).toBe(true);

    const agencies = onTable(statements, AGENCIES_TABLE.id);
    for (const action of READ_ACTIONS) expect(allows(agencies.filter((s) => !s.Condition), action)).toBe(true);
    for (const statement of agencies) {
      const writes = actions(statement).filter((a) => WRITE_ACTIONS.includes(a));
      if (writes.length === 0) continue;
      expect(writes).toEqual(['dynamodb:UpdateItem']);
      expect(statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toEqual(['COUNTERS#*']);
    }
  });
});

describe('every function', () => {
  const groups = () =>
    resourcesOfType(template, 'AWS::Lambda::Function').map(([, fn]) => /functions\/handlers\/(\w+)\.ts/.exec(fn.Metadata?.['tuntas:entry'])![1]);

  it('has no wildcard DynamoDB action and no table management', () => {
    for (const group of groups()) {
      for (const statement of statementsOf(group)) {
        for (const action of actions(statement)) {
          expect(action).not.toMatch(/^dynamodb:\*$|^\*$|CreateTable|DeleteTable|UpdateTable|RestoreTable|DeleteBackup/);
        }
      }
    }
  });

  it('only X-Ray gets Resource "*"', () => {
    for (const group of groups()) {
      for (const statement of statementsOf(group).filter((s) => s.Resource === '*')) {
        expect(actions(statement).every((a) => a.startsWith('xray:'))).toBe(true);
      }
    }
  });
});
