// Evidence attached to a complaint (photos, scanned letters): what may be uploaded, by whom, how a
// file's real type is told from its first bytes, how its name is made safe to show, and who may
// see it. Pure: storage and presigning live in the adapters, the steps in attachment-service.ts.
//
// The flow: the uploader declares {fileName, contentType, size} and gets a presigned PUT for a
// pending object; after uploading it asks to complete, and only then is the object checked (size
// exactly as declared, type confirmed by its magic bytes), copied under attachments/ and listed.

import { DomainError, conflict, invalidTransition, notFound, validationError } from './errors';
import type { ChangeSet, Complaint, ComplaintRecord, ComplaintStatus } from './model';
import { isStrippable } from './image-metadata';

/** The accepted types: what photos of a broken road or a scanned letter are. Never SVG or HTML. */
export const ATTACHMENT_TYPES = {
  'image/jpeg': { label: 'JPEG', extensions: ['jpg', 'jpeg'] },
  'image/png': { label: 'PNG', extensions: ['png'] },
  'image/webp': { label: 'WebP', extensions: ['webp'] },
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
} as const;
export type AttachmentContentType = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_CONTENT_TYPES = Object.keys(ATTACHMENT_TYPES) as AttachmentContentType[];

export const ATTACHMENT_STATES = ['PENDING', 'READY'] as const;
export type AttachmentState = (typeof ATTACHMENT_STATES)[number];

export type Uploader = { role: 'reporter' } | { role: 'agency'; agencyId: string };

export interface Attachment {
  trackingId: string;
  attachmentId: string;
  /** Sanitised for display (sanitizeFileName); never part of a storage key. */
  fileName: string;
  contentType: AttachmentContentType;
  /** Bytes, exactly: the upload must match. */
  size: number;
  state: AttachmentState;
  uploadedBy: Uploader;
  createdAt: string;
  /** Until when the upload link works; a PENDING attachment counts against the limit until then. */
  uploadExpiresAt: string;
  completedAt?: string;
  /**
   * The coordinator released this file to the public view when verifying (publicAttachments).
   * Files added after that decision were not reviewed and stay private.
   */
  public: boolean;
  /**
   * What the public is shown of an image (set at completion): STRIPPED, a copy without EXIF, XMP
   * and the like (publicObjectKey); ORIGINAL, the file itself, which carried none. Absent for an
   * image completed before stripping existed, or whose structure could not be followed: the
   * public never sees it. Files that are not images are shown as they are.
   */
  publicVariant?: 'ORIGINAL' | 'STRIPPED';
}

/** What the uploader declares before uploading. */
export interface AttachmentRequest {
  fileName: string;
  contentType: string;
  size: number;
}

export interface AttachmentLimits {
  maxBytes: number;
  maxPerComplaint: number;
}

/** How long a presigned PUT works. */
export const UPLOAD_URL_SECONDS = 10 * 60;
/** How long a presigned GET in a view works. */
export const DOWNLOAD_URL_SECONDS = 5 * 60;
/** A pending upload can be completed for a day (the bucket's lifecycle rule removes its object then). */
export const PENDING_RETENTION_SECONDS = 24 * 3600;

// ---- storage layout ------------------------------------------------------------------------

/** Uploads land here first; a bucket lifecycle rule deletes what is still here after a day. */
export const PENDING_UPLOADS_PREFIX = 'uploads/pending/';
/** Checked files live here. Only the functions' own copy writes here, never a presigned URL. */
export const ATTACHMENTS_PREFIX = 'attachments/';

/** Object keys are built from IDs only: a file name never reaches a key. */
export const pendingObjectKey = (trackingId: string, attachmentId: string) => `${PENDING_UPLOADS_PREFIX}${trackingId}/${attachmentId}`;
export const attachmentObjectKey = (trackingId: string, attachmentId: string) => `${ATTACHMENTS_PREFIX}${trackingId}/${attachmentId}`;
/** The copy the public downloads of an image, without its metadata (under attachments/ too: only functions write there). */
export const publicObjectKey = (trackingId: string, attachmentId: string) => `${attachmentObjectKey(trackingId, attachmentId)}.public`;

