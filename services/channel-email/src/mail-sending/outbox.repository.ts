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
  /** Whether delivery.updated.v1 for the final status is on Kafka (then the mail is retired). */
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
outboxSchema.index({ nextAttemptAt: 1 });

/** A mail whose outcome is known and announced: what remains of it once it leaves the outbox. */
export interface SentMailDoc {
  _id: string;
  workspaceId: string;
  status: 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  serverResponse: string | null;
  createdAt: Date;
  finishedAt: Date;
}

const sentMailSchema = new Schema<SentMailDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    lastError: { type: String, default: null },
    serverResponse: { type: String, default: null },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * The e-mail outbox holds only work: mails to send, and mails whose outcome
 * is not yet announced. Done ones move to `email_sent`, so the sender's
 * query stays small however much mail has gone out (FerretDB answers it by
 * reading the collection). Claims are conditional updates on the claim's
 * previous value (no transactions, no findAndModify), so two instances never
 * send one mail at once.
 */
export class OutboxRepository {
  private readonly outbox: Model<OutboxDoc>;
  private readonly sent: Model<SentMailDoc>;

  constructor(connection: Connection) {
    this.outbox = connection.model<OutboxDoc>('EmailOutbox', outboxSchema, 'email_outbox');
    this.sent = connection.model<SentMailDoc>('EmailSent', sentMailSchema, 'email_sent');
  }

  /**
   * False when this message is already in the outbox or was sent before (a
   * redelivered request). Inserted first and checked against the sent mail
   * after: a mail retired meanwhile is found either way.
   */
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
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    if (await this.sent.exists({ _id: request.messageId })) {
      await this.outbox.deleteOne({ _id: request.messageId, claimedBy: null, attempts: 0 });
      return false;
    }
    return true;
  }

  /** Up to `limit` mails due now — to send, or finished but not yet announced — each claimed for `holdMs`. */
  async claimDue(owner: string, now: Date, holdMs: number, limit: number): Promise<OutboxDoc[]> {
    const candidates = await this.outbox
      .find({ nextAttemptAt: { $lte: now }, claimedUntil: { $lte: now } })
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
      // Due at once again: for its announcement, if this sender stops before making it.
      { $set: { status: 'sent', attempts, serverResponse, lastError: null, finishedAt: at, nextAttemptAt: at } },
    );
  }

  async markFailed(id: string, owner: string, attempts: number, reason: string, at: Date): Promise<void> {
    await this.outbox.updateOne(
      { _id: id, claimedBy: owner, status: 'pending' },
      { $set: { status: 'failed', attempts, lastError: reason, finishedAt: at, nextAttemptAt: at } },
    );
  }

  /** Another try later; the claim ends now so any instance may take it then. */
  async scheduleRetry(id: string, owner: string, attempts: number, reason: string, nextAttemptAt: Date): Promise<void> {
    await this.outbox.updateOne(
      { _id: id, claimedBy: owner, status: 'pending' },
      { $set: { attempts, lastError: reason, nextAttemptAt, claimedUntil: new Date(0), claimedBy: null } },
    );
  }

  /** Its outcome is announced: the mail leaves the outbox for `email_sent`. */
  async retire(doc: OutboxDoc & { status: 'sent' | 'failed' }): Promise<void> {
    try {
      await this.sent.create({
        _id: doc._id,
        workspaceId: doc.workspaceId,
        status: doc.status,
        attempts: doc.attempts,
        lastError: doc.lastError,
        serverResponse: doc.serverResponse,
        createdAt: doc.createdAt,
        finishedAt: doc.finishedAt ?? new Date(),
      } satisfies SentMailDoc);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    await this.outbox.deleteOne({ _id: doc._id });
  }

  /** Where a mail stands: in the outbox, or done. */
  async find(id: string): Promise<OutboxDoc | SentMailDoc | null> {
    return (await this.outbox.findById(id).lean<OutboxDoc>()) ?? this.sent.findById(id).lean<SentMailDoc>();
  }
}
