// Attachments, the pure part: a file's real type from its magic bytes, names made safe to show,
// the limits, and who sees which file.

import fc from 'fast-check';
import { contentDisposition } from '../../../functions/adapters/s3-file-store';
import {
  ATTACHMENT_TYPES,
  type Attachment,
  type AttachmentContentType,
  MAGIC_BYTES,
  MAX_DISPLAY_NAME,
  assertMayAttach,
  assertRoomFor,
  attachmentObjectKey,
  checkRequest,
  detectContent,
  pendingObjectKey,
  releaseAttachments,
  sanitizeFileName,
  shownFileName,
  visibleAttachments,
  downloadObjectKey,
} from '../../../functions/core/attachments';
import { DomainError } from '../../../functions/core/errors';
import type { ChangeSet, Complaint, ComplaintRecord, Disposition } from '../../../functions/core/model';
import { DEFAULT_SETTINGS } from '../../../functions/core/settings';
import { toAdminView, toAgencyView, toPublicView, toReporterView } from '../../../functions/core/views';

const bytes = (...parts: Array<number[] | string>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

// Real file headers (first 16 bytes), as cameras, phones and PDF writers produce them.
const SAMPLES = {
  jpegJfif: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0x00, 0x01, 0x01, 0x00, 0x00, 0x01]),
  jpegExif: bytes([0xff, 0xd8, 0xff, 0xe1, 0x2a, 0x3c], 'Exif', [0x00, 0x00, 0x4d, 0x4d, 0x00, 0x2a]),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d], 'IHDR'),
  webp: bytes('RIFF', [0x24, 0x08, 0x00, 0x00], 'WEBPVP8 '),
  pdf: bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0'),
  exe: bytes('MZ', [0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00]),
  heic: bytes([0x00, 0x00, 0x00, 0x18], 'ftypheic', [0x00, 0x00, 0x00, 0x00]),
  gif: bytes('GIF89a', [0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xff, 0xff, 0xff]),
  zip: bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], 'docxdocx'),
  wav: bytes('RIFF', [0x24, 0x08, 0x00, 0x00], 'WAVEfmt '),
  html: bytes('<!DOCTYPE html><'),
  svg: bytes('<svg xmlns="http'),
};

describe('detectContent: the type is what the first bytes say', () => {
  test.each([
    ['jpegJfif', 'image/jpeg'],
    ['jpegExif', 'image/jpeg'],
    ['png', 'image/png'],
    ['webp', 'image/webp'],
    ['pdf', 'application/pdf'],
  ] as const)('%s is %s', (sample, type) => {
    expect(detectContent(SAMPLES[sample]).contentType).toBe(type);
  });

  test.each([
    ['exe', /Windows program/],
    ['heic', /HEIC/],
    ['gif', /GIF/],
    ['zip', /ZIP/],
    ['wav', /unrecognised/],
    ['html', /unrecognised/],
    ['svg', /unrecognised/],
  ] as const)('%s is refused, and named in the message', (sample, description) => {
    const detected = detectContent(SAMPLES[sample]);
    expect(detected.contentType).toBeUndefined();
    expect(detected.description).toMatch(description);
  });

  test('too few bytes are nothing: an empty file, half a PNG signature, "RIFF" alone', () => {
    expect(detectContent(new Uint8Array()).contentType).toBeUndefined();
    expect(detectContent(SAMPLES.png.subarray(0, 7)).contentType).toBeUndefined();
    expect(detectContent(SAMPLES.webp.subarray(0, 11)).contentType).toBeUndefined();
    expect(detectContent(bytes([0xff, 0xd8])).contentType).toBeUndefined();
  });

  test('a PDF must start with its header (no junk before %PDF-)', () => {
    expect(detectContent(bytes('\n%PDF-1.4')).contentType).toBeUndefined();
  });

  test('only the first MAGIC_BYTES are ever needed', () => {
    for (const sample of Object.values(SAMPLES)) {
      const padded = new Uint8Array([...sample, ...new Uint8Array(64).fill(0x41)]);
      expect(detectContent(padded.subarray(0, MAGIC_BYTES))).toEqual(detectContent(padded));
    }
  });

  test('random bytes are never taken for an accepted type unless they start with its signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), (data) => {
        const type = detectContent(data).contentType;
        if (type === 'image/jpeg') expect([...data.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
        if (type === 'image/png') expect([...data.subarray(0, 8)]).toEqual([...SAMPLES.png.subarray(0, 8)]);
        if (type === 'image/webp') expect(Buffer.from(data.subarray(8, 12)).toString('latin1')).toBe('WEBP');
        if (type === 'application/pdf') expect(Buffer.from(data.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
      }),
    );
  });
});

