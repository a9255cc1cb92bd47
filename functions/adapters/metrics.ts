// CloudWatch metrics through the Embedded Metric Format: one JSON line on stdout that CloudWatch
// Logs turns into a metric (no PutMetricData call, no SDK, no extra permission). Written with
// process.stdout, not console.log: Lambda's text log format prefixes console lines, and EMF must
// be the whole line. Locally the line is just a log line.

/** The environment variable naming the metrics namespace (per stack, so two stages never mix). */
export const METRICS_NAMESPACE_ENV_VAR = 'TUNTAS_METRICS_NAMESPACE';

/** The metrics the stack alarms on (lib/constructs/alarms.ts reads the same names). */
export const METRICS = {
  /** Emails not delivered in one run: deferred for a retry or failed for good. */
  emailDeliveryFailures: 'EmailDeliveryFailures',
  /** Years (this one and the next) without holiday data in the calendar. */
  holidayYearsMissing: 'HolidayYearsMissing',
} as const;

export function emitMetric(name: string, value: number, env: Record<string, string | undefined> = process.env): void {
  const namespace = env[METRICS_NAMESPACE_ENV_VAR];
  if (!namespace || env.TUNTAS_LOG_LEVEL === 'SILENT') return;
  const line = {
    _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [[]], Metrics: [{ Name: name, Unit: 'Count' }] }] },
    [name]: value,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
