// Use cases: load the record, let the state machine decide, commit with optimistic locking.
// A commit that loses a race is retried on fresh state, so concurrent writers never lose an
// update and rarely see a conflict.

import type { WorkingDayCalendar } from './calendar';
import { hashAccessToken, isReporter } from './access';
import { DomainError, notFound, validationError } from './errors';
import * as lifecycle from './lifecycle';
import type { Actor, Agency, ChangeSet, ComplaintRecord, ComplaintStatus, DispositionStatus, Notification, Page } from './model';
import type { RateLimitClaim } from './rate-limit';
import type { RegionSettings } from './settings';
import type { AgencyRepository, ComplaintListFilter, ComplaintRepository, PageRequest } from '../ports/repositories';
import { toPublicListItem } from './views';
import type { AttachmentRepository } from '../ports/attachments';
import { releaseAttachments } from './attachments';
import type { Clock, IdGenerator } from '../ports/system';

export interface ServicePorts {
  complaints: ComplaintRepository;
  agencies: AgencyRepository;
  clock: Clock;
  ids: IdGenerator;
  /** Needed to release attachments to the public at verification (publicAttachments). */
  attachments?: AttachmentRepository;
}

const COMMIT_ATTEMPTS = 5;

export class ComplaintService {
  constructor(
    private readonly ports: ServicePorts,
    private readonly settings: RegionSettings,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  /** With `rateLimit`, the claim is counted in the complaint's own commit (see CommitOptions.rateLimit). */
  /** keyedInBy: the coordinator keying in a complaint received by phone, in person, by letter or social media. */
  async submit(
    input: lifecycle.NewComplaint,
    options: { rateLimit?: RateLimitClaim; keyedInBy?: Actor } = {},
  ): Promise<{ change: ChangeSet; accessToken: string }> {
    const accessToken = this.ports.ids.accessToken();
    for (let attempt = 1; ; attempt++) {
      const change = lifecycle.submitComplaint(
        input,
        { trackingId: this.ports.ids.trackingId(this.settings.trackingPrefix), accessTokenHash: hashAccessToken(accessToken) },
        this.context(),
        options.keyedInBy,
      );
      try {
        if (options.rateLimit) await this.ports.complaints.commit(change, { rateLimit: options.rateLimit });
        else await this.ports.complaints.commit(change);
        return { change, accessToken };
      } catch (error) {
        // A fresh complaint can only lose its race to an existing tracking ID: draw another.
        const taken = error instanceof DomainError && error.code === 'CONCURRENT_MODIFICATION';
        if (!taken || attempt >= COMMIT_ATTEMPTS) throw error;
      }
    }
  }

  async get(trackingId: string): Promise<ComplaintRecord> {
    const record = await this.ports.complaints.get(trackingId);
    if (!record) throw notFound('Complaint');
    return record;
  }

  respond(trackingId: string, accessToken: string | undefined, command: { message: string; rating?: number; reopen?: boolean }) {
    return this.mutate(trackingId, (record, ctx) => {
      requireReporter(record, accessToken);
      return lifecycle.respondAsReporter(record, command, ctx);
    });
  }

  verify(
    trackingId: string,
    command: Omit<lifecycle.VerifyCommand, 'agencies'> & { agencyIds?: string[]; publicAttachments?: boolean },
    actor: Actor,
  ) {
    const { publicAttachments, ...verification } = command;
    return this.resolveAgencies(command.agencyIds ?? [], 'agencyIds').then((agencies) =>
      this.mutate(trackingId, async (record, ctx) => {
        const change = lifecycle.verifyComplaint(record, { ...verification, agencies }, actor, ctx);
        if (publicAttachments === undefined) return change;
        // The coordinator's decision covers the files listed now (read inside the retry loop, so
        // a file listed concurrently moves the version and gets decided on the next attempt).
        const repository = this.ports.attachments;
        const listed = repository ? await repository.list(trackingId) : [];
        const { change: released, changed } = releaseAttachments(change, listed, publicAttachments);
        return repository ? { ...released, extraPuts: [...(released.extraPuts ?? []), ...changed.map((a) => repository.publicityWrite(a))] } : released;
      }),
    );
  }

  correct(trackingId: string, command: lifecycle.CorrectionCommand, actor: Actor) {
    return this.mutate(trackingId, (record, ctx) => lifecycle.correctComplaint(record, command, actor, ctx));
  }

  async addDisposition(trackingId: string, command: { agencyId: string; note?: string }, actor: Actor) {
    const [agency] = await this.resolveAgencies([command.agencyId], 'agencyId');
    return this.mutate(trackingId, (record, ctx) =>
      lifecycle.addDisposition(record, { agency: agency as Agency, ...(command.note !== undefined && { note: command.note }) }, actor, ctx),
    );
  }

  followUp(trackingId: string, agencyId: string, command: { message: string; final?: boolean }, actor: Actor) {
    return this.mutate(trackingId, (record, ctx) => lifecycle.postFollowUp(record, agencyId, command, actor, ctx));
  }

  returnDisposition(trackingId: string, agencyId: string, command: { reason: string }, actor: Actor) {
    return this.mutate(trackingId, (record, ctx) => lifecycle.returnDisposition(record, agencyId, command, actor, ctx));
  }

  withdrawDisposition(trackingId: string, agencyId: string, command: { reason: string }, actor: Actor) {
    return this.mutate(trackingId, (record, ctx) => lifecycle.withdrawDisposition(record, agencyId, command, actor, ctx));
  }

  markEscalationEligible(trackingId: string) {
    return this.mutate(trackingId, (record, ctx) => lifecycle.markEscalationEligible(record, ctx));
  }

  refreshDueDates(trackingId: string) {
    return this.mutate(trackingId, (record, ctx) => lifecycle.refreshDueDates(record, ctx));
  }

  closeComplaint(trackingId: string) {
    return this.mutate(trackingId, (record, ctx) => lifecycle.closeComplaint(record, ctx));
  }

  escalate(trackingId: string, accessToken: string | undefined, command: { shareContact?: boolean } = {}) {
    return this.mutate(trackingId, (record, ctx) => {
      requireReporter(record, accessToken);
      return lifecycle.escalateComplaint(record, command, ctx);
    });
  }

  /** Idempotent: a replayed mailer batch finds the outcome already recorded and changes nothing. */
  async recordEscalationDelivery(trackingId: string, outcome: { status: 'SENT' } | { status: 'FAILED'; reason: string }) {
    try {
      return await this.mutate(trackingId, (record, ctx) => lifecycle.recordEscalationDelivery(record, outcome, ctx));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'CONFLICT') return undefined;
      throw error;
    }
  }