describe('sanitizeFileName: safe to show and to download under', () => {
  test.each([
    ['foto jalan rusak.jpg', 'image/jpeg', 'foto jalan rusak.jpg'],
    ['FOTO.JPG', 'image/jpeg', 'FOTO.JPG'],
    ['bukti.jpeg', 'image/jpeg', 'bukti.jpeg'],
    ['surat.pdf', 'application/pdf', 'surat.pdf'],
    // Only the last path segment, whichever separator the client's OS uses.
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['C:\\Users\\budi\\Pictures\\jembatan.png', 'image/png', 'jembatan.png'],
    // The right-to-left override that makes "foto\u202Egpj.exe" look like "fotoexe.jpg".
    ['foto\u202Egpj.exe', 'image/jpeg', 'fotogpj.exe.jpg'],
    // Control characters and zero-width ones vanish; line breaks and tabs are spaces; whitespace collapses.
    ['a\u0000b\u200B\n\tc   d\u2028.png', 'image/png', 'ab c d.png'],
    // Hidden-file dots and trailing dots go.
    ['.htaccess.png', 'image/png', 'htaccess.png'],
    ['laporan...pdf', 'application/pdf', 'laporan.pdf'],
    ['laporan. ', 'application/pdf', 'laporan.pdf'],
    // Characters filesystems and headers choke on.
    ['a"b<c>d|e?f*g:h.webp', 'image/webp', 'a_b_c_d_e_f_g_h.webp'],
    // The extension must fit the type: otherwise the type's own is appended.
    ['virus.exe', 'image/jpeg', 'virus.exe.jpg'],
    ['foto.png', 'image/jpeg', 'foto.png.jpg'],
    ['laporan', 'application/pdf', 'laporan.pdf'],
    ['laporan.final.v2', 'application/pdf', 'laporan.final.v2.pdf'],
    // Unicode stays (NFC): Indonesian and Balinese names, accents.
    ['Pura Besakih ᬩᬲᬓᬶᬄ.jpg', 'image/jpeg', 'Pura Besakih ᬩᬲᬓᬶᬄ.jpg'],
    ['cafe\u0301.png', 'image/png', 'café.png'],
  ] as [string, AttachmentContentType, string][])('%j as %s → %j', (raw, type, expected) => {
    expect(sanitizeFileName(raw, type)).toBe(expected);
  });

  test.each(['', '   ', '...', '../..', '/', '\u202E\u200B', '___', '-.-', '\u0000\u0001'])('%j is not a usable name', (raw) => {
    expect(sanitizeFileName(raw, 'image/jpeg')).toBeUndefined();
  });

  test(`long names are cut to ${MAX_DISPLAY_NAME} characters, keeping the extension`, () => {
    const name = sanitizeFileName(`${'ä'.repeat(300)}.pdf`, 'application/pdf')!;
    expect([...name]).toHaveLength(MAX_DISPLAY_NAME);
    expect(name.endsWith('ä.pdf')).toBe(true);
  });

  test('whatever comes in, what goes out is safe (or nothing)', () => {
    const type = fc.constantFrom(...(Object.keys(ATTACHMENT_TYPES) as AttachmentContentType[]));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 255 }), type, (raw, contentType) => {
        const name = sanitizeFileName(raw, contentType);
        if (name === undefined) return;
        expect([...name].length).toBeLessThanOrEqual(MAX_DISPLAY_NAME);
        expect(name).not.toMatch(/[\\/<>:"|?*]/);
        expect(name).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u);
        expect(name).not.toMatch(/^[.\s]|\s$/);
        expect(name).toMatch(/[\p{L}\p{N}]/u);
        const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
        expect(ATTACHMENT_TYPES[contentType].extensions as readonly string[]).toContain(extension);
        expect(sanitizeFileName(name, contentType)).toBe(name); // idempotent
      }),
    );
  });

  test('the download header carries the exact name and an ASCII fallback', () => {
    expect(contentDisposition('inline', 'Foto "jalan" café.jpg')).toBe(
      `inline; filename="Foto _jalan_ cafe.jpg"; filename*=UTF-8''Foto%20%22jalan%22%20caf%C3%A9.jpg`,
    );
  });

  test('object keys are made of ids only', () => {
    expect(pendingObjectKey('BLR-7K2M9Q4X1Z', 'a1b2')).toBe('uploads/pending/BLR-7K2M9Q4X1Z/a1b2');
    expect(attachmentObjectKey('BLR-7K2M9Q4X1Z', 'a1b2')).toBe('attachments/BLR-7K2M9Q4X1Z/a1b2');
  });
});

