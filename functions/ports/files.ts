/** A large download written piece by piece, then handed out as a short-lived link. */
export interface FileUpload {
  write(chunk: string): Promise<void>;
  /** Completes the upload and returns a time-limited download URL. */
  finish(): Promise<{ url: string; expiresAt: string; bytes: number }>;
  abort(): Promise<void>;
}

export interface FileStore {
  startUpload(key: string, contentType: string, downloadName: string): FileUpload;
}
