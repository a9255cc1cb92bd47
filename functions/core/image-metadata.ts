// Strips what a photo says about where and with what it was taken (EXIF: GPS position, camera
// make and model, serial numbers, time; XMP; IPTC; comments) before the public sees it. Pure:
// bytes in, bytes out. It walks the container's own structure (JPEG segments, PNG chunks, WebP
// RIFF chunks) and drops the metadata ones; the image data is copied untouched, so nothing is
// re-encoded and nothing of the picture is lost.
//
// Why not a library: the kept candidates either re-encode (jimp: slow, memory-heavy for 10 MB
// photos, loses quality) or mis-handle WebP (exif-be-gone 1.5.1 cuts WebP chunks 4 bytes too long
// and leaves the RIFF size and the VP8X flags stale). This is ~150 lines we test ourselves.

export class ImageMetadataError extends Error {
  override name = 'ImageMetadataError';
}

export interface StrippedImage {
  bytes: Uint8Array;
  /** What was dropped (segment or chunk names); empty when the image carried no metadata. */
  removed: string[];
}

export const STRIPPABLE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const isStrippable = (contentType: string): boolean => (STRIPPABLE_TYPES as readonly string[]).includes(contentType);

/** The image without its metadata; throws ImageMetadataError when the structure cannot be followed. */
export function stripImageMetadata(bytes: Uint8Array, contentType: string): StrippedImage {
  switch (contentType) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/webp':
      return stripWebp(bytes);
    default:
      throw new ImageMetadataError(`${contentType} is not an image type this strips`);
  }
}

// ---- JPEG ----------------------------------------------------------------------------------------

const ascii = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));

/**
 * Keeps APP0 (JFIF), APP2 only as ICC_PROFILE (colours), APP14 (Adobe: needed to decode CMYK), and
 * every decoding segment. Drops APP1 (EXIF, XMP), the other APPn (IPTC in APP13, MPF, maker data),
 * COM, and anything after EOI (phones append trailers with more metadata there). The EXIF
 * orientation is kept, alone, so a phone photo is not shown on its side.
 */
function stripJpeg(bytes: Uint8Array): StrippedImage {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new ImageMetadataError('not a JPEG (no SOI marker)');
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed: string[] = [];
  let orientation: number | undefined;
  let pos = 2;
  let ended = false;
  while (pos < bytes.length && !ended) {
    if (bytes[pos] !== 0xff) throw new ImageMetadataError(`expected a marker at byte ${pos}`);
    while (bytes[pos + 1] === 0xff) pos++; // fill bytes
    const marker = bytes[pos + 1];
    if (marker === undefined) throw new ImageMetadataError('truncated marker');
    if (marker === 0xd9) {
      kept.push(bytes.subarray(pos, pos + 2));
      if (pos + 2 < bytes.length) removed.push('trailer');
      ended = true;
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(bytes.subarray(pos, pos + 2));
      pos += 2;
      continue;
    }
    if (pos + 4 > bytes.length) throw new ImageMetadataError('truncated segment header');
    const end = pos + 2 + ((bytes[pos + 2]! << 8) | bytes[pos + 3]!);
    if (end > bytes.length || end < pos + 4) throw new ImageMetadataError(`segment at byte ${pos} overruns the file`);
    const name = segmentName(marker);
    if (keepSegment(marker, bytes, pos)) {
      kept.push(bytes.subarray(pos, end));
    } else {
      if (marker === 0xe1 && ascii(bytes, pos + 4, 6) === 'Exif\0\0') orientation ??= exifOrientation(bytes.subarray(pos + 10, end));
      removed.push(name);
    }
    pos = end;
    if (marker === 0xda) {
      // The scan's compressed data, copied as it is, up to the next marker.
      const scanEnd = entropyEnd(bytes, pos);
      kept.push(bytes.subarray(pos, scanEnd));
      pos = scanEnd;
    }
  }
  if (!ended) throw new ImageMetadataError('no EOI marker: the JPEG is truncated');
  if (removed.length === 0) return { bytes, removed };
  if (orientation !== undefined && orientation !== 1) kept.splice(1, 0, orientationSegment(orientation));
  return { bytes: concat(kept), removed };
}

