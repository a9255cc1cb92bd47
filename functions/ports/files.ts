/** A large download written piece by piece, then handed out as a short-lived link. */
export interface FileUpload {
  write(chunk: string): Promise<void>;
  /** Completes the upload and returns a time-limited download URL. */
  finish(): Promise<{ url: string; expiresAt: string; bytes: number }>;
  abort(): Promise<void>;
}

/** A short-lived presigned link. */
export interface SignedUrl {
  url: string;
  expiresAt: string;
}

/** What the store says about an object, without reading it. */
export interface StoredObject {
  size: number;
  /** Changes whenever the object's content does: binds later reads and copies to what was checked. */
  etag?: string;
  contentType?: string;
}

export interface FileStore {
  startUpload(key: string, contentType: string, downloadName: string): FileUpload;
  /**
   * A presigned PUT for exactly this content type and length: both are part of the signature, so
   * the store refuses an upload with any other (S3 does; the local stand-in does not check).
   */
  uploadUrl(key: string, upload: { contentType: string; size: number; expiresInSeconds: number }): Promise<SignedUrl>;
  /** A presigned GET that serves the object as `contentType` under the download name `fileName`. */
  downloadUrl(key: string, fileName: string, options: { contentType: string; expiresInSeconds: number }): Promise<SignedUrl>;
  /** undefined when there is no such object. */
  head(key: string): Promise<StoredObject | undefined>;
  /** The first `count` bytes (fewer if the object is shorter), read with a ranged GET; refused if the etag moved. */
  readFirstBytes(key: string, count: number, ifMatch?: string): Promise<Uint8Array>;
  /** The whole object (attachments are at most a few MB); refused if the etag moved. */
  read(key: string, ifMatch?: string): Promise<Uint8Array>;
  /** Writes an object the function made itself (a photo without its metadata). */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** Server-side copy, stored as `contentType`; refused if the source's etag moved. Returns the copy's etag. */
  copy(fromKey: string, toKey: string, options: { contentType: string; ifMatch?: string }): Promise<{ etag?: string }>;
  /** Deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
}

/** The source changed between the check and the read or copy (S3's 412 Precondition Failed). */
export class ObjectChangedError extends Error {
  override name = 'ObjectChangedError';
}
