// One evidence file, whoever sends it (a reporter, an agency officer): ask the API for a presigned
// URL, PUT the bytes straight to storage with progress, then ask the API to check and list it.
import type { PreparedFile } from './files';

export type UploadState = { phase: 'waiting' | 'uploading' | 'done' | 'failed'; progress: number };

export interface UploadSteps {
  /** The API's answer to "I want to attach this file". */
  request(file: PreparedFile): Promise<{ attachmentId: string; uploadUrl: string; uploadHeaders: Record<string, string> }>;
  /** Tells the API the bytes are there. */
  complete(attachmentId: string): Promise<void>;
}

export async function uploadFile(steps: UploadSteps, file: PreparedFile, onProgress: (fraction: number) => void): Promise<void> {
  const requested = await steps.request(file);
  await put(requested.uploadUrl, requested.uploadHeaders, file.blob, onProgress);
  await steps.complete(requested.attachmentId);
}

/** fetch cannot report upload progress; XMLHttpRequest can. */
function put(url: string, headers: Record<string, string>, blob: Blob, onProgress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    // Content-Length is the browser's to set; the others (Content-Type…) are signed and must match.
    for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== 'content-length') xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? (onProgress(1), resolve()) : reject(new Error(`PUT: HTTP ${xhr.status}`)));
    xhr.onerror = () => reject(new Error('PUT: network error'));
    xhr.send(blob);
  });
}
