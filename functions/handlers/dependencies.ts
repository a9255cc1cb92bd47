// The composition root: builds the adapters a handler needs from its environment. Lambda calls it
// with process.env; the local runtime and tests call it with their own values.

import { DynamoAgencyRepository } from '../adapters/dynamodb/agency-repository';
import { createDynamoDbClient, toDocumentClient } from '../adapters/dynamodb/client';
import { DynamoComplaintRepository } from '../adapters/dynamodb/complaint-repository';
import { DynamoComplianceRepository } from '../adapters/dynamodb/compliance-repository';
import { DynamoEmailLedger } from '../adapters/dynamodb/email-ledger';
import { DynamoRateLimiter } from '../adapters/dynamodb/rate-limiter';
import { PowertoolsIdempotencyGuard } from '../adapters/powertools-idempotency';
import { S3FileStore, createS3Client } from '../adapters/s3-file-store';
import { SesMailer, createSesClient } from '../adapters/ses-mailer';
import { randomIds, systemClock } from '../adapters/system';
import { randomUUID } from 'node:crypto';
import { DynamoAttachmentRepository } from '../adapters/dynamodb/attachment-repository';
import { AttachmentService } from '../core/attachment-service';
import type { AttachmentRepository } from '../ports/attachments';
import { calendarFor, type WorkingDayCalendar } from '../core/calendar';
import { ComplaintService } from '../core/complaint-service';
import { ComplianceReader } from '../core/compliance-reader';
import { ComplianceService } from '../core/compliance-service';
import { NotificationService } from '../core/notification-service';
import { DEFAULT_SETTINGS, type RegionSettings } from '../core/settings';
import type { ComplianceRepository } from '../ports/compliance';
import type { FileStore } from '../ports/files';
import type { IdempotencyGuard, RateLimiter } from '../ports/guards';
import type { EmailLedger, Mailer } from '../ports/mail';
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
  /** Built on first use: only functions that send email or read compliance need its settings. */
  readonly compliance: ComplianceService;
  /** Built on first use: the outbox mailer and the agencies' daily digest. */
  readonly notifications: NotificationService;
  readonly complianceRepository: ComplianceRepository;
  /** Live %TL for any period; needs no mail settings. */
  readonly reader: ComplianceReader;
  /** Built on first use: large exports (and attachments) in the files bucket. */
  readonly files: FileStore;
  /** Attachment metadata (in the complaints table). */
  attachments: AttachmentRepository;
  /** Built on first use (needs FILES_BUCKET): evidence uploads and their download links. */
  readonly attachmentService: AttachmentService;
  /** Built on first use: idempotency records and rate-limit windows of the public API. */
  readonly guards: { idempotency: IdempotencyGuard; rateLimiter: RateLimiter };
  /** EXPORT_INLINE_LIMIT_BYTES: lowers the size above which CSV exports become download links. */
  exportInlineLimitBytes?: number;
}

export type Environment = Record<string, string | undefined>;

/**
 * Environment read:
 * - COMPLAINTS_TABLE, AGENCIES_TABLE, EMAIL_LEDGER_TABLE: physical table names
 * - TUNTAS_SETTINGS: RegionSettings as JSON
 * - EMAIL_SENDER, EMAIL_COORDINATOR (comma-separated), EMAIL_OMBUDSMAN, SES_CONFIGURATION_SET
 * - FILES_BUCKET: the bucket for large exports and attachments
 * - REQUEST_GUARDS_TABLE: idempotency and rate limits of the public API
 * - DYNAMODB_ENDPOINT, SES_ENDPOINT, S3_ENDPOINT: only for the local stand-ins
 */
