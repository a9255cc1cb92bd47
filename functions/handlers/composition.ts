// The composition root: builds the adapters a handler needs from its environment. Lambda calls it
// with process.env; the local runtime and tests call it with their own values (through
// ./dependencies, which wires every adapter). This file imports only the DynamoDB side, which every
// function uses: the S3, SES and idempotency adapters come in as factories that each handler file
// names, so each function's bundle holds only the SDK clients it uses.

import { DynamoAgencyRepository } from '../adapters/dynamodb/agency-repository';
import { createDynamoDbClient, toDocumentClient } from '../adapters/dynamodb/client';
import { DynamoComplaintRepository } from '../adapters/dynamodb/complaint-repository';
import { DynamoComplianceRepository } from '../adapters/dynamodb/compliance-repository';
import { DynamoEmailLedger } from '../adapters/dynamodb/email-ledger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Environment, requiredEnv } from '../adapters/environment';
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
import { redeliverDue, type Delivery } from '../core/delivery';
import { DEFAULT_SETTINGS, type RegionSettings } from '../core/settings';
import type { ComplianceRepository } from '../ports/compliance';
import type { FileStore } from '../ports/files';
import type { IdempotencyGuard } from '../ports/guards';
import type { EmailLedger, Mailer } from '../ports/mail';
import type { AgencyRepository, ComplaintRepository } from '../ports/repositories';
import type { Clock, IdGenerator } from '../ports/system';
import type { SignInLog, StaffDirectory } from '../ports/staff';
import { DynamoSignInLog } from '../adapters/dynamodb/sign-in-log';
import { StaffService } from '../core/staff-service';

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
  /** Built on first use: idempotency records of the public API (its rate limits go in the complaint's commit). */
  readonly guards: { idempotency: IdempotencyGuard };
  /** Staff sign-ins (keaktifan), in the agencies table. */
  signIns: SignInLog;
  /** Built on first use (needs the directory adapter): the coordinator's account management. */
  readonly staff: StaffService;
  /** The redelivery job: deferred emails whose next attempt is due are sent again. */
  redeliver(at: Date): Promise<Delivery[]>;
  /** The email ledger, read-only use: undelivered emails for the admin list. */
  readonly undelivered: Pick<EmailLedger, 'listUndelivered'>;
  /** EXPORT_INLINE_LIMIT_BYTES: lowers the size above which CSV exports become download links. */
  exportInlineLimitBytes?: number;
  /** Read on first use: the OpenAPI document's template (see functions/http/openapi-asset.ts). */
  readonly openApiTemplate: string;
}

export type { Environment };

/** The adapters only some functions need; a function built without one fails where it would use it. */
export interface OptionalAdapters {
  /** S3: attachments and large exports (needs FILES_BUCKET). */
  files?: (env: Environment) => FileStore;
  /** SES (needs EMAIL_SENDER). */
  mailer?: (env: Environment) => Mailer;
  /** Idempotency records in the request-guards table. */
  idempotency?: (client: DynamoDBClient, table: string) => IdempotencyGuard;
  /** The staff directory: Cognito (needs USER_POOL_ID), or the local issuer's user store. */
  directory?: (env: Environment) => StaffDirectory;
  /** The OpenAPI template: the file the build put beside the bundle, or built from the schemas (local). */
  openApi?: () => string;
}

/**
 * Environment read:
 * - COMPLAINTS_TABLE, AGENCIES_TABLE, EMAIL_LEDGER_TABLE: physical table names
 * - TUNTAS_SETTINGS: RegionSettings as JSON
 * - EMAIL_SENDER, EMAIL_COORDINATOR (comma-separated), EMAIL_OMBUDSMAN, SES_CONFIGURATION_SET
 * - FILES_BUCKET: the bucket for large exports and attachments
 * - REQUEST_GUARDS_TABLE: idempotency and rate limits of the public API
 * - USER_POOL_ID: the staff user pool (the admin function's account management)
 * - DYNAMODB_ENDPOINT, SES_ENDPOINT, S3_ENDPOINT: only for the local stand-ins
 */
