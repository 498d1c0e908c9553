import type { Readable, Writable } from 'node:stream';
import { mongo, Schema, type Connection, type Model } from 'mongoose';
import { findInWorkspace } from '@threadline/persistence';

export type ExportStatus = 'building' | 'ready' | 'failed';

/** One export of a customer's data: built in the background, downloadable until it expires. */
export interface CustomerExportDoc {
  _id: string;
  workspaceId: string;
  customerId: string;
  requestedBy: string;
  status: ExportStatus;
  createdAt: Date;
  readyAt: Date | null;
  expiresAt: Date;
  /** The archive's size in bytes, once built. */
  size: number | null;
  error: string | null;
}

const exportSchema = new Schema<CustomerExportDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    customerId: { type: String, required: true },
    requestedBy: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    readyAt: { type: Date, default: null },
    expiresAt: { type: Date, required: true },
    size: { type: Number, default: null },
    error: { type: String, default: null },
  },
  { versionKey: false },
);

/**
 * Export jobs (`customer_exports`) and their archives, kept in the store as
 * GridFS files (`customer_export_files`): written and read as streams, so an
 * archive never sits whole in memory, and any instance can serve the download.
 */
export class ExportArchiveStore {
  private readonly exports: Model<CustomerExportDoc>;
  private readonly files: mongo.GridFSBucket;

  constructor(connection: Connection) {
    this.exports = connection.model<CustomerExportDoc>('CustomerExport', exportSchema, 'customer_exports');
    this.files = new mongo.GridFSBucket(connection.db!, { bucketName: 'customer_export_files' });
  }

  async create(doc: CustomerExportDoc): Promise<void> {
    await this.exports.create(doc);
  }

  find(workspaceId: string, exportId: string): Promise<CustomerExportDoc | null> {
    return findInWorkspace(this.exports, workspaceId, exportId);
  }

  /** Where the archive's bytes go; the file is named by the export's id. */
  upload(exportId: string): Writable {
    return this.files.openUploadStream(exportId);
  }

  async finish(
    exportId: string,
    outcome: { status: 'ready'; size: number } | { status: 'failed'; error: string },
  ): Promise<void> {
    await this.exports.updateOne(
      { _id: exportId },
      { $set: outcome.status === 'ready' ? { status: 'ready', size: outcome.size, readyAt: new Date() } : outcome },
    );
  }

  async download(exportId: string): Promise<Readable | null> {
    const [file] = await this.files.find({ filename: exportId }).limit(1).toArray();
    return file ? this.files.openDownloadStream(file._id) : null;
  }

  /** An expired archive's bytes go (the job's record stays, saying it expired). */
  async discard(exportId: string): Promise<void> {
    for (const file of await this.files.find({ filename: exportId }).toArray()) await this.files.delete(file._id);
  }
}
