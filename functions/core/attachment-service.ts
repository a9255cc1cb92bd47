// Attachment use cases: request an upload, complete it (check, copy, list), and the links each
// audience gets. The rules live in attachments.ts; storage behind the ports.
//
// Why two keys rather than one object whose state flips: the presigned PUT stays valid for its
// whole lifetime, also after completion. With one key, the uploader could overwrite the checked
// file with anything until the link expires. The checked bytes are therefore copied (server side,
// bound to the etag that was checked) to attachments/<trackingId>/<attachmentId>, a prefix no
// presigned PUT ever points at, and the pending object is deleted. The pending prefix also keeps
// its simple one-day lifecycle rule without any risk to listed evidence.

import type { WorkingDayCalendar } from './calendar';
import {
  type Attachment,
  type AttachmentAudience,
  type AttachmentLink,
  type AttachmentRequest,
  ATTACHMENT_TYPES,
  DOWNLOAD_URL_SECONDS,
  MAGIC_BYTES,
  PENDING_RETENTION_SECONDS,
  UPLOAD_URL_SECONDS,
  type Uploader,
  assertMayAttach,
  assertRoomFor,
  attachmentObjectKey,
  checkRequest,
  downloadObjectKey,
  publicObjectKey,
  detectContent,
  hasActiveDisposition,
  maySeeAttachments,
  pendingObjectKey,
  sameUploader,
  shownFileName,
  visibleAttachments,
} from './attachments';
import { requireReporter } from './complaint-service';
import { ImageMetadataError, isStrippable, stripImageMetadata } from './image-metadata';
import { DomainError, conflict, notFound, validationError } from './errors';
import * as lifecycle from './lifecycle';
import type { Actor, ComplaintRecord } from './model';
import type { RegionSettings } from './settings';
import type { AttachmentRepository } from '../ports/attachments';
import { type FileStore, ObjectChangedError, type SignedUrl } from '../ports/files';
import type { ComplaintRepository } from '../ports/repositories';
import type { Clock } from '../ports/system';

export interface AttachmentServicePorts {
  complaints: ComplaintRepository;
  attachments: AttachmentRepository;
  files: FileStore;
  clock: Clock;
  /** A fresh attachment id (a UUID): the only name an uploaded object ever gets. */
  newAttachmentId(): string;
}

/** Who asks: the reporter with their access token, or an agency officer. */
export type AttachmentCaller =
  | { role: 'reporter'; accessToken: string | undefined }
  | { role: 'agency'; agencyId: string; userId: string };

export interface RequestedUpload {
  attachment: Attachment;
  upload: SignedUrl;
  /** Headers the PUT must carry (Content-Length is set by any HTTP client and is signed too). */
  headers: Record<string, string>;
}

const COMMIT_ATTEMPTS = 5;