describe('checkRequest: type (415), size (413), name (400), in that order', () => {
  const limits = { maxBytes: 10 * 1024 * 1024, maxPerComplaint: 5 };
  const refusal = (request: { fileName: string; contentType: string; size: number }) => {
    try {
      checkRequest(request, limits);
    } catch (error) {
      return (error as DomainError).code;
    }
    return 'accepted';
  };

  test('accepted types, case and surrounding space aside', () => {
    expect(checkRequest({ fileName: 'a.JPG', contentType: ' Image/JPEG ', size: 1 }, limits)).toEqual({ contentType: 'image/jpeg', fileName: 'a.JPG' });
  });

  test.each([
    [{ fileName: 'a.gif', contentType: 'image/gif', size: 10 }, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ fileName: 'a.svg', contentType: 'image/svg+xml', size: 10 }, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ fileName: 'a.exe', contentType: 'application/x-msdownload', size: 10 }, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ fileName: 'a.jpg', contentType: 'image/jpeg; charset=binary', size: 10 }, 'UNSUPPORTED_MEDIA_TYPE'],
    [{ fileName: 'a.jpg', contentType: 'image/jpeg', size: 11 * 1024 * 1024 }, 'PAYLOAD_TOO_LARGE'],
    [{ fileName: 'a.jpg', contentType: 'image/jpeg', size: 10 * 1024 * 1024 }, 'accepted'],
    [{ fileName: '../', contentType: 'image/jpeg', size: 10 }, 'VALIDATION_FAILED'],
    [{ fileName: '../', contentType: 'image/gif', size: 11 * 1024 * 1024 }, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('%j → %s', (request, code) => {
    expect(refusal(request)).toBe(code);
  });

  test('413 says how large a file may be', () => {
    expect(() => checkRequest({ fileName: 'a.jpg', contentType: 'image/jpeg', size: 11 * 1024 * 1024 }, limits)).toThrow(
      expect.objectContaining({ details: { limitBytes: 10 * 1024 * 1024 }, message: expect.stringContaining('10 MB') }),
    );
  });
});

// ---- rules and audiences ------------------------------------------------------------------

const NOW = new Date('2026-03-02T03:00:00Z');
const complaint = (extra: Partial<Complaint> = {}): Complaint => ({
  trackingId: 'BLR-7K2M9Q4X1Z',
  accessTokenHash: 'x',
  classification: 'PENGADUAN',
  title: 'Jalan berlubang',
  description: 'Lubang besar di depan pasar.',
  anonymous: false,
  confidential: false,
  status: 'DISPOSITIONED',
  submittedAt: '2026-03-01T01:00:00Z',
  verificationDeadline: '2026-03-04T01:00:00Z',
  version: 2,
  ...extra,
});
const disposition = (agencyId: string, status: Disposition['status'] = 'PENDING'): Disposition => ({
  trackingId: 'BLR-7K2M9Q4X1Z',
  agencyId,
  agencyName: agencyId.toUpperCase(),
  status,
  dispositionedAt: '2026-03-01T02:00:00Z',
  deadline: '2026-03-08T02:00:00Z',
  complaintTitle: 'Jalan berlubang',
  classification: 'PENGADUAN',
  submittedAt: '2026-03-01T01:00:00Z',
  version: 1,
});
const record = (extra: Partial<Complaint> = {}, dispositions = [disposition('dpupr'), disposition('dinkes', 'RETURNED')]): ComplaintRecord => ({
  complaint: complaint(extra),
  dispositions,
  timeline: [],
});
let next = 0;
const file = (extra: Partial<Attachment> = {}): Attachment => ({
  trackingId: 'BLR-7K2M9Q4X1Z',
  attachmentId: `att-${++next}`,
  fileName: `Foto_Budi_${next}.jpg`,
  contentType: 'image/jpeg',
  size: 1000,
  state: 'READY',
  uploadedBy: { role: 'reporter' },
  createdAt: '2026-03-01T01:10:00Z',
  uploadExpiresAt: '2026-03-01T01:20:00Z',
  completedAt: `2026-03-01T01:1${next % 10}:00Z`,
  public: false,
  ...extra,
});

