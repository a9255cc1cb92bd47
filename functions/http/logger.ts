// Structured JSON logs, one object per line. Request bodies and contact details are never logged:
// callers pass only the fields below.

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface LogFields {
  requestId?: string;
  route?: string;
  status?: number;
  durationMs?: number;
  errorName?: string;
  errorMessage?: string;
  stack?: string;
  [key: string]: string | number | boolean | undefined;
}

export const logger = {
  info: (message: string, fields: LogFields = {}) => write('INFO', message, fields),
  warn: (message: string, fields: LogFields = {}) => write('WARN', message, fields),
  error: (message: string, fields: LogFields = {}) => write('ERROR', message, fields),
};

function write(level: Level, message: string, fields: LogFields) {
  if (process.env.TUNTAS_LOG_LEVEL === 'SILENT') return;
  const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields });
  if (level === 'ERROR' || level === 'WARN') console.error(line);
  else console.log(line);
}
