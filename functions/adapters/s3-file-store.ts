import { PassThrough } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FileStore, FileUpload } from '../ports/files';

/** How long a download link works: long enough to start a big download, short enough not to leak. */
const DOWNLOAD_LINK_SECONDS = 15 * 60;

export class S3FileStore implements FileStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  startUpload(key: string, contentType: string, downloadName: string): FileUpload {
    const body = new PassThrough();
    // Multipart upload in 5 MiB parts, two in flight: memory stays bounded whatever the size.
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    });
    const done = upload.done();
    done.catch(() => undefined); // surfaced by finish() or abort()
    let bytes = 0;
    return {
      write: async (chunk) => {
        bytes += Buffer.byteLength(chunk);
        if (!body.write(chunk)) await new Promise<void>((resolve) => body.once('drain', () => resolve()));
      },
      finish: async () => {
        body.end();
        await done;
        const url = await getSignedUrl(
          this.client,
          new GetObjectCommand({
            Bucket: this.bucket,
            Key: key,
            ResponseContentDisposition: `attachment; filename="${downloadName}"`,
          }),
          { expiresIn: DOWNLOAD_LINK_SECONDS },
        );
        return { url, expiresAt: new Date(Date.now() + DOWNLOAD_LINK_SECONDS * 1000).toISOString(), bytes };
      },
      abort: async () => {
        await upload.abort().catch(() => undefined);
        body.destroy();
      },
    };
  }
}

/** `endpoint` is set only for the local S3 stand-in (s3rver), which needs path-style addressing. */
export function createS3Client(options: { endpoint?: string; region?: string } = {}): S3Client {
  return new S3Client({
    ...(options.region && { region: options.region }),
    ...(options.endpoint && {
      endpoint: options.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      region: options.region ?? 'ap-southeast-3',
    }),
  });
}
