// Jest globalTeardown of the 'integration' and 'browser' projects (one file: jest runs it once per
// run): stops what global-setup.ts started, so no java process outlives the run and s3rver's temp
// folder is removed.

import { STAND_INS_KEY, type StandIns } from './stand-ins';

export default async function globalTeardown(): Promise<void> {
  const standIns = (globalThis as Record<string, unknown>)[STAND_INS_KEY] as StandIns | undefined;
  if (!standIns) return;
  delete (globalThis as Record<string, unknown>)[STAND_INS_KEY];
  await Promise.all([standIns.ses.stop(), standIns.s3.stop(), standIns.dynamodb.stop()]);
}
