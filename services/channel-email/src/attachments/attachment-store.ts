import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';

/** How an event names a file kept here: `attachment:<sha256>`. */
export const ATTACHMENT_REF_PREFIX = 'attachment:';

export interface StoredAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  content: Buffer;
}

interface AttachmentDoc {
  _id: string;
  workspaceId: string;
  contentType: string;
  filename: string | null;
  size: number;
  data: Buffer;
  storedAt: Date;
}

const attachmentSchema = new Schema<AttachmentDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    contentType: { type: String, required: true },
    filename: { type: String, default: null },
    size: { type: Number, required: true },
    data: { type: Buffer, required: true },
    storedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * Attachment bytes kept in the store, addressed by workspace + content hash
 * (the same file twice is stored once). Events carry only the reference.
 */
export class AttachmentStore {
  private readonly model: Model<AttachmentDoc>;

  constructor(connection: Connection) {
    this.model = connection.model<AttachmentDoc>('Attachment', attachmentSchema, 'attachments');
  }

  async put(workspaceId: string, content: Buffer, contentType: string, filename: string | null): Promise<string> {
    const id = createHash('sha256').update(workspaceId).update('\0').update(content).digest('hex');
    try {
      await this.model.updateOne(
        { _id: id },
        { $setOnInsert: { workspaceId, contentType, filename, size: content.length, data: content, storedAt: new Date() } },
        { upsert: true },
      );
    } catch (error) {
      // The same file stored by a concurrent upsert: it is there, which is all we need.
      if (!isDuplicateKeyError(error)) throw error;
    }
    return `${ATTACHMENT_REF_PREFIX}${id}`;
  }

  /** One stored file of the workspace by its id (the reference without its prefix); null when it is not the workspace's. */
  async get(workspaceId: string, id: string): Promise<StoredAttachment | null> {
    const doc = await this.model.findOne({ _id: id, workspaceId }).lean();
    if (!doc) return null;
    return { filename: doc.filename, contentType: doc.contentType, size: doc.size, content: bytesOf(doc.data) };
  }

  /** Deletes the workspace's attachments by reference (a customer's erasure); answers how many were there. */
  async remove(workspaceId: string, refs: string[]): Promise<number> {
    let removed = 0;
    for (const ref of refs) {
      if (!ref.startsWith('attachment:')) continue;
      const result = await this.model.deleteOne({ _id: ref.slice('attachment:'.length), workspaceId });
      removed += result.deletedCount;
    }
    return removed;
  }
}

/** A lean read gives BSON's Binary rather than a Buffer; its bytes are the same. */
function bytesOf(data: Buffer | { buffer: Uint8Array; position: number }): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer.subarray(0, data.position));
}
