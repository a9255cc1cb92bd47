// Issue 13, item 6: at most USD 5 a month at 1,000 complaints a month, and the README says why.
// Every resource of the template is either a priced fixed-cost line or a type known to have no
// fixed price; a new one fails here until lib/cost.ts (and so the README table) accounts for it.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { costTable, FIXED_COSTS, fixedCostQuantities, MONTHLY_BUDGET_USD, unpricedResources } from '../../lib/cost';
import { ROOT, synth, type CfnTemplate } from './synth';

const ALL_OPTIONS = { 'tuntas:dashboard': true, 'tuntas:auditorClient': true, 'tuntas:cognitoEmail': 'ses', 'tuntas:publicReservedConcurrency': '5' };
let defaults: CfnTemplate;
let everything: CfnTemplate;
beforeAll(() => {
  defaults = synth().json;
  everything = synth({ context: ALL_OPTIONS }).json;
});

it('prices every resource of the template, with every option on', () => {
  expect(unpricedResources(Object.entries(defaults.Resources))).toEqual([]);
  expect(unpricedResources(Object.entries(everything.Resources))).toEqual([]);
});

it('fails on a resource with a fixed price the table does not list (the check can fail)', () => {
  const grown = [...Object.entries(defaults.Resources), ['NatGateway', { Type: 'AWS::EC2::NatGateway', Properties: {} }] as const];
  expect(unpricedResources(grown as any)).toEqual(['NatGateway (AWS::EC2::NatGateway)']);
});

it(`stays within USD ${MONTHLY_BUDGET_USD} a month by default: every optional fixed cost is off`, () => {
  const table = costTable(Object.values(defaults.Resources));
  expect(table.totalUsd).toBeLessThanOrEqual(MONTHLY_BUDGET_USD);
  for (const line of fixedCostQuantities(Object.values(defaults.Resources))) {
    if (line.option) expect({ line: line.line, quantity: line.quantity }).toEqual({ line: line.line, quantity: 0 });
  }
});

it('counts each optional line once its option is on', () => {
  for (const line of fixedCostQuantities(Object.values(everything.Resources))) {
    expect({ line: line.line, quantity: line.quantity > 0 }).toEqual({ line: line.line, quantity: true });
  }
  expect(FIXED_COSTS.filter((l) => l.option).map((l) => l.option).sort()).toEqual(['tuntas:auditorClient', 'tuntas:dashboard']);
});

it('has the default stack\'s table in the README, line for line', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain(costTable(Object.values(defaults.Resources)).markdown);
});
