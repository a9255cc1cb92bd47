import type { Attachment } from '../core/attachments';
import type { ExtraPut } from '../core/model';

/**
 * Attachment metadata, stored with its complaint. Changes that must move together with the
 * complaint (listing a completed upload, releasing files to the public) are not written here but
 * handed to ComplaintRepository.commit as ChangeSet.extraPuts, so they share its transaction and
 * its optimistic lock.
 */
export interface AttachmentRepository {
  /** Every attachment of the complaint, pending and listed (strongly consistent). */
  list(trackingId: string): Promise<Attachment[]>;
  get(trackingId: string, attachmentId: string): Promise<Attachment | undefined>;
  /** Records a requested upload; refused (CONCURRENT_MODIFICATION) if the id exists. */
  createPending(attachment: Attachment): Promise<void>;
  /** Removes a PENDING attachment (a refused or abandoned upload); a listed one is never removed here. */
  discardPending(trackingId: string, attachmentId: string): Promise<void>;
  /** The write that lists a checked upload: replaces the item only while it is still PENDING. */
  readyWrite(attachment: Attachment): ExtraPut;
  /** The write that sets a listed attachment's public flag: only while it is READY. */
  publicityWrite(attachment: Attachment): ExtraPut;
}