export function buildDependencies(
  env: Environment,
  overrides: Partial<{ clock: Clock; ids: IdGenerator; mailer: Mailer; ledger: EmailLedger }> = {},
): Dependencies {
  const complaintsTable = required(env, 'COMPLAINTS_TABLE');
  const agenciesTable = required(env, 'AGENCIES_TABLE');
  const settings: RegionSettings = { ...DEFAULT_SETTINGS, ...(env.TUNTAS_SETTINGS ? JSON.parse(env.TUNTAS_SETTINGS) : {}) };
  const dynamodb = createDynamoDbClient({
    ...(env.DYNAMODB_ENDPOINT && { endpoint: env.DYNAMODB_ENDPOINT }),
    ...(env.AWS_REGION && { region: env.AWS_REGION }),
  });
  const client = toDocumentClient(dynamodb);
  const ports = {
    complaints: new DynamoComplaintRepository(client, { complaints: complaintsTable, agencies: agenciesTable }),
    agencies: new DynamoAgencyRepository(client, agenciesTable),
    clock: overrides.clock ?? systemClock,
    ids: overrides.ids ?? randomIds,
    attachments: new DynamoAttachmentRepository(client, complaintsTable),
  };
  const calendar = calendarFor(settings);
  const complianceRepository = new DynamoComplianceRepository(client, { complaints: complaintsTable, agencies: agenciesTable });
  let compliance: ComplianceService | undefined;
  let notifications: NotificationService | undefined;
  let mailing: { mailer: Mailer; ledger: EmailLedger } | undefined;
  const mail = () =>
    (mailing ??= {
      mailer:
        overrides.mailer ??
        new SesMailer(
          createSesClient({
            ...(env.SES_ENDPOINT && { endpoint: env.SES_ENDPOINT }),
            ...(env.AWS_REGION && { region: env.AWS_REGION }),
          }),
          {
            sender: required(env, 'EMAIL_SENDER'),
            ...(env.SES_CONFIGURATION_SET && { configurationSet: env.SES_CONFIGURATION_SET }),
          },
        ),
      ledger: overrides.ledger ?? new DynamoEmailLedger(client, required(env, 'EMAIL_LEDGER_TABLE')),
    });
  let files: FileStore | undefined;
  let attachmentService: AttachmentService | undefined;
  let guards: Dependencies['guards'] | undefined;
  return {
    ...ports,
    settings,
    calendar,
    service: new ComplaintService(ports, settings, calendar),
    complianceRepository,
    ...(Number(env.EXPORT_INLINE_LIMIT_BYTES) > 0 && { exportInlineLimitBytes: Number(env.EXPORT_INLINE_LIMIT_BYTES) }),
    reader: new ComplianceReader({ agencies: ports.agencies, compliance: complianceRepository }, settings, calendar),
    get guards() {
      const table = required(env, 'REQUEST_GUARDS_TABLE');
      guards ??= {
        idempotency: new PowertoolsIdempotencyGuard(dynamodb, table),
        rateLimiter: new DynamoRateLimiter(client, table),
      };
      return guards;
    },
    get attachmentService() {
      // The file store is resolved on first use: a view of a complaint without attachments
      // needs no bucket.
      const resolveFiles = () => this.files;
      attachmentService ??= new AttachmentService(
        {
          ...ports,
          get files() {
            return resolveFiles();
          },
          newAttachmentId: () => randomUUID(),
        },
        settings,
        calendar,
      );
      return attachmentService;
    },
    get files() {
      files ??= new S3FileStore(
        createS3Client({
          ...(env.S3_ENDPOINT && { endpoint: env.S3_ENDPOINT }),
          ...(env.AWS_REGION && { region: env.AWS_REGION }),
        }),
        required(env, 'FILES_BUCKET'),
      );
      return files;
    },
    get notifications() {
      notifications ??= new NotificationService({ ...ports, compliance: complianceRepository, ...mail() }, settings, calendar);
      return notifications;
    },
    get compliance() {
      compliance ??= new ComplianceService(
        { ...ports, compliance: complianceRepository, ...mail() },
        settings,
        calendar,
        {
          coordinator: (env.EMAIL_COORDINATOR ?? '').split(',').map((a) => a.trim()).filter(Boolean),
          ombudsman: required(env, 'EMAIL_OMBUDSMAN'),
        },
      );
      return compliance;
    },
  };
}

function required(env: Environment, name: string): string {
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
