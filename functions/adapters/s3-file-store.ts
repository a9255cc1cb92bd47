import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type Environment, requiredEnv } from './environment';
import { type FileStore, type FileUpload, ObjectChangedError, type SignedUrl, type StoredObject } from '../ports/files';

/** How long a download link works: long enough to start a big download, short enough not to leak. */
const DOWNLOAD_LINK_SECONDS = 15 * 60;
/** S3's smallest part (every part but the last must reach it). */
export const EXPORT_PART_BYTES = 5 * 1024 * 1024;

export class S3FileStore implements FileStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /**
   * A multipart upload fed with text, written straight into two part buffers that take turns: one
   * uploads while the other fills. Memory stays at two parts whatever the export's size, and
   * nothing is left for the garbage collector. With lib-storage over a stream, every byte passed
   * through two short-lived Buffers, and V8 lets such garbage reach 64 MiB before it collects. A
   * body that never fills a part is one PutObject.
   */
  startUpload(key: string, contentType: string, downloadName: string): FileUpload {
    const target = { Bucket: this.bucket, Key: key };
    // Room past the part size, so a line that crosses it still fits without a new buffer.
    const capacity = EXPORT_PART_BYTES + 256 * 1024;
    const buffers = [Buffer.allocUnsafe(capacity), Buffer.allocUnsafe(capacity)];
    let filling = buffers[0]!;
    let used = 0;
    let bytes = 0;
    let uploadId: Promise<string> | undefined;
    const parts: Array<{ ETag: string | undefined; PartNumber: number }> = [];
    let inFlight: Promise<void> = Promise.resolve();
    let failure: unknown;
    let closed = false;

    const startMultipart = () =>
      (uploadId ??= this.client
        .send(new CreateMultipartUploadCommand({ ...target, ContentType: contentType }))
        .then(({ UploadId }) => {
          if (!UploadId) throw new Error('S3 answered CreateMultipartUpload without an UploadId');
          return UploadId;
        }));
    /** Sends the filling buffer as the next part and hands the other one over for filling. */
    const sendPart = async () => {
      // The other buffer is still the body of the part in flight until that part is done.
      await inFlight;
      if (failure) throw failure;
      const body = filling.subarray(0, used);
      const part = { ETag: undefined as string | undefined, PartNumber: parts.length + 1 };
      parts.push(part);
      inFlight = startMultipart()
        .then((UploadId) => this.client.send(new UploadPartCommand({ ...target, UploadId, PartNumber: part.PartNumber, Body: body })))
        .then(({ ETag }) => {
          part.ETag = ETag;
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
          await this.client.send(new PutObjectCommand({ ...target, ContentType: contentType, Body: filling.subarray(0, used) }));
          return link();
        }
        if (used > 0) await sendPart();
        await inFlight;
        if (failure) throw failure;
        await this.client.send(
          new CompleteMultipartUploadCommand({ ...target, UploadId: await uploadId, MultipartUpload: { Parts: parts } }),
        );
        return link();
      },
      abort: async () => {
        closed = true;
        await inFlight;
        if (!uploadId) return;
        const UploadId = await uploadId.catch(() => undefined);
        if (UploadId) await this.client.send(new AbortMultipartUploadCommand({ ...target, UploadId })).catch(() => undefined);
      },
    };
  }

  private signedDownload(key: string, downloadName: string): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: `attachment; filename="${downloadName}"` }),
      { expiresIn: DOWNLOAD_LINK_SECONDS },
    );
  }

  // ---- attachments: presigned PUT/GET, and the checks before a file is listed ----------------
  // The local stand-in (s3rver) verifies no signature and no If-Match: there, the checks the
  // attachment service makes at completion (size, magic bytes, etag of the copy) are what hold.

  async uploadUrl(key: string, upload: { contentType: string; size: number; expiresInSeconds: number }): Promise<SignedUrl> {
    const url = await getSignedUrl(
      this.client,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: upload.contentType, ContentLength: upload.size }),
      {
        expiresIn: upload.expiresInSeconds,
        // The presigner leaves Content-Type unsigned by default; signing both means S3 refuses an
        // upload of another type or length (SignatureDoesNotMatch) instead of storing it.
        signableHeaders: new Set(['content-type', 'content-length']),
      },
    );
    return { url, expiresAt: new Date(Date.now() + upload.expiresInSeconds * 1000).toISOString() };
  }

  async downloadUrl(key: string, fileName: string, options: { contentType: string; expiresInSeconds: number }): Promise<SignedUrl> {
    const url = await getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: options.contentType,
        ResponseContentDisposition: contentDisposition('inline', fileName),
      }),
      { expiresIn: options.expiresInSeconds },
    );
    return { url, expiresAt: new Date(Date.now() + options.expiresInSeconds * 1000).toISOString() };
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        size: result.ContentLength ?? 0,
        ...(result.ETag && { etag: result.ETag }),
        ...(result.ContentType && { contentType: result.ContentType }),
      };
    } catch (error) {
      // Without s3:ListBucket (which no function gets), S3 answers a HEAD of a missing key with
      // 403, not 404. The functions that call this hold s3:GetObject on the prefix they ask
      // about, so a 403 here means "not there".
      if (isMissing(error) || statusOf(error) === 403) return undefined;
      throw error;
    }
  }

  async readFirstBytes(key: string, count: number, ifMatch?: string): Promise<Uint8Array> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${count - 1}`, ...(ifMatch && { IfMatch: ifMatch }) }),
      );
      const bytes = (await result.Body?.transformToByteArray()) ?? new Uint8Array();
      // A server that ignores Range would send everything: keep only what was asked for.
      return bytes.subarray(0, count);
    } catch (error) {
      if (statusOf(error) === 416) return new Uint8Array();
      if (statusOf(error) === 412) throw new ObjectChangedError(`${key} changed since it was checked`);
      throw error;
    }
  }

  async copy(fromKey: string, toKey: string, options: { contentType: string; ifMatch?: string }): Promise<{ etag?: string }> {
    try {
      const result = await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: toKey,
          CopySource: `${this.bucket}/${fromKey}`,
          MetadataDirective: 'REPLACE',
          ContentType: options.contentType,
          ...(options.ifMatch && { CopySourceIfMatch: options.ifMatch }),
        }),
      );
      const etag = result.CopyObjectResult?.ETag;
      return etag ? { etag } : {};
    } catch (error) {
      if (statusOf(error) === 412) throw new ObjectChangedError(`${fromKey} changed since it was checked`);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
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

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const isMissing = (error: unknown) =>
  statusOf(error) === 404 || ['NotFound', 'NoSuchKey'].includes((error as Error).name);

/** `endpoint` is set only for the local S3 stand-in (s3rver), which needs path-style addressing. */
export function createS3Client(options: { endpoint?: string; region?: string } = {}): S3Client {
  return new S3Client({
    ...(options.region && { region: options.region }),
    // No optional checksums: a presigned PUT would otherwise carry the CRC32 of an empty body in its
    // query string, and S3 would refuse the real upload for not matching it.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.endpoint && {
      endpoint: options.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      region: options.region ?? 'ap-southeast-3',
    }),
  });
}

/** The file store of a function's environment: FILES_BUCKET, and S3_ENDPOINT for s3rver. */
export function s3FileStore(env: Environment): FileStore {
  return new S3FileStore(
    createS3Client({
      ...(env.S3_ENDPOINT && { endpoint: env.S3_ENDPOINT }),
      ...(env.AWS_REGION && { region: env.AWS_REGION }),
    }),
    requiredEnv(env, 'FILES_BUCKET'),
  );
}
