import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@threadline/persistence';

interface LeaseDoc {
  /** `<mailbox id>:<epoch>`: taking a lease over is inserting the next epoch, which only one instance can. */
  _id: string;
  mailboxId: string;
  epoch: number;
  owner: string;
  expiresAt: Date;
}

const leaseSchema = new Schema<LeaseDoc>(
  {
    _id: { type: String, required: true },
    mailboxId: { type: String, required: true },
    epoch: { type: Number, required: true },
    owner: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
leaseSchema.index({ mailboxId: 1, epoch: -1 });

/**
 * Which channel-email instance syncs a mailbox. A lease is held for `ttlMs`
 * and renewed by its holder; an expired lease is taken over by inserting the
 * next epoch — a unique insert, atomic on FerretDB and MongoDB alike (a
 * conditional update would not be on FerretDB). A holder that finds a newer
 * epoch has lost the mailbox and stops.
 */
export class MailboxLeases {
  private readonly leases: Model<LeaseDoc>;

  constructor(
    connection: Connection,
    private readonly owner: string,
    private readonly ttlMs: number,
  ) {
    this.leases = connection.model<LeaseDoc>('MailboxLease', leaseSchema, 'mailbox_leases');
  }

  /** The epoch this instance now holds the mailbox under, or null when another instance holds it. */
  async acquire(mailboxId: string): Promise<number | null> {
    const latest = await this.latest(mailboxId);
    const now = Date.now();
    if (latest && latest.expiresAt.getTime() > now) {
      if (latest.owner !== this.owner) return null;
      return (await this.renew(mailboxId, latest.epoch)) ? latest.epoch : null;
    }
    const epoch = (latest?.epoch ?? 0) + 1;
    try {
      await this.leases.create({
        _id: `${mailboxId}:${epoch}`,
        mailboxId,
        epoch,
        owner: this.owner,
        expiresAt: new Date(now + this.ttlMs),
      });
      return epoch;
    } catch (error) {
      if (isDuplicateKeyError(error)) return null; // another instance took it over first
      throw error;
    }
  }

  /** Extends the lease; false when a newer epoch exists (the mailbox was taken over). */
  async renew(mailboxId: string, epoch: number): Promise<boolean> {
    await this.leases.updateOne(
      { _id: `${mailboxId}:${epoch}`, owner: this.owner },
      { $set: { expiresAt: new Date(Date.now() + this.ttlMs) } },
    );
    const latest = await this.latest(mailboxId);
    return latest?.epoch === epoch && latest.owner === this.owner;
  }

  /** On graceful shutdown: let another instance take over at once instead of after the ttl. */
  async release(mailboxId: string, epoch: number): Promise<void> {
    await this.leases.updateOne({ _id: `${mailboxId}:${epoch}`, owner: this.owner }, { $set: { expiresAt: new Date(0) } });
  }

  private latest(mailboxId: string): Promise<LeaseDoc | null> {
    return this.leases.findOne({ mailboxId }).sort({ epoch: -1 }).lean<LeaseDoc>();
  }
}