/** The public may see this file's bytes: an image only once its metadata is known to be gone. */
export const publicSafe = (a: Pick<Attachment, 'contentType' | 'publicVariant'>) => !isStrippable(a.contentType) || a.publicVariant !== undefined;

/** The object an audience downloads: the public gets an image's stripped copy, everyone else the original. */
export const downloadObjectKey = (a: Pick<Attachment, 'trackingId' | 'attachmentId' | 'publicVariant'>, audience: AttachmentAudience['kind']) =>
  audience === 'public' && a.publicVariant === 'STRIPPED' ? publicObjectKey(a.trackingId, a.attachmentId) : attachmentObjectKey(a.trackingId, a.attachmentId);

// ---- what the bytes are --------------------------------------------------------------------

/** How many leading bytes detectContent needs (the completion reads only these). */
export const MAGIC_BYTES = 16;

export interface DetectedContent {
  /** Set when the bytes are one of the accepted types. */
  contentType?: AttachmentContentType;
  /** For messages: "a PNG image", "a Windows program (EXE)", "unrecognised content". */
  description: string;
}

const ascii = (bytes: Uint8Array, from: number, text: string) =>
  bytes.length >= from + text.length && [...text].every((ch, i) => bytes[from + i] === ch.charCodeAt(0));
const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

/**
 * The type of a file from its first bytes (its magic number), whatever its name or declared type
 * says. Accepted: JPEG (FF D8 FF), PNG (the 8-byte signature), WebP (RIFF....WEBP), PDF (%PDF- at
 * offset 0: stricter than readers that search the first kilobyte, on purpose). A few common
 * refusals are named so the message helps: HEIC photos from phones, GIF, ZIP/Office, programs.
 */
export function detectContent(bytes: Uint8Array): DetectedContent {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', description: 'a JPEG image' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', description: 'a PNG image' };
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return { contentType: 'image/webp', description: 'a WebP image' };
  if (ascii(bytes, 0, '%PDF-')) return { contentType: 'application/pdf', description: 'a PDF document' };
  if (ascii(bytes, 4, 'ftyp') && ['heic', 'heix', 'mif1', 'msf1', 'heim', 'heis'].some((brand) => ascii(bytes, 8, brand))) {
    return { description: 'a HEIC/HEIF photo (convert it to JPEG)' };
  }
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return { description: 'a GIF image' };
  if (ascii(bytes, 0, 'MZ')) return { description: 'a Windows program (EXE/DLL)' };
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return { description: 'a Linux program (ELF)' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { description: 'a ZIP archive (or an Office document)' };
  return { description: 'unrecognised content' };
}

// ---- names ---------------------------------------------------------------------------------

/** Longest file name accepted as input; longer is a bad request, not something to cut silently. */
export const MAX_FILE_NAME_INPUT = 255;
/** Longest name shown (in code points), extension included. */
export const MAX_DISPLAY_NAME = 120;

/**
 * A file name safe to show and to offer as a download name, or undefined when nothing usable is
 * left. Only the last path segment is kept; control and invisible formatting characters (including
 * the right-to-left override of "gpj.exe" tricks) are dropped; characters that filesystems or
 * headers choke on become "_"; whitespace is collapsed; leading dots (hidden files) and trailing
 * dots go. The extension must fit the type: otherwise the type's own is appended ("virus.exe"
 * declared as JPEG is offered as "virus.exe.jpg", so it opens as the image it was checked to be).
 */