export class AttachmentService {
  constructor(
    private readonly ports: AttachmentServicePorts,
    private readonly settings: RegionSettings,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  /** Records a pending upload and returns the presigned PUT for it. */
  async requestUpload(trackingId: string, caller: AttachmentCaller, request: AttachmentRequest): Promise<RequestedUpload> {
    const record = await this.record(trackingId, caller);
    const { uploader } = authorize(record, caller);
    assertMayAttach(record, uploader);
    const { contentType, fileName } = checkRequest(request, this.settings.attachments);
    const now = this.ports.clock.now();
    assertRoomFor(await this.ports.attachments.list(trackingId), this.settings.attachments, now);

    const attachment: Attachment = {
      trackingId,
      attachmentId: this.ports.newAttachmentId(),
      fileName,
      contentType,
      size: request.size,
      state: 'PENDING',
      uploadedBy: uploader,
      createdAt: now.toISOString(),
      uploadExpiresAt: new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
      public: false,
    };
    await this.ports.attachments.createPending(attachment);
    const upload = await this.ports.files.uploadUrl(pendingObjectKey(trackingId, attachment.attachmentId), {
      contentType,
      size: request.size,
      expiresInSeconds: UPLOAD_URL_SECONDS,
    });
    return { attachment, upload: { url: upload.url, expiresAt: attachment.uploadExpiresAt }, headers: { 'Content-Type': contentType } };
  }

  /**
   * Checks the uploaded object (there, exactly the declared size, the declared type by its magic
   * bytes), copies it under attachments/ and lists it: the attachment item, the complaint's new
   * version and an ATTACHMENT_ADDED timeline entry in one transaction. A file that fails a check
   * is deleted with its pending item, so nothing of it is listed. Completing twice is harmless.
   */
  async complete(trackingId: string, attachmentId: string, caller: AttachmentCaller): Promise<Attachment> {
    const record = await this.record(trackingId, caller);
    const { uploader, actor } = authorize(record, caller);
    const found = await this.ports.attachments.get(trackingId, attachmentId);
    if (!found || !sameUploader(found.uploadedBy, uploader)) throw notFound('Attachment');
    if (found.state === 'READY') return found;
    assertMayAttach(record, uploader);
    const now = this.ports.clock.now();
    if (now.getTime() > Date.parse(found.createdAt) + PENDING_RETENTION_SECONDS * 1000) {
      await this.discard(found);
      throw conflict('This upload has expired; request a new one', { attachmentId });
    }

    const checked = await this.check(found);
    const pendingKey = pendingObjectKey(trackingId, attachmentId);
    const finalKey = attachmentObjectKey(trackingId, attachmentId);
    let copied: { etag?: string };
    try {
      copied = await this.ports.files.copy(pendingKey, finalKey, { contentType: found.contentType, ...(checked.etag && { ifMatch: checked.etag }) });
    } catch (error) {
      if (error instanceof ObjectChangedError) throw changedWhileChecking(attachmentId);
      throw error;
    }
    // S3 honours the If-Match of the copy; the local stand-in does not, so compare as well.
    if (checked.etag && copied.etag && copied.etag !== checked.etag) {
      // In the cloud no function may delete under attachments/ (evidence is kept): the unlisted
      // copy stays, and nothing ever links to it.
      await this.ports.files.delete(finalKey).catch(() => undefined);
      throw changedWhileChecking(attachmentId);
    }

    const publicVariant = await this.publicCopy(found, copied.etag ?? checked.etag);
    try {
      const listed = await this.list(trackingId, attachmentId, { uploader, actor, publicVariant }, record);
      await this.ports.files.delete(pendingKey).catch(() => undefined); // else the lifecycle rule takes it
      return listed;
    } catch (error) {
      // Not listed (refused, or lost to a concurrent completion that listed it first: then the
      // copy is the same checked bytes and stays).
      const latest = await this.ports.attachments.get(trackingId, attachmentId).catch(() => undefined);
      if (latest?.state !== 'READY') await this.ports.files.delete(finalKey).catch(() => undefined);
      throw error;
    }
  }

  /** The attachments an audience may see, each with a short-lived download link. */
  async links(record: ComplaintRecord, audience: AttachmentAudience): Promise<AttachmentLink[]> {
    // Nothing to read when the audience can see nothing anyway (most public views).
    if (!maySeeAttachments(record, audience)) return [];
    const visible = visibleAttachments(record, await this.ports.attachments.list(record.complaint.trackingId), audience);
    return Promise.all(visible.map((attachment, position) => this.link(attachment, shownFileName(record, attachment, position, audience), audience.kind)));
  }

  /**
   * The download link of one listed file, under the given name (the uploader's own: its stored
   * name). The public downloads an image's stripped copy; everyone else the original.
   */
  async link(attachment: Attachment, fileName = attachment.fileName, audience: AttachmentAudience['kind'] = 'reporter'): Promise<AttachmentLink> {
    const link = await this.ports.files.downloadUrl(downloadObjectKey(attachment, audience), fileName, {
      contentType: attachment.contentType,
      expiresInSeconds: DOWNLOAD_URL_SECONDS,
    });
    return { attachment, fileName, url: link.url, expiresAt: link.expiresAt };
  }

  /**
   * What the public will be shown of a checked image (Attachment.publicVariant): a copy without
   * its metadata under publicObjectKey, or the original when it carried none. Undefined (never
   * shown to the public; staff and the reporter still get it) when the image's structure cannot
   * be followed. Whatever client sent it: this runs on the bytes as stored.
   */
  private async publicCopy(attachment: Attachment, etag: string | undefined): Promise<Attachment['publicVariant']> {
    if (!isStrippable(attachment.contentType)) return undefined;
    const { trackingId, attachmentId } = attachment;
    let stripped: ReturnType<typeof stripImageMetadata>;
    try {
      stripped = stripImageMetadata(await this.ports.files.read(attachmentObjectKey(trackingId, attachmentId), etag), attachment.contentType);
    } catch (error) {
      if (error instanceof ImageMetadataError) return undefined;
      if (error instanceof ObjectChangedError) throw changedWhileChecking(attachmentId);
      throw error;
    }
    if (stripped.removed.length === 0) return 'ORIGINAL';
    await this.ports.files.put(publicObjectKey(trackingId, attachmentId), stripped.bytes, attachment.contentType);
    return 'STRIPPED';
  }

  private async list(
    trackingId: string,
    attachmentId: string,
    { uploader, actor, publicVariant }: { uploader: Uploader; actor: Actor; publicVariant: Attachment['publicVariant'] },
    first: ComplaintRecord,
  ): Promise<Attachment> {
    for (let attempt = 1; ; attempt++) {
      const record = attempt === 1 ? first : await this.record(trackingId, actor);
      const all = await this.ports.attachments.list(trackingId);
      const mine = all.find((a) => a.attachmentId === attachmentId);
      if (!mine) throw notFound('Attachment');
      if (mine.state === 'READY') return mine;
      assertMayAttach(record, uploader);
      // Strict here, whatever the pending uploads: concurrent completions serialise on the
      // complaint's version, so the limit holds even when requests raced past the first check.
      const listedCount = all.filter((a) => a.state === 'READY').length;
      if (listedCount >= this.settings.attachments.maxPerComplaint) {
        await this.discard(mine);
        throw conflict(`A complaint may have at most ${this.settings.attachments.maxPerComplaint} attachments; it already has ${listedCount}`, {
          maxPerComplaint: this.settings.attachments.maxPerComplaint,
        });
      }
      const ctx = { now: this.ports.clock.now(), calendar: this.calendar, settings: this.settings };
      const ready: Attachment = { ...mine, state: 'READY', completedAt: ctx.now.toISOString(), ...(publicVariant && { publicVariant }) };
      const change = lifecycle.recordAttachmentAdded(record, ready, actor, ctx);
      try {
        await this.ports.complaints.commit({ ...change, extraPuts: [...(change.extraPuts ?? []), this.ports.attachments.readyWrite(ready)] });
        return ready;
      } catch (error) {
        const lostRace = error instanceof DomainError && error.code === 'CONCURRENT_MODIFICATION';
        if (!lostRace || attempt >= COMMIT_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
      }
    }
  }

  /** Size and type of the uploaded object; returns the etag the later copy is bound to. */
  private async check(attachment: Attachment): Promise<{ etag?: string }> {
    const key = pendingObjectKey(attachment.trackingId, attachment.attachmentId);
    const stored = await this.ports.files.head(key);
    if (!stored) {
      throw conflict('The file has not been uploaded yet: PUT it to the uploadUrl with the declared Content-Type, then complete', {
        attachmentId: attachment.attachmentId,
      });
    }
    if (stored.size !== attachment.size) {
      await this.discard(attachment);
      if (stored.size > attachment.size) {
        throw new DomainError(
          'PAYLOAD_TOO_LARGE',
          `The uploaded file is ${stored.size} bytes, larger than the ${attachment.size} bytes declared; it was deleted, request a new upload`,
          { limitBytes: attachment.size },
        );
      }
      throw validationError(
        [{ field: 'size', message: `the uploaded file is ${stored.size} bytes, not the ${attachment.size} bytes declared` }],
        'The uploaded file is smaller than declared; it was deleted, request a new upload',
      );
    }
    let first: Uint8Array;
    try {
      first = await this.ports.files.readFirstBytes(key, MAGIC_BYTES, stored.etag);
    } catch (error) {
      if (error instanceof ObjectChangedError) throw changedWhileChecking(attachment.attachmentId);
      throw error;
    }
    const detected = detectContent(first);
    if (detected.contentType !== attachment.contentType) {
      await this.discard(attachment);
      throw new DomainError(
        'UNSUPPORTED_MEDIA_TYPE',
        `The uploaded file is ${detected.description}, not the ${ATTACHMENT_TYPES[attachment.contentType].label} declared; it was deleted`,
        { declared: attachment.contentType, detected: detected.contentType ?? null },
      );
    }
    return stored.etag ? { etag: stored.etag } : {};
  }

  /** A refused or expired upload: its object and its pending item go, so it never counts or shows. */
  private async discard(attachment: Attachment): Promise<void> {
    await Promise.allSettled([
      this.ports.files.delete(pendingObjectKey(attachment.trackingId, attachment.attachmentId)),
      this.ports.attachments.discardPending(attachment.trackingId, attachment.attachmentId),
    ]);
  }

  /** To an agency, a missing complaint and another agency's look the same: no such disposition. */
  private async record(trackingId: string, caller: { role: string }): Promise<ComplaintRecord> {
    const record = await this.ports.complaints.get(trackingId);
    if (!record) throw notFound(caller.role === 'agency' ? 'Disposition' : 'Complaint');
    return record;
  }
}

/** The reporter proves ownership with the token; an agency must hold an active disposition (else 404). */
function authorize(record: ComplaintRecord, caller: AttachmentCaller): { uploader: Uploader; actor: Actor } {
  if (caller.role === 'reporter') {
    requireReporter(record, caller.accessToken);
    return { uploader: { role: 'reporter' }, actor: { role: 'reporter' } };
  }
  if (!hasActiveDisposition(record, caller.agencyId)) throw notFound('Disposition');
  return {
    uploader: { role: 'agency', agencyId: caller.agencyId },
    actor: { role: 'agency', agencyId: caller.agencyId, userId: caller.userId },
  };
}

function changedWhileChecking(attachmentId: string): DomainError {
  return conflict('The file was replaced while it was being checked; complete again', { attachmentId });
}
