// A stored idempotent reply holds the reporter's access token. It is kept encrypted under a key
// derived from the Idempotency-Key itself (HKDF-SHA256, AES-256-GCM), which only the client that
// sent it holds: a reader of the table, or anyone without the key, learns nothing from the record.

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export interface SealedReply {
  sealed: string;
}

const INFO = 'tuntas idempotent reply v1';

function keyOf(idempotencyKey: string, context: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(idempotencyKey, 'utf8'), Buffer.from(context, 'utf8'), INFO, 32));
}

export function sealReply(value: unknown, idempotencyKey: string, context: string): SealedReply {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(idempotencyKey, context), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
}

export function openReply<T>(reply: SealedReply, idempotencyKey: string, context: string): T {
  const bytes = Buffer.from(reply.sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(idempotencyKey, context), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as T;
}