export function sanitizeFileName(raw: string, contentType: AttachmentContentType): string | undefined {
  let name = raw.normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(/[\t\n\r\v\f\u0085\p{Zl}\p{Zp}]/gu, ' ');
  name = name.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/gu, '');
  name = name.replace(/[<>:"|?*]/g, '_');
  name = name.replace(/[\s\p{Zs}]+/gu, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');

  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  const hasExtension = /^[A-Za-z0-9]{1,10}$/.test(extension);
  let base = hasExtension ? name.slice(0, dot).replace(/[.\s]+$/, '') : name;
  if (!/[\p{L}\p{N}]/u.test(base)) return undefined;

  const allowed: readonly string[] = ATTACHMENT_TYPES[contentType].extensions;
  const suffix = hasExtension && allowed.includes(extension.toLowerCase())
    ? `.${extension}`
    : `${hasExtension ? `.${extension}` : ''}.${allowed[0]}`;
  const room = MAX_DISPLAY_NAME - [...suffix].length;
  base = [...base].slice(0, room).join('').trim();
  return `${base}${suffix}`;
}

// ---- rules ---------------------------------------------------------------------------------

/** A reporter may add evidence until the complaint is closed (they can reopen a completed one first). */
export const REPORTER_CLOSED: readonly ComplaintStatus[] = ['ARCHIVED', 'NOT_AUTHORITY', 'COMPLETED'];

export const isAttachmentType = (value: string): value is AttachmentContentType =>
  Object.prototype.hasOwnProperty.call(ATTACHMENT_TYPES, value);

/**
 * Checks a declared upload against the region's limits, in the order a client can fix them: type
 * (415), size (413), name (400). Returns the normalised type and the display name.
 */
export function checkRequest(
  request: AttachmentRequest,
  limits: AttachmentLimits,
): { contentType: AttachmentContentType; fileName: string } {
  const contentType = request.contentType.trim().toLowerCase();
  if (!isAttachmentType(contentType)) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Attachments must be JPEG, PNG, WebP or PDF; "${request.contentType}" is not accepted`,
      { contentType: request.contentType, allowed: ATTACHMENT_CONTENT_TYPES },
    );
  }
  if (request.size > limits.maxBytes) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      `An attachment may be at most ${limits.maxBytes} bytes (${formatMegabytes(limits.maxBytes)}); this one is ${request.size}`,
      { limitBytes: limits.maxBytes },
    );
  }
  const fileName = sanitizeFileName(request.fileName, contentType);
  if (!fileName) {
    throw validationError([{ field: 'fileName', message: 'must contain a letter or digit once path and control characters are removed' }]);
  }
  return { contentType, fileName };
}

/** Still counting against the per-complaint limit: listed, or an upload whose link still works. */
export function countsAgainstLimit(attachment: Attachment, now: Date): boolean {
  return attachment.state === 'READY' || Date.parse(attachment.uploadExpiresAt) > now.getTime();
}

export function assertRoomFor(existing: readonly Attachment[], limits: AttachmentLimits, now: Date): void {
  const used = existing.filter((a) => countsAgainstLimit(a, now)).length;
  if (used >= limits.maxPerComplaint) {
    throw conflict(`A complaint may have at most ${limits.maxPerComplaint} attachments; this one has ${used} (uploads in progress included)`, {
      maxPerComplaint: limits.maxPerComplaint,
    });
  }
}

/**
 * Whether the uploader may add a file to this complaint now. An agency needs an active (not
 * returned) disposition of it: otherwise the complaint does not exist for it (404). The reporter's
 * access token is checked before this, by the service.
 */
export function assertMayAttach(record: ComplaintRecord, uploader: Uploader): void {
  if (uploader.role === 'agency') {
    if (!hasActiveDisposition(record, uploader.agencyId)) throw notFound('Disposition');
    return;
  }
  if (REPORTER_CLOSED.includes(record.complaint.status)) {
    throw invalidTransition(`Attachments cannot be added to a complaint in status ${record.complaint.status}`, {
      status: record.complaint.status,
    });
  }
}

export const sameUploader = (a: Uploader, b: Uploader) =>
  a.role === b.role && (a.role !== 'agency' || (b.role === 'agency' && a.agencyId === b.agencyId));

export function hasActiveDisposition(record: ComplaintRecord, agencyId: string): boolean {
  return record.dispositions.some((d) => d.agencyId === agencyId && d.status !== 'RETURNED');
}

// ---- who sees what -------------------------------------------------------------------------

export type AttachmentAudience =
  | { kind: 'reporter' }
  | { kind: 'admin' }
  | { kind: 'agency'; agencyId: string }
  | { kind: 'public' };

/**
 * The listed (READY) attachments an audience may see, oldest first:
 * - the reporter and the coordinator: all of them;
 * - an agency with an active disposition: the reporter's and its own, never another agency's
 *   (as with the timeline); without one: none;
 * - the public: none of a confidential complaint; otherwise only files the coordinator released
 *   at verification (publicAttachments), since photos can show faces and house numbers.
 */
export function visibleAttachments(record: ComplaintRecord, attachments: readonly Attachment[], audience: AttachmentAudience): Attachment[] {
  const ready = attachments
    .filter((a) => a.state === 'READY' && a.trackingId === record.complaint.trackingId)
    .sort((a, b) => (a.completedAt ?? '').localeCompare(b.completedAt ?? '') || a.attachmentId.localeCompare(b.attachmentId));
  switch (audience.kind) {
    case 'reporter':
    case 'admin':
      return ready;
    case 'agency':
      if (!hasActiveDisposition(record, audience.agencyId)) return [];
      return ready.filter((a) => a.uploadedBy.role === 'reporter' || a.uploadedBy.agencyId === audience.agencyId);
    case 'public':
      return publishable(record.complaint) ? ready.filter((a) => a.public && publicSafe(a)) : [];
  }
}

const publishable = (c: Complaint) => !c.confidential && c.publicAttachments === true;

/** Whether the audience could see any attachment of this complaint at all (no need to read them otherwise). */
export function maySeeAttachments(record: ComplaintRecord, audience: AttachmentAudience): boolean {
  if (audience.kind === 'public') return publishable(record.complaint);
  if (audience.kind === 'agency') return hasActiveDisposition(record, audience.agencyId);
  return true;
}

/**
 * The coordinator's publicAttachments decision at verification: stored on the complaint, noted on
 * the VERIFIED timeline entry, and applied to each file listed at that moment (the ones they could
 * review). Returns the amended change and the attachments whose flag changes.
 */
export function releaseAttachments(
  change: ChangeSet,
  listed: readonly Attachment[],
  publicAttachments: boolean,
): { change: ChangeSet; changed: Attachment[] } {
  const timeline = change.timeline.map((entry) =>
    entry.type === 'VERIFIED' ? { ...entry, details: { ...entry.details, publicAttachments } } : entry,
  );
  return {
    change: { ...change, complaint: { ...change.complaint, publicAttachments }, timeline },
    changed: listed.filter((a) => a.state === 'READY' && a.public !== publicAttachments).map((a) => ({ ...a, public: publicAttachments })),
  };
}

/**
 * The name an audience is shown (and downloads under). An anonymous reporter's own file names can
 * carry their name ("KTP_Budi.jpg"), so agencies and the public get a neutral one instead.
 */
export function shownFileName(record: ComplaintRecord, attachment: Attachment, position: number, audience: AttachmentAudience): string {
  const neutral = record.complaint.anonymous && attachment.uploadedBy.role === 'reporter' && (audience.kind === 'agency' || audience.kind === 'public');
  return neutral ? `lampiran-${position + 1}.${ATTACHMENT_TYPES[attachment.contentType].extensions[0]}` : attachment.fileName;
}

/** A listed attachment with its short-lived download link, as the views carry it. */
export interface AttachmentLink {
  attachment: Attachment;
  /** As this audience is shown it (shownFileName). */
  fileName: string;
  url: string;
  expiresAt: string;
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
