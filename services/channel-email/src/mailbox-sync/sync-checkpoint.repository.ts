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
    // Reused when registered: the retention consumer keeps its own instance beside the sync's.
    this.checkpoints =
      (connection.models.SyncCheckpoint as Model<CheckpointDoc> | undefined) ??
      connection.model<CheckpointDoc>('SyncCheckpoint', checkpointSchema, 'imap_checkpoints');
    this.rejected =
      (connection.models.RejectedMail as Model<RejectedMailDoc> | undefined) ??
      connection.model<RejectedMailDoc>('RejectedMail', rejectedMailSchema, 'rejected_mails');
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

  /**
   * Deletes the raw mails of these mailboxes set aside before `before` (retention): read by mailbox, an
   * equality the store evaluates, the age checked here. Returns how many went.
   */
  async deleteRejectedBefore(mailboxIds: string[], before: Date): Promise<number> {
    let deleted = 0;
    for (const mailboxId of mailboxIds) {
      const old = (await this.rejected.find({ mailboxId }, { _id: 1, rejectedAt: 1 }).lean<RejectedMailDoc[]>())
        .filter((mail) => mail.rejectedAt < before)
        .map((mail) => mail._id);
      if (old.length) deleted += (await this.rejected.deleteMany({ _id: { $in: old } })).deletedCount;
    }
    return deleted;
  }
}
