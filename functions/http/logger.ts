// Structured JSON logs through Powertools Logger, one object per line. Request bodies and
// contact details are never logged: callers pass only the fields below. The correlation id is
// passed per call rather than set on the shared logger, because the local runtime serves many
// requests concurrently in one process.

import { Logger } from '@aws-lambda-powertools/logger';

export interface LogFields {
  correlationId?: string;
  route?: string;
  status?: number;
  durationMs?: number;
  errorName?: string;
  errorMessage?: string;
  stack?: string;
  [key: string]: string | number | boolean | null | undefined;
}

const powertools = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'tuntas',
  // SILENT in tests unless asked for (test/support/quiet-logs.ts).
  logLevel: (process.env.TUNTAS_LOG_LEVEL as 'INFO' | 'SILENT' | undefined) ?? 'INFO',
});

export const logger = {
  info: (message: string, fields: LogFields = {}) => powertools.info(message, fields),
  warn: (message: string, fields: LogFields = {}) => powertools.warn(message, fields),
  error: (message: string, fields: LogFields = {}) => powertools.error(message, fields),
  setLevel: (level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT') => powertools.setLogLevel(level),
};