  recordNotificationFailure(notification: Notification, reason: string) {
    return this.mutate(notification.trackingId, (record, ctx) =>
      lifecycle.recordNotificationFailure(record, notification, reason, ctx),
    );
  }

  list(filter: Parameters<ComplaintRepository['list']>[0], page: PageRequest) {
    return this.ports.complaints.list(filter, page);
  }

  /** The public list: confidential complaints are left out by the query and again by the view. */
  async listPublic(filter: Omit<ComplaintListFilter, 'publicOnly' | 'submitted'>, page: PageRequest) {
    const result = await this.ports.complaints.list({ ...filter, publicOnly: true }, page);
    return { items: result.items.flatMap((c) => toPublicListItem(c) ?? []), nextCursor: result.nextCursor };
  }

  listDispositions(filter: { agencyId: string; status?: DispositionStatus }, page: PageRequest) {
    return this.ports.complaints.listDispositions(filter, page);
  }

  now(): Date {
    return this.ports.clock.now();
  }

  private async mutate(
    trackingId: string,
    decide: (record: ComplaintRecord, ctx: lifecycle.CommandContext) => ChangeSet | Promise<ChangeSet>,
  ): Promise<ChangeSet> {
    for (let attempt = 1; ; attempt++) {
      const record = await this.ports.complaints.get(trackingId);
      if (!record) throw notFound('Complaint');
      const change = await decide(record, this.context());
      try {
        await this.ports.complaints.commit(change);
        return change;
      } catch (error) {
        const lostRace = error instanceof DomainError && error.code === 'CONCURRENT_MODIFICATION';
        if (!lostRace || attempt >= COMMIT_ATTEMPTS) throw error;
        await pause(attempt);
      }
    }
  }

  private async resolveAgencies(agencyIds: string[], field: string): Promise<Agency[]> {
    const unique = [...new Set(agencyIds)];
    const found = await Promise.all(unique.map((id) => this.ports.agencies.get(id)));
    const issues = unique.flatMap((id, i) => {
      const agency = found[i];
      if (!agency) return [{ field, message: `unknown agency "${id}"` }];
      if (!agency.active) return [{ field, message: `agency "${id}" is inactive` }];
      return [];
    });
    if (issues.length > 0) throw validationError(issues);
    return found as Agency[];
  }

  private context(): lifecycle.CommandContext {
    return { now: this.ports.clock.now(), calendar: this.calendar, settings: this.settings };
  }
}

export type { Page };

export function requireReporter(record: ComplaintRecord, accessToken: string | undefined) {
  if (!accessToken) throw new DomainError('UNAUTHORIZED', 'The X-Access-Token header is required');
  if (isReporter(record.complaint, accessToken)) return;
  // A wrong token must not confirm that a confidential complaint exists.
  if (record.complaint.confidential) throw notFound('Complaint');
  throw new DomainError('FORBIDDEN', 'The X-Access-Token does not belong to this complaint');
}

/** Jittered backoff so racing writers spread out instead of colliding again. */
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * 20 * 2 ** attempt;
  return new Promise((resolve) => setTimeout(resolve, ms));
}
