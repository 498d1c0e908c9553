import { Schema, type Connection, type Model } from 'mongoose';

export interface SyncCheckpoint {
  /** UIDVALIDITY as a decimal string (imapflow gives a bigint). */
  uidValidity: string;
  /** Highest UID whose contact is durably on Kafka. */
  lastUid: number;
}

interface CheckpointDoc extends SyncCheckpoint {
  _id: string;
  updatedAt: Date;
}

const checkpointSchema = new Schema<CheckpointDoc>(
  {
    _id: { type: String, required: true },
    uidValidity: { type: String, required: true },
    lastUid: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

interface RejectedMailDoc {
  _id: string;
  mailboxId: string;
  uidValidity: string;
  uid: number;
  reason: string;
  raw: Buffer;
  rejectedAt: Date;
}

const rejectedMailSchema = new Schema<RejectedMailDoc>(
  {
    _id: { type: String, required: true },
    mailboxId: { type: String, required: true },
    uidValidity: { type: String, required: true },
    uid: { type: Number, required: true },
    reason: { type: String, required: true },
    raw: { type: Buffer, required: true },
    rejectedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/** Where each mailbox folder's sync stands, and the mails it could not turn into contacts. */
export class SyncCheckpointRepository {
  private readonly checkpoints: Model<CheckpointDoc>;
  private readonly rejected: Model<RejectedMailDoc>;

  constructor(connection: Connection) {
    this.checkpoints = connection.model<CheckpointDoc>('SyncCheckpoint', checkpointSchema, 'imap_checkpoints');
    this.rejected = connection.model<RejectedMailDoc>('RejectedMail', rejectedMailSchema, 'rejected_mails');
  }

  async get(mailboxKey: string): Promise<SyncCheckpoint | null> {
    const doc = await this.checkpoints.findOne({ _id: mailboxKey }).lean();
    return doc ? { uidValidity: doc.uidValidity, lastUid: doc.lastUid } : null;
  }

  async save(mailboxKey: string, checkpoint: SyncCheckpoint): Promise<void> {
    await this.checkpoints.updateOne({ _id: mailboxKey }, { $set: { ...checkpoint, updatedAt: new Date() } }, { upsert: true });
  }

  /** Keeps the raw message and the reason, so nothing that could not be parsed is lost. */
  async reject(mail: Omit<RejectedMailDoc, '_id' | 'rejectedAt'>): Promise<void> {
    const _id = `${mail.mailboxId}:${mail.uidValidity}:${mail.uid}`;
    await this.rejected.updateOne({ _id }, { $setOnInsert: { ...mail, rejectedAt: new Date() } }, { upsert: true });
  }
}