function segmentName(marker: number): string {
  if (marker >= 0xe0 && marker <= 0xef) return `APP${marker - 0xe0}`;
  if (marker === 0xfe) return 'COM';
  return `0x${marker.toString(16)}`;
}

function keepSegment(marker: number, bytes: Uint8Array, pos: number): boolean {
  if (marker === 0xe0 || marker === 0xee) return true;
  if (marker === 0xe2) return ascii(bytes, pos + 4, 12) === 'ICC_PROFILE\0';
  return !(marker >= 0xe1 && marker <= 0xef) && marker !== 0xfe;
}

/** Where the entropy-coded data after an SOS header ends: the next marker that is not a stuffed byte or a restart. */
function entropyEnd(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    const next = bytes[i + 1]!;
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return i;
  }
  throw new ImageMetadataError('no marker after the scan data: the JPEG is truncated');
}

/** The Orientation tag (0x0112) of IFD0 in an EXIF TIFF block, if it is there and readable. */
function exifOrientation(tiff: Uint8Array): number | undefined {
  if (tiff.length < 8) return undefined;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!little && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return undefined;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (view.getUint16(entry, little) === 0x0112 && view.getUint16(entry + 2, little) === 3) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** An APP1 EXIF segment holding the orientation and nothing else (big-endian TIFF, one IFD entry). */
function orientationSegment(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const payload = [...'Exif\0\0'].map((c) => c.charCodeAt(0)).concat(tiff);
  const length = payload.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...payload]);
}

// ---- PNG -----------------------------------------------------------------------------------------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Text (tEXt, zTXt, iTXt: XMP and comments go here), EXIF (eXIf) and the modification time. */
const PNG_METADATA = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function stripPng(bytes: Uint8Array): StrippedImage {
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new ImageMetadataError('not a PNG (no signature)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  const removed: string[] = [];
  let pos = 8;
  for (;;) {
    if (pos + 12 > bytes.length) throw new ImageMetadataError('no IEND chunk: the PNG is truncated');
    const end = pos + 12 + view.getUint32(pos);
    if (end > bytes.length) throw new ImageMetadataError(`chunk at byte ${pos} overruns the file`);
    const type = ascii(bytes, pos + 4, 4);
    // Each chunk carries its own CRC, so leaving one out needs no other change.
    if (PNG_METADATA.has(type)) removed.push(type);
    else kept.push(bytes.subarray(pos, end));
    pos = end;
    if (type === 'IEND') break;
  }
  if (pos < bytes.length) removed.push('trailer');
  return removed.length === 0 ? { bytes, removed } : { bytes: concat(kept), removed };
}

// ---- WebP ----------------------------------------------------------------------------------------

function stripWebp(bytes: Uint8Array): StrippedImage {
  if (ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') throw new ImageMetadataError('not a WebP (no RIFF WEBP header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = Math.min(bytes.length, 8 + view.getUint32(4, true));
  const kept: Uint8Array[] = [];
  const removed: string[] = [];
  let pos = 12;
  while (pos + 8 <= riffEnd) {
    const size = view.getUint32(pos + 4, true);
    const end = pos + 8 + size + (size & 1);
    if (pos + 8 + size > riffEnd) throw new ImageMetadataError(`chunk at byte ${pos} overruns the file`);
    const type = ascii(bytes, pos, 4);
    if (type === 'EXIF' || type === 'XMP ') removed.push(type.trim());
    else kept.push(bytes.slice(pos, Math.min(end, riffEnd)));
    pos = end;
  }
  if (removed.length === 0) return { bytes, removed };
  // VP8X announces EXIF (0x08) and XMP (0x04) in its flags: they must go with the chunks.
  const vp8x = kept.find((c) => ascii(c, 0, 4) === 'VP8X');
  if (vp8x && vp8x.length > 8) vp8x[8] = vp8x[8]! & ~0x0c;
  const body = concat(kept);
  const out = new Uint8Array(12 + body.length);
  out.set(bytes.subarray(0, 12));
  new DataView(out.buffer).setUint32(4, 4 + body.length, true);
  out.set(body, 12);
  return { bytes: out, removed };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