describe('who sees which attachment', () => {
  const reporterFile = file({ public: true, publicVariant: 'STRIPPED' });
  const dpuprFile = file({ uploadedBy: { role: 'agency', agencyId: 'dpupr' } });
  const dlhFile = file({ uploadedBy: { role: 'agency', agencyId: 'dlh' } });
  const pending = file({ state: 'PENDING', completedAt: undefined, public: true });
  const all = [reporterFile, dpuprFile, dlhFile, pending];
  const ids = (list: Attachment[]) => list.map((a) => a.attachmentId);

  test('the reporter and the coordinator: every listed file, never a pending one', () => {
    for (const kind of ['reporter', 'admin'] as const) {
      expect(ids(visibleAttachments(record(), all, { kind }))).toEqual(ids([reporterFile, dpuprFile, dlhFile]));
    }
  });

  test("an agency with an active disposition: the reporter's files and its own; others' never", () => {
    const withDlh = record({}, [disposition('dpupr'), disposition('dlh', 'COMPLETED')]);
    expect(ids(visibleAttachments(withDlh, all, { kind: 'agency', agencyId: 'dpupr' }))).toEqual(ids([reporterFile, dpuprFile]));
    expect(ids(visibleAttachments(withDlh, all, { kind: 'agency', agencyId: 'dlh' }))).toEqual(ids([reporterFile, dlhFile]));
  });

  test('an agency without one (never had it, or returned it): nothing', () => {
    expect(visibleAttachments(record(), all, { kind: 'agency', agencyId: 'dinkes' })).toEqual([]);
    expect(visibleAttachments(record(), all, { kind: 'agency', agencyId: 'dlh' })).toEqual([]);
  });

  test('the public: only released files, only when the coordinator released them, never of a confidential complaint', () => {
    expect(visibleAttachments(record(), all, { kind: 'public' })).toEqual([]);
    expect(ids(visibleAttachments(record({ publicAttachments: true }), all, { kind: 'public' }))).toEqual(ids([reporterFile]));
    expect(visibleAttachments(record({ publicAttachments: true, confidential: true }), all, { kind: 'public' })).toEqual([]);
    expect(visibleAttachments(record({ publicAttachments: false }), all, { kind: 'public' })).toEqual([]);
  });

  test('the public: an image only once its metadata is known to be gone; a PDF as it is', () => {
    const released = record({ publicAttachments: true });
    const unchecked = file({ public: true }); // completed before stripping, or not followable
    const clean = file({ public: true, publicVariant: 'ORIGINAL' });
    const pdf = file({ public: true, contentType: 'application/pdf', fileName: 'surat.pdf' });
    expect(ids(visibleAttachments(released, [unchecked, clean, pdf, reporterFile], { kind: 'public' })).sort()).toEqual(ids([clean, pdf, reporterFile]).sort());
    expect(downloadObjectKey(reporterFile, 'public')).toBe(`attachments/${reporterFile.trackingId}/${reporterFile.attachmentId}.public`);
    expect(downloadObjectKey(clean, 'public')).toBe(`attachments/${clean.trackingId}/${clean.attachmentId}`);
    for (const kind of ['reporter', 'admin', 'agency'] as const) {
      expect(downloadObjectKey(reporterFile, kind)).toBe(`attachments/${reporterFile.trackingId}/${reporterFile.attachmentId}`);
    }
  });

  test("an anonymous reporter's file names reach only them and the coordinator", () => {
    const anonymous = record({ anonymous: true });
    expect(shownFileName(anonymous, reporterFile, 0, { kind: 'reporter' })).toBe(reporterFile.fileName);
    expect(shownFileName(anonymous, reporterFile, 0, { kind: 'admin' })).toBe(reporterFile.fileName);
    expect(shownFileName(anonymous, reporterFile, 0, { kind: 'agency', agencyId: 'dpupr' })).toBe('lampiran-1.jpg');
    expect(shownFileName(anonymous, reporterFile, 2, { kind: 'public' })).toBe('lampiran-3.jpg');
    expect(shownFileName(anonymous, dpuprFile, 1, { kind: 'public' })).toBe(dpuprFile.fileName);
    expect(shownFileName(record(), reporterFile, 0, { kind: 'public' })).toBe(reporterFile.fileName);
  });

  test('the views apply the same rules to the links they are given, whoever the links were made for', () => {
    const anonymous = record({ anonymous: true, publicAttachments: true });
    const links = all.map((attachment) => ({ attachment, fileName: attachment.fileName, url: `https://s3.example/${attachment.attachmentId}`, expiresAt: NOW.toISOString() }));
    const agency = toAgencyView(anonymous, 'dpupr', links)!;
    expect(agency.attachments.map((a) => [a.attachmentId, a.fileName])).toEqual([
      [reporterFile.attachmentId, 'lampiran-1.jpg'],
      [dpuprFile.attachmentId, dpuprFile.fileName],
    ]);
    expect(toPublicView(anonymous, links)!.attachments.map((a) => a.fileName)).toEqual(['lampiran-1.jpg']);
    expect(toPublicView({ ...anonymous, complaint: { ...anonymous.complaint, confidential: true } }, links)).toBeUndefined();
    expect(toReporterView(anonymous, links, { now: NOW, settings: DEFAULT_SETTINGS }).attachments.map((a) => a.fileName)).toEqual([reporterFile.fileName, dpuprFile.fileName, dlhFile.fileName]);
    const admin = toAdminView(anonymous, links);
    expect(admin.attachments.map((a) => [a.fileName, a.public])).toEqual([
      [reporterFile.fileName, true],
      [dpuprFile.fileName, false],
      [dlhFile.fileName, false],
    ]);
    expect(JSON.stringify(agency)).not.toContain(reporterFile.fileName);
  });

  test('releasing at verification marks the listed files, records the decision, and leaves pending ones', () => {
    const change: ChangeSet = {
      complaint: complaint({ version: 3 }),
      dispositions: [],
      timeline: [{ trackingId: 'BLR-7K2M9Q4X1Z', seq: '000003.00', at: NOW.toISOString(), type: 'VERIFIED', actor: { role: 'admin', userId: 'u' }, details: { action: 'DISPOSITION' } }],
      counters: [],
    };
    const { change: released, changed } = releaseAttachments(change, [reporterFile, dpuprFile, pending], true);
    expect(released.complaint.publicAttachments).toBe(true);
    expect(released.timeline[0]!.details).toEqual({ action: 'DISPOSITION', publicAttachments: true });
    // reporterFile was already public: only dpuprFile changes.
    expect(changed).toEqual([{ ...dpuprFile, public: true }]);
    expect(change.complaint.publicAttachments).toBeUndefined(); // the input is not modified
    expect(releaseAttachments(change, [reporterFile, dpuprFile], false).changed).toEqual([{ ...reporterFile, public: false }]);
  });
});

