// The deploy-time agency loader: a CloudFormation custom resource (Custom::AgencyLoader) whose
// properties are the region config's agencies. On create and update it adds the agencies not
// stored yet (functions/core/agency-loader.ts); on delete it does nothing (the table is retained).
// CloudFormation invokes it directly (no provider framework): it answers on the presigned
// ResponseURL itself, and always answers, so a failure fails the deploy instead of hanging it.

import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createDynamoDbClient, toDocumentClient } from '../adapters/dynamodb/client';
import { DynamoAgencyRepository } from '../adapters/dynamodb/agency-repository';
import { requiredEnv } from '../adapters/environment';
import { loadConfigAgencies, type ConfigAgency } from '../core/agency-loader';
import { logger } from '../http/logger';
import type { AgencyRepository } from '../ports/repositories';

export interface LoaderDeps {
  agencies: Pick<AgencyRepository, 'create'>;
  /** PUTs the response document to CloudFormation's presigned URL. */
  respond: (url: string, body: string) => Promise<void>;
  now: () => Date;
}

export function createHandler(deps: LoaderDeps) {
  return async (event: CloudFormationCustomResourceEvent): Promise<void> => {
    let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
    let reason = '';
    let data: Record<string, string> = {};
    try {
      if (event.RequestType !== 'Delete') {
        const agencies = (event.ResourceProperties.Agencies ?? []) as ConfigAgency[];
        const result = await loadConfigAgencies(deps.agencies, agencies.map(fromProperties), deps.now());
        logger.info('agencies loaded from the region config', { added: result.added.join(','), kept: result.kept.length });
        data = { Added: String(result.added.length), Kept: String(result.kept.length) };
        reason = `${result.added.length} agencies added, ${result.kept.length} already stored`;
      }
    } catch (error) {
      status = 'FAILED';
      reason = `Loading the agencies failed: ${(error as Error).name}: ${(error as Error).message}`.slice(0, 1000);
      logger.error('agency loader failed', { errorName: (error as Error).name, errorMessage: (error as Error).message });
    }
    await deps.respond(
      event.ResponseURL,
      JSON.stringify({
        Status: status,
        Reason: reason,
        PhysicalResourceId: 'PhysicalResourceId' in event ? event.PhysicalResourceId : `${event.LogicalResourceId}-agencies`,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
        Data: data,
      }),
    );
  };
}

/** CloudFormation passes every property as a string: `active` arrives as "true"/"false". */
function fromProperties(raw: ConfigAgency): ConfigAgency {
  return { agencyId: raw.agencyId, name: raw.name, emails: [...raw.emails], active: String(raw.active) !== 'false' };
}

let built: ReturnType<typeof createHandler> | undefined;
export const handler = (event: CloudFormationCustomResourceEvent) => {
  built ??= createHandler({
    agencies: new DynamoAgencyRepository(
      toDocumentClient(createDynamoDbClient({ ...(process.env.AWS_REGION && { region: process.env.AWS_REGION }) })),
      requiredEnv(process.env, 'AGENCIES_TABLE'),
    ),
    respond: async (url, body) => {
      const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': '' } });
      if (!res.ok) throw new Error(`CloudFormation response was refused: ${res.status}`);
    },
    now: () => new Date(),
  });
  return built(event);
};
