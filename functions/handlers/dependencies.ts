// The composition root: builds the adapters a handler needs from its environment. Lambda calls it
// with process.env; the local runtime and tests call it with their own values.

import { DynamoAgencyRepository } from '../adapters/dynamodb/agency-repository';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { DynamoComplaintRepository } from '../adapters/dynamodb/complaint-repository';
import { randomIds, systemClock } from '../adapters/system';
import { calendarFor, type WorkingDayCalendar } from '../core/calendar';
import { ComplaintService } from '../core/complaint-service';
import { DEFAULT_SETTINGS, type RegionSettings } from '../core/settings';
import type { AgencyRepository, ComplaintRepository } from '../ports/repositories';
import type { Clock, IdGenerator } from '../ports/system';

export interface Dependencies {
  complaints: ComplaintRepository;
  agencies: AgencyRepository;
  clock: Clock;
  ids: IdGenerator;
  settings: RegionSettings;
  calendar: WorkingDayCalendar;
  service: ComplaintService;
}

/**
 * Environment read:
 * - COMPLAINTS_TABLE, AGENCIES_TABLE: physical table names
 * - TUNTAS_SETTINGS: RegionSettings as JSON
 * - DYNAMODB_ENDPOINT: only for DynamoDB Local
 */
export function buildDependencies(
  env: Record<string, string | undefined>,
  overrides: Partial<Pick<Dependencies, 'clock' | 'ids'>> = {},
): Dependencies {
  const complaintsTable = required(env, 'COMPLAINTS_TABLE');
  const agenciesTable = required(env, 'AGENCIES_TABLE');
  const settings: RegionSettings = { ...DEFAULT_SETTINGS, ...(env.TUNTAS_SETTINGS ? JSON.parse(env.TUNTAS_SETTINGS) : {}) };
  const client = createDocumentClient({
    ...(env.DYNAMODB_ENDPOINT && { endpoint: env.DYNAMODB_ENDPOINT }),
    ...(env.AWS_REGION && { region: env.AWS_REGION }),
  });
  const ports = {
    complaints: new DynamoComplaintRepository(client, { complaints: complaintsTable, agencies: agenciesTable }),
    agencies: new DynamoAgencyRepository(client, agenciesTable),
    clock: overrides.clock ?? systemClock,
    ids: overrides.ids ?? randomIds,
  };
  const calendar = calendarFor(settings);
  return { ...ports, settings, calendar, service: new ComplaintService(ports, settings, calendar) };
}

function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

/** Lambda entry helper: builds the handler on first use, so importing a handler file has no side effects. */
export function lazyHandler<H extends (...args: any[]) => any>(create: (deps: Dependencies) => H): H {
  let built: H | undefined;
  return ((...args: Parameters<H>) => {
    built ??= create(buildDependencies(process.env));
    return built(...args);
  }) as H;
}
