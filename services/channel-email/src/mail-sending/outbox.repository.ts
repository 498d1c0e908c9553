import { Schema, type Connection, type Model } from 'mongoose';
import type { OutboundRequestedV1 } from '@threadline/contracts';
import { isDuplicateKeyError } from '@threadline/persistence';

export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** One mail to send, keyed by our message id: a redelivered request is the same document, so it is sent once. */
export interface OutboxDoc {
  _id: string;
  workspaceId: string;
  correlationId: string | null;
  request: OutboundRequestedV1;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  /** A sender holds the mail until then; a crashed sender's claim simply runs out. */
  claimedUntil: Date;
  claimedBy: string | null;
  lastError: string | null;
  /** The mail server's answer on acceptance, e.g. "250 2.0.0 Ok: queued as 4F2A1". */
  serverResponse: string | null;
  /** Whether delivery.updated.v1 for the final status is on Kafka. */
  announced: boolean;
  createdAt: Date;
  finishedAt: Date | null;
}

const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    correlationId: { type: String, default: null },
    request: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    claimedUntil: { type: Date, required: true },
    claimedBy: { type: String, default: null },
    lastError: { type: String, default: null },
    serverResponse: { type: String, default: null },
    announced: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ announced: 1, status: 1 });

/**
 * The e-mail outbox. Claims are conditional updates on the claim's previous
 * value (no transactions, no findAndModify sort), so two instances never send
 * one mail at once.
 */
export class OutboxRepository {
  private readonly outbox: Model<OutboxDoc>;

  constructor(connection: Connection) {
    this.outbox = connection.model<OutboxDoc>('EmailOutbox', outboxSchema, 'email_outbox');
  }

  /** False when this message is already in the outbox (a redelivered request). */
  async enqueue(workspaceId: string, request: OutboundRequestedV1, correlationId: string | null, now: Date): Promise<boolean> {
    try {
      await this.outbox.create({
        _id: request.messageId,
        workspaceId,
        correlationId,
        request,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        claimedUntil: new Date(0),
        claimedBy: null,
        lastError: null,
        serverResponse: null,
        announced: false,
        createdAt: now,
        finishedAt: null,
      } satisfies OutboxDoc);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Up to `limit` mails due now — to send, or finished but not yet announced — each claimed for `holdMs`. */
  async claimDue(owner: string, now: Date, holdMs: number, limit: number): Promise<OutboxDoc[]> {
    const candidates = await this.outbox
      .find({
        claimedUntil: { $lte: now },
        $or: [
          { status: 'pending', nextAttemptAt: { $lte: now } },
          { status: { $in: ['sent', 'failed'] }, announced: false },
        ],
      })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .lean<OutboxDoc[]>();
    const claimed: OutboxDoc[] = [];
    const until = new Date(now.getTime() + holdMs);
    for (const doc of candidates) {
      const { modifiedCount } = await this.outbox.updateOne(
        { _id: doc._id, claimedUntil: doc.claimedUntil },
        { $set: { claimedUntil: until, claimedBy: owner } },
      );
      if (modifiedCount === 1) claimed.push({ ...doc, claimedUntil: until, claimedBy: owner });
    }
    return claimed;
  }

  async markSent(id: string, owner: string, attempts: number, serverResponse: string, at: Date): Promise<void> {
    await this.outbox.updateOne(
      { _id: id, claimedBy: owner, status: 'pending' },
      { $set: { status: 'sent', attempts, serverResponse, lastError: null, finishedAt: at } },
    );
  }

  async markFailed(id: string, owner: string, attempts: number, reason: string, at: Date): Promise<void> {
    await this.outbox.updateOne(
      { _id: id, claimedBy: owner, status: 'pending' },
      { $set: { status: 'failed', attempts, lastError: reason, finishedAt: at } },
    );
  }

  /** Another try later; the claim ends now so any instance may take it then. */
  async scheduleRetry(id: string, owner: string, attempts: number, reason: string, nextAttemptAt: Date): Promise<void> {
    await this.outbox.updateOne(
      { _id: id, claimedBy: owner, status: 'pending' },
      { $set: { attempts, lastError: reason, nextAttemptAt, claimedUntil: new Date(0), claimedBy: null } },
    );
  }

  async markAnnounced(id: string): Promise<void> {
    await this.outbox.updateOne({ _id: id }, { $set: { announced: true, claimedUntil: new Date(0), claimedBy: null } });
  }

  find(id: string): Promise<OutboxDoc | null> {
    return this.outbox.findById(id).lean<OutboxDoc>();
  }

  /** Mails still to send (for metrics and health). */
  countPending(): Promise<number> {
    return this.outbox.countDocuments({ status: 'pending' });
  }
}
