import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';

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
    return `attachment:${id}`;
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