describe('limits and states', () => {
  const limits = { maxBytes: 1000, maxPerComplaint: 2 };

  test('listed files and uploads whose link still works count; expired uploads do not', () => {
    const live = file({ state: 'PENDING', uploadExpiresAt: new Date(NOW.getTime() + 60_000).toISOString() });
    const expired = file({ state: 'PENDING', uploadExpiresAt: new Date(NOW.getTime() - 1).toISOString() });
    expect(() => assertRoomFor([file(), expired, expired], limits, NOW)).not.toThrow();
    expect(() => assertRoomFor([file(), live], limits, NOW)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });

  test('the reporter may attach until the complaint is closed; an agency only with an active disposition', () => {
    for (const status of ['SUBMITTED', 'ON_HOLD', 'DISPOSITIONED', 'IN_PROGRESS', 'RETURNED', 'ESCALATED'] as const) {
      expect(() => assertMayAttach(record({ status }), { role: 'reporter' })).not.toThrow();
    }
    for (const status of ['ARCHIVED', 'NOT_AUTHORITY', 'COMPLETED'] as const) {
      expect(() => assertMayAttach(record({ status }), { role: 'reporter' })).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    }
    expect(() => assertMayAttach(record(), { role: 'agency', agencyId: 'dpupr' })).not.toThrow();
    expect(() => assertMayAttach(record(), { role: 'agency', agencyId: 'dinkes' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => assertMayAttach(record(), { role: 'agency', agencyId: 'dlh' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
