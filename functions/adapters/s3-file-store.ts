import { type Environment, requiredEnv } from './environment';
import { errorIn, type S3Credentials, S3SignedHttp, xmlEscape, xmlValue } from './s3/signed-http';
import { type FileStore, type FileUpload, ObjectChangedError, type SignedUrl, type StoredObject } from '../ports/files';

/** How long a download link works: long enough to start a big download, short enough not to leak. */
const DOWNLOAD_LINK_SECONDS = 15 * 60;
/** S3's smallest part (every part but the last must reach it). */
export const EXPORT_PART_BYTES = 5 * 1024 * 1024;

export class S3FileStore implements FileStore {
  constructor(private readonly s3: S3SignedHttp) {}

  /**
   * A multipart upload fed with text, written straight into two part buffers that take turns: one
   * uploads while the other fills. Memory stays at two parts whatever the export's size, and
   * nothing is left for the garbage collector. With lib-storage over a stream, every byte passed
   * through two short-lived Buffers, and V8 lets such garbage reach 64 MiB before it collects. A
   * body that never fills a part is one PutObject.
   */
  startUpload(key: string, contentType: string, downloadName: string): FileUpload {
    // Room past the part size, so a line that crosses it still fits without a new buffer.
    const capacity = EXPORT_PART_BYTES + 256 * 1024;
    const buffers = [Buffer.allocUnsafe(capacity), Buffer.allocUnsafe(capacity)];
    let filling = buffers[0]!;
    let used = 0;
    let bytes = 0;
    let uploadId: Promise<string> | undefined;
    const parts: Array<{ etag: string | undefined; number: number }> = [];
    let inFlight: Promise<void> = Promise.resolve();
    let failure: unknown;
    let closed = false;

    const startMultipart = () =>
      (uploadId ??= this.s3
        .send('POST', key, { query: { uploads: '' }, headers: { 'content-type': contentType } })
        .then((response) => response.text())
        .then((xml) => {
          const id = xmlValue(xml, 'UploadId');
          if (!id) throw new Error('S3 answered CreateMultipartUpload without an UploadId');
          return id;
        }));
    /** Sends the filling buffer as the next part and hands the other one over for filling. */
    const sendPart = async () => {
      // The other buffer is still the body of the part in flight until that part is done.
      await inFlight;
      if (failure) throw failure;
      const body = filling.subarray(0, used);
      const part = { etag: undefined as string | undefined, number: parts.length + 1 };
      parts.push(part);
      inFlight = startMultipart()
        .then((id) => this.s3.send('PUT', key, { query: { 'x-id': 'UploadPart', partNumber: String(part.number), uploadId: id }, headers: { 'content-type': 'application/octet-stream' }, body }))
        .then(async (response) => {
          await response.arrayBuffer();
          part.etag = response.headers.get('etag') ?? undefined;
        })
        .catch((error: unknown) => {
          failure ??= error;
        });
      filling = filling === buffers[0] ? buffers[1]! : buffers[0]!;
      used = 0;
    };
    const link = async () => ({
      url: await this.signedDownload(key, downloadName),
      expiresAt: new Date(Date.now() + DOWNLOAD_LINK_SECONDS * 1000).toISOString(),
      bytes,
    });

    return {
      write: async (chunk) => {
        if (closed) throw new Error('write after finish or abort');
        if (failure) throw failure;
        const size = Buffer.byteLength(chunk);
        if (used + size > filling.length) {
          // Only a single chunk bigger than the spare room gets here: give it a buffer of its own.
          const larger = Buffer.allocUnsafe(used + size);
          filling.copy(larger, 0, 0, used);
          if (filling === buffers[0]) buffers[0] = larger;
          else buffers[1] = larger;
          filling = larger;
        }
        used += filling.write(chunk, used, 'utf8');
        bytes += size;
        if (used >= EXPORT_PART_BYTES) await sendPart();
      },
      finish: async () => {
        closed = true;
        if (!uploadId) {
          await drain(this.s3.send('PUT', key, { query: { 'x-id': 'PutObject' }, headers: { 'content-type': contentType }, body: filling.subarray(0, used) }));
          return link();
        }
        if (used > 0) await sendPart();
        await inFlight;
        if (failure) throw failure;
        const response = await this.s3.send('POST', key, {
          query: { uploadId: await uploadId },
          headers: { 'content-type': 'application/xml' },
          body: Buffer.from(completeUploadXml(parts), 'utf8'),
        });
        // S3 may answer 200 and still fail the completion in the body.
        const answer = await response.text();
        const error = errorIn(response.status, answer);
        if (error) throw error;
        return link();
      },
      abort: async () => {
        closed = true;
        await inFlight;
        if (!uploadId) return;
        const id = await uploadId.catch(() => undefined);
        if (id) await drain(this.s3.send('DELETE', key, { query: { 'x-id': 'AbortMultipartUpload', uploadId: id } })).catch(() => undefined);
      },
    };
  }

  private signedDownload(key: string, downloadName: string): Promise<string> {
    return this.s3.presign('GET', key, {
      query: { 'x-id': 'GetObject', 'response-content-disposition': `attachment; filename="${downloadName}"` },
      expiresIn: DOWNLOAD_LINK_SECONDS,
    });
  }

  // ---- attachments: presigned PUT/GET, and the checks before a file is listed ----------------
  // The local stand-in (s3rver) verifies no signature and no If-Match: there, the checks the
  // attachment service makes at completion (size, magic bytes, etag of the copy) are what hold.

