// The region config: one JSON file per region, validated at synth time and at local start.
// Uses zod/mini (small bundles) since the same parsing runs in Lambda for the settings variable.

import * as z from 'zod/mini';
import { readFileSync } from 'node:fs';
import { DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_ATTACHMENTS_PER_COMPLAINT, DEFAULT_CATEGORIES, type RegionSettings } from '../functions/core/settings';

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'));
const email = z.email();
const agencyId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be lowercase letters, digits and dashes'));
/** EventBridge Scheduler cron expression: cron(minutes hours day-of-month month day-of-week year). */
const cronExpression = z.string().check(
  z.regex(/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/, 'must be an EventBridge cron expression with six fields, e.g. cron(0 8 * * ? *)'),
);

export const RegionConfigSchema = z.object({
  regionName: z.string().check(z.minLength(3)),
  trackingPrefix: z.string().check(z.regex(/^[A-Z]{2,6}$/, 'must be 2-6 capital letters')),
  timeZone: z._default(z.string(), 'Asia/Jakarta'),
  awsRegion: z._default(z.string(), 'ap-southeast-3'),
  thresholds: z._default(
    z.object({
      passingGrade: z._default(z.number().check(z.gt(0), z.lte(100)), 60),
      escalationDays: z._default(z.int().check(z.gte(1)), 60),
      reopenWindowDays: z._default(z.int().check(z.gte(0)), 30),
    }),
    { passingGrade: 60, escalationDays: 60, reopenWindowDays: 30 },
  ),
  sla: z._default(
    z.object({
      verificationWorkingDays: z._default(z.int().check(z.gte(1)), 3),
      followUpWorkingDays: z._default(z.int().check(z.gte(1)), 5),
      autoCloseWorkingDays: z._default(z.int().check(z.gte(1)), 10),
    }),
    { verificationWorkingDays: 3, followUpWorkingDays: 5, autoCloseWorkingDays: 10 },
  ),
  schedules: z._default(
    z.object({
      compliance: z._default(cronExpression, 'cron(0 8 * * ? *)'),
      escalation: z._default(cronExpression, 'cron(30 7 * * ? *)'),
      reconciliation: z._default(cronExpression, 'cron(0 2 ? * SUN *)'),
      digest: z._default(cronExpression, 'cron(0 8 ? * MON-FRI *)'),
      // Deferred emails (SES paused, sandbox, throttled) are retried with backoff (functions/core/delivery.ts).
      redelivery: z._default(cronExpression, 'cron(0/15 * * * ? *)'),
    }),
    {
      compliance: 'cron(0 8 * * ? *)',
      escalation: 'cron(30 7 * * ? *)',
      reconciliation: 'cron(0 2 ? * SUN *)',
      digest: 'cron(0 8 ? * MON-FRI *)',
      redelivery: 'cron(0/15 * * * ? *)',
    },
  ),
  email: z.object({
    sender: email,
    coordinator: z.array(email).check(z.minLength(1)),
    ombudsman: email,
  }),
  warnings: z._default(
    z.object({ cadence: z._default(z.enum(['daily', 'weekly', 'monthly']), 'weekly') }),
    { cadence: 'weekly' },
  ),
  limits: z._default(
    z.object({ submissionsPerClientPerHour: z._default(z.int().check(z.gte(1), z.lte(100_000)), 30) }),
    { submissionsPerClientPerHour: 30 },
  ),
  attachments: z._default(
    z.object({
      // One presigned PUT carries the whole file (S3 allows 5 GB); the default suits phone photos.
      maxBytes: z._default(z.int().check(z.gte(1024), z.lte(5 * 1024 ** 3)), DEFAULT_ATTACHMENT_MAX_BYTES),
      // Listing a file and releasing files to the public are single transactions over them: keep it small.
      maxPerComplaint: z._default(z.int().check(z.gte(1), z.lte(20)), DEFAULT_ATTACHMENTS_PER_COMPLAINT),
    }),
    { maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES, maxPerComplaint: DEFAULT_ATTACHMENTS_PER_COMPLAINT },
  ),
  extraHolidays: z._default(z.array(isoDate), []),
  categories: z._default(
    z.array(z.object({ id: agencyId, label: z.string().check(z.minLength(2), z.maxLength(100)) })).check(z.minLength(1)),
    DEFAULT_CATEGORIES,
  ),
  /** Kecamatan and their desa/kelurahan, offered by the form when listed. */
  areas: z._default(z.array(z.object({ kecamatan: z.string().check(z.minLength(2)), desa: z._default(z.array(z.string()), []) })), []),
  /**
   * The citizen portal's address (emails link to it). Deployed stacks use their CloudFront URL
   * unless this is set; locally, the web server's.
   */
  webUrl: z.optional(z.url()),
  agencies: z.array(
    z.object({
      agencyId,
      name: z.string().check(z.minLength(2)),
      emails: z.array(email).check(z.minLength(1)),
      active: z._default(z.boolean(), true),
    }),
  ),
});

export type RegionConfig = z.infer<typeof RegionConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseRegionConfig(raw: unknown, source = 'region config'): RegionConfig {
  const result = RegionConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`${source} is invalid:\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (!isValidTimeZone(config.timeZone)) {
    throw new ConfigError(`${source} is invalid:\n  - timeZone: unknown IANA time zone "${config.timeZone}"`);
  }
  const ids = config.agencies.map((agency) => agency.agencyId);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new ConfigError(`${source} is invalid:\n  - agencies: agencyId "${duplicate}" appears twice`);
  const categoryIds = config.categories.map((c) => c.id);
  const twice = categoryIds.find((id, index) => categoryIds.indexOf(id) !== index);
  if (twice) throw new ConfigError(`${source} is invalid:\n  - categories: id "${twice}" appears twice`);
  return config;
}

export function loadRegionConfig(path: string): RegionConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`Cannot read region config file ${path}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseRegionConfig(raw, path);
}

/** Where the portal runs when the config names none: the local web server. */
export const LOCAL_WEB_URL = 'http://localhost:3002';

export function toRegionSettings(config: RegionConfig, webUrl = config.webUrl ?? LOCAL_WEB_URL): RegionSettings {
  return {
    regionName: config.regionName,
    timeZone: config.timeZone,
    trackingPrefix: config.trackingPrefix,
    passingGrade: config.thresholds.passingGrade,
    verificationWorkingDays: config.sla.verificationWorkingDays,
    followUpWorkingDays: config.sla.followUpWorkingDays,
    autoCloseWorkingDays: config.sla.autoCloseWorkingDays,
    escalationDays: config.thresholds.escalationDays,
    reopenWindowDays: config.thresholds.reopenWindowDays,
    extraHolidays: config.extraHolidays,
    warningCadence: config.warnings.cadence,
    submissionsPerClientPerHour: config.limits.submissionsPerClientPerHour,
    attachments: { maxBytes: config.attachments.maxBytes, maxPerComplaint: config.attachments.maxPerComplaint },
    categories: config.categories.map(({ id, label }) => ({ id, label })),
    areas: config.areas.map(({ kecamatan, desa }) => ({ kecamatan, desa: [...desa] })),
    webUrl: webUrl.replace(/\/+$/, ''),
  };
}

/** Environment variable through which functions receive RegionSettings as JSON. */
export const SETTINGS_ENV_VAR = 'TUNTAS_SETTINGS';

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const DEFAULT_CONFIG_PATH = 'config/blora.json';