export function composeDependencies(
  env: Environment,
  adapters: OptionalAdapters,
  overrides: DependencyOverrides = {},
): Dependencies {
  const adapter = <K extends keyof OptionalAdapters>(name: K): NonNullable<OptionalAdapters[K]> => {
    const factory = adapters[name];
    if (!factory) throw new Error(`This function was built without the ${name} adapter: name it in its handler's lazyHandler call`);
    return factory;
  };
  const complaintsTable = requiredEnv(env, 'COMPLAINTS_TABLE');
  const agenciesTable = requiredEnv(env, 'AGENCIES_TABLE');
  const settings: RegionSettings = {
    ...DEFAULT_SETTINGS,
    ...(env.TUNTAS_SETTINGS ? JSON.parse(env.TUNTAS_SETTINGS) : {}),
    // The portal's CloudFront URL, when the region config names no webUrl of its own.
    ...(env.WEB_URL && { webUrl: env.WEB_URL }),
  };
  const dynamodb = createDynamoDbClient({
    ...(env.DYNAMODB_ENDPOINT && { endpoint: env.DYNAMODB_ENDPOINT }),
    ...(env.AWS_REGION && { region: env.AWS_REGION }),
  });
  const client = toDocumentClient(dynamodb);
  const ports = {
    complaints: new DynamoComplaintRepository(client, {
      complaints: complaintsTable,
      agencies: agenciesTable,
      ...(env.REQUEST_GUARDS_TABLE && { guards: env.REQUEST_GUARDS_TABLE }),
    }),
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
      mailer: overrides.mailer ?? adapter('mailer')(env),
      ledger: overrides.ledger ?? new DynamoEmailLedger(client, requiredEnv(env, 'EMAIL_LEDGER_TABLE')),
    });
  let files: FileStore | undefined;
  let attachmentService: AttachmentService | undefined;
  let guards: Dependencies['guards'] | undefined;
  let staff: StaffService | undefined;
  let openApiTemplate: string | undefined;
  return {
    ...ports,
    settings,
    calendar,
    service: new ComplaintService(ports, settings, calendar),
    complianceRepository,
    signIns: new DynamoSignInLog(client, agenciesTable),
    get staff() {
      staff ??= new StaffService({ directory: overrides.directory ?? adapter('directory')(env), agencies: ports.agencies });
      return staff;
    },
    ...(Number(env.EXPORT_INLINE_LIMIT_BYTES) > 0 && { exportInlineLimitBytes: Number(env.EXPORT_INLINE_LIMIT_BYTES) }),
    reader: new ComplianceReader({ agencies: ports.agencies, compliance: complianceRepository, complaints: ports.complaints }, settings, calendar),
    get openApiTemplate() {
      openApiTemplate ??= adapter('openApi')();
      return openApiTemplate;
    },
    get guards() {
      const table = requiredEnv(env, 'REQUEST_GUARDS_TABLE');
      guards ??= { idempotency: adapter('idempotency')(dynamodb, table) };
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
      files ??= adapter('files')(env);
      return files;
    },
    get notifications() {
      notifications ??= new NotificationService({ ...ports, compliance: complianceRepository, ...mail() }, settings, calendar, {
        ...(env.EMAIL_OMBUDSMAN && { ombudsman: env.EMAIL_OMBUDSMAN }),
      });
      return notifications;
    },
    // A forward to the Ombudsman that goes through on a retry is recorded SENT (or FAILED) too.
    redeliver(at: Date) {
      return redeliverDue(mail(), at, 100, (key, delivery) => this.notifications.afterRedelivery(key, delivery, at));
    },
    get undelivered() {
      return overrides.ledger ?? new DynamoEmailLedger(client, requiredEnv(env, 'EMAIL_LEDGER_TABLE'));
    },
    get compliance() {
      compliance ??= new ComplianceService(
        { ...ports, compliance: complianceRepository, ...mail() },
        settings,
        calendar,
        {
          coordinator: (env.EMAIL_COORDINATOR ?? '').split(',').map((a) => a.trim()).filter(Boolean),
          ombudsman: requiredEnv(env, 'EMAIL_OMBUDSMAN'),
        },
      );
      return compliance;
    },
  };
}

export type DependencyOverrides = Partial<{ clock: Clock; ids: IdGenerator; mailer: Mailer; ledger: EmailLedger; directory: StaffDirectory }>;


/**
 * Lambda entry helper: builds the handler on first use, so importing a handler file has no side
 * effects. `adapters` names the optional adapters the handler uses (and so what its bundle holds).
 */
export function lazyHandler<H extends (...args: any[]) => any>(create: (deps: Dependencies) => H, adapters: OptionalAdapters = {}): H {
  let built: H | undefined;
  return ((...args: Parameters<H>) => {
    built ??= create(composeDependencies(process.env, adapters));
    return built(...args);
  }) as H;
}