  async uploadUrl(key: string, upload: { contentType: string; size: number; expiresInSeconds: number }): Promise<SignedUrl> {
    const url = await this.s3.presign('PUT', key, {
      query: { 'x-id': 'PutObject' },
      headers: { 'content-type': upload.contentType, 'content-length': String(upload.size) },
      expiresIn: upload.expiresInSeconds,
      // The presigner leaves Content-Type unsigned by default; signing both means S3 refuses an
      // upload of another type or length (SignatureDoesNotMatch) instead of storing it.
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return { url, expiresAt: new Date(Date.now() + upload.expiresInSeconds * 1000).toISOString() };
  }

  async downloadUrl(key: string, fileName: string, options: { contentType: string; expiresInSeconds: number }): Promise<SignedUrl> {
    const url = await this.s3.presign('GET', key, {
      query: { 'x-id': 'GetObject', 'response-content-disposition': contentDisposition('inline', fileName), 'response-content-type': options.contentType },
      expiresIn: options.expiresInSeconds,
    });
    return { url, expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString() };
  }

  async head(key: string): Promise<StoredObject | undefined> {
    // Without s3:ListBucket (which no function gets), S3 answers a HEAD of a missing key with
    // 403, not 404. The functions that call this hold s3:GetObject on the prefix they ask
    // about, so a 403 here means "not there".
    const response = await this.s3.send('HEAD', key, { accept: [403, 404] });
    if (!response.ok) return undefined;
    const etag = response.headers.get('etag');
    const contentType = response.headers.get('content-type');
    return {
      size: Number(response.headers.get('content-length') ?? 0),
      ...(etag && { etag }),
      ...(contentType && { contentType }),
    };
  }

  async readFirstBytes(key: string, count: number, ifMatch?: string): Promise<Uint8Array> {
    const response = await this.s3.send('GET', key, {
      query: { 'x-id': 'GetObject' },
      headers: { range: `bytes=0-${count - 1}`, ...(ifMatch && { 'if-match': ifMatch }) },
      accept: [412, 416],
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status === 416) return new Uint8Array();
    if (response.status === 412) throw new ObjectChangedError(`${key} changed since it was checked`);
    // A server that ignores Range would send everything: keep only what was asked for.
    return bytes.subarray(0, count);
  }

  async read(key: string, ifMatch?: string): Promise<Uint8Array> {
    const response = await this.s3.send('GET', key, { query: { 'x-id': 'GetObject' }, headers: { ...(ifMatch && { 'if-match': ifMatch }) }, accept: [412] });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status === 412) throw new ObjectChangedError(`${key} changed since it was checked`);
    return bytes;
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await drain(this.s3.send('PUT', key, { query: { 'x-id': 'PutObject' }, headers: { 'content-type': contentType }, body }));
  }

  async copy(fromKey: string, toKey: string, options: { contentType: string; ifMatch?: string }): Promise<{ etag?: string }> {
    const response = await this.s3.send('PUT', toKey, {
      query: { 'x-id': 'CopyObject' },
      headers: {
        'x-amz-copy-source': this.s3.copySource(fromKey),
        'x-amz-metadata-directive': 'REPLACE',
        'content-type': options.contentType,
        ...(options.ifMatch && { 'x-amz-copy-source-if-match': options.ifMatch }),
      },
      accept: [412],
    });
    const xml = await response.text();
    if (response.status === 412) throw new ObjectChangedError(`${fromKey} changed since it was checked`);
    // S3 may answer 200 and still fail the copy in the body.
    const error = errorIn(response.status, xml);
    if (error) throw error;
    const etag = xmlValue(xml, 'ETag');
    return etag ? { etag } : {};
  }

  async delete(key: string): Promise<void> {
    await drain(this.s3.send('DELETE', key, { query: { 'x-id': 'DeleteObject' } }));
  }
}

/** CompleteMultipartUpload's body, as the S3 client serializes it. */
export function completeUploadXml(parts: ReadonlyArray<{ etag: string | undefined; number: number }>): string {
  const items = parts.map((p) => `<Part>${p.etag ? `<ETag>${xmlEscape(p.etag)}</ETag>` : ''}<PartNumber>${p.number}</PartNumber></Part>`);
  return `<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${items.join('')}</CompleteMultipartUpload>`;
}

/** Reads a response to its end, so its connection goes back to the pool. */
async function drain(response: Promise<Response>): Promise<void> {
  await (await response).arrayBuffer();
}

/**
 * Content-Disposition with the display name: an ASCII fallback for old clients and the exact
 * name as RFC 5987 UTF-8 (Indonesian names are mostly ASCII, but not always).
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The credentials of a function's environment: on Lambda they are always environment variables. */
function environmentCredentials(env: Environment): S3Credentials {
  return {
    accessKeyId: requiredEnv(env, 'AWS_ACCESS_KEY_ID'),
    secretAccessKey: requiredEnv(env, 'AWS_SECRET_ACCESS_KEY'),
    ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }),
  };
}

/** The local S3 stand-in (s3rver) takes any signature; fixed credentials keep real ones out of it. */
export const S3_LOCAL_CREDENTIALS: S3Credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The file store of a function's environment: FILES_BUCKET, and S3_ENDPOINT for s3rver. */
export function s3FileStore(env: Environment): FileStore {
  const region = env.AWS_REGION ?? 'ap-southeast-3';
  return new S3FileStore(
    new S3SignedHttp({
      bucket: requiredEnv(env, 'FILES_BUCKET'),
      region,
      ...(env.S3_ENDPOINT ? { endpoint: env.S3_ENDPOINT, credentials: S3_LOCAL_CREDENTIALS } : { credentials: environmentCredentials(env) }),
    }),
  );
}
