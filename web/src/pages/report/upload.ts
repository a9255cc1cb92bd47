// One evidence file: ask the API for a presigned URL, PUT the bytes straight to storage (with
// progress), then ask the API to check and list it.
import { api } from '../../api/client';
import type { PreparedFile } from './files';

export type UploadState = { phase: 'waiting' | 'uploading' | 'done' | 'failed'; progress: number };

export async function uploadEvidence(
  trackingId: string,
  accessToken: string,
  file: PreparedFile,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const headers = { 'X-Access-Token': accessToken };
  const requested = await api().POST('/complaints/{trackingId}/attachments', {
    params: { path: { trackingId } },
    headers,
    body: { fileName: file.name, contentType: file.type, size: file.blob.size },
  });
  if (!requested.data) throw new Error(`upload request: HTTP ${requested.response.status}`);
  await put(requested.data.uploadUrl, requested.data.uploadHeaders, file.blob, onProgress);
  const completed = await api().POST('/complaints/{trackingId}/attachments/{attachmentId}/complete', {
    params: { path: { trackingId, attachmentId: requested.data.attachmentId } },
    headers,
  });
  if (!completed.data) throw new Error(`upload check: HTTP ${completed.response.status}`);
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
