// Files are checked on the device before anything is sent: type by the file's first bytes (a
// renamed .exe is not a photo), size against the region's limit; photos are made smaller.

export type FileType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

export interface PreparedFile {
  key: string;
  name: string;
  type: FileType;
  blob: Blob;
}

export type FileProblem = { kind: 'type' | 'size' | 'unreadable'; name: string };

/** Longest side of a photo after resizing on the phone. */
export const MAX_PHOTO_SIDE = 1600;

export async function sniffType(file: Blob): Promise<FileType | undefined> {
  const b = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const ascii = (from: number, to: number) => String.fromCharCode(...b.slice(from, to));
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'image/png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  return undefined;
}

export async function prepareFile(file: File, maxBytes: number, key: string): Promise<PreparedFile | FileProblem> {
  if (file.size > maxBytes) return { kind: 'size', name: file.name };
  let type: FileType | undefined;
  try {
    type = await sniffType(file);
  } catch {
    return { kind: 'unreadable', name: file.name };
  }
  if (!type) return { kind: 'type', name: file.name };
  const blob = type === 'application/pdf' ? file : await resizePhoto(file, type);
  if (blob.size > maxBytes) return { kind: 'size', name: file.name };
  return { key, name: file.name, type, blob };
}

/** A photo whose longest side is above MAX_PHOTO_SIDE is redrawn smaller; others are sent as they are. */
export async function resizePhoto(file: Blob, type: FileType): Promise<Blob> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file;
  }
  const longest = Math.max(bitmap.width, bitmap.height);
  if (longest <= MAX_PHOTO_SIDE) {
    bitmap.close();
    return file;
  }
  const scale = MAX_PHOTO_SIDE / longest;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.85));
  return blob ?? file;
}
