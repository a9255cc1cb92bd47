// The reporter's evidence: the public attachment routes, proven with the access code.
import { api } from '../../api/client';
import type { PreparedFile } from '../../ui/files';
import { uploadFile } from '../../ui/upload';

export type { UploadState } from '../../ui/upload';

export async function uploadEvidence(
  trackingId: string,
  accessToken: string,
  file: PreparedFile,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const headers = { 'X-Access-Token': accessToken };
  await uploadFile(
    {
      async request(f) {
        const requested = await api().POST('/complaints/{trackingId}/attachments', {
          params: { path: { trackingId } },
          headers,
          body: { fileName: f.name, contentType: f.type, size: f.blob.size },
        });
        if (!requested.data) throw new Error(`upload request: HTTP ${requested.response.status}`);
        return requested.data;
      },
      async complete(attachmentId) {
        const completed = await api().POST('/complaints/{trackingId}/attachments/{attachmentId}/complete', {
          params: { path: { trackingId, attachmentId } },
          headers,
        });
        if (!completed.data) throw new Error(`upload check: HTTP ${completed.response.status}`);
      },
    },
    file,
    onProgress,
  );
}
