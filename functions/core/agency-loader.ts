// The agencies of the region config, loaded into the agency list: at every deploy in the cloud
// (functions/handlers/agency-loader.ts, a CloudFormation custom resource) and at every local start.
// Only agencies not stored yet are added (a conditional create): one edited through the API or the
// console keeps its edits, and one removed from the config stays (its dispositions and %TL history
// need it; deactivate it through the API).

import type { Agency } from './model';
import type { AgencyRepository } from '../ports/repositories';

export interface ConfigAgency {
  agencyId: string;
  name: string;
  emails: readonly string[];
  active: boolean;
}

export async function loadConfigAgencies(
  agencies: Pick<AgencyRepository, 'create'>,
  fromConfig: readonly ConfigAgency[],
  at: Date,
): Promise<{ added: string[]; kept: string[] }> {
  const added: string[] = [];
  const kept: string[] = [];
  for (const agency of fromConfig) {
    const record: Agency = { agencyId: agency.agencyId, name: agency.name, emails: [...agency.emails], active: agency.active, updatedAt: at.toISOString() };
    (await agencies.create(record) ? added : kept).push(agency.agencyId);
  }
  return { added, kept };
}
