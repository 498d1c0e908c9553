import { Schema, type Connection, type Model } from 'mongoose';
import type { OutboundRequestedV1 } from '@threadline/contracts';
import { insertManyOnce, isDuplicateKeyError, updateEach, type BulkWrites } from '@threadline/persistence';
import { dueSlotOf, type DueSlotSource } from './due-mail-finder';

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
  /** `nextAttemptAt`'s one-second bucket: the sender finds due mail by this equality (see DueMailFinder). */
  dueSlot: number;
  /** The latest claim's number, as far as known (a hint; the claims themselves decide). */
  epoch: number;
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
    // Not required: mail written before the field existed gets it from the sender's sweep.
    dueSlot: { type: Number },
    epoch: { type: Number, required: true },
    lastError: { type: String, default: null },
    serverResponse: { type: String, default: null },
    announced: { type: Boolean, required: true },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
outboxSchema.index({ dueSlot: 1 });

/**
 * A message's marker `#0` says its request came (see `enqueueMany`); from `#1` on,
 * a sender's hold on a mail: `_id` is `${messageId}#${epoch}`. Taking a mail
 * is the unique insert of the next epoch — the one write FerretDB 1.x makes
 * atomically (its conditional updates are read-then-write) — so two
 * instances never hold one mail. A crashed sender's hold runs out at `until`.
 * The first claim (`#1`) stays after the mail is retired: whoever inserts it
 * has the mail's only first send, with nothing to read back.
 */
interface ClaimDoc {
  _id: string;
  owner: string;
  until: Date;
}

const claimSchema = new Schema<ClaimDoc>(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, until: { type: Date, required: true } },
  { versionKey: false },
);

/** A mail in the hands of this sender: `epoch` is its claim. */
export type ClaimedMail = OutboxDoc & { epoch: number };

/** A claimed mail whose send is over: accepted by the server, or failed for good. */
export interface FinishedMail {
  mail: ClaimedMail;
  status: 'sent' | 'failed';
  attempts: number;
  serverResponse: string | null;
  lastError: string | null;
  finishedAt: Date;
}

/** The owner named by a message's marker `#0` (a claim nobody holds: it only says the request came). */
const MARKER_OWNER = 'enqueued';
/** How long after the first start of markers a mail may still be retired without one (a rolling upgrade's old instances). */
const MARKERS_GRACE_MS = 60 * 60_000;

/**
 * Most `_id`s in one `$in`: a batch's worth. The FerretDB patch pushes down at most 1000 (beyond,
 * it would read the whole collection), and PostgreSQL plans each OR'd term (3 ms for 100).
 */
const IDS_PER_IN = 100;
/**
 * Most outbox mails deleted by one `$in`. PostgreSQL checks the pushed-down OR of equalities
 * again on each row it reads (a GIN lookup is rechecked, a scan is checked), unpacking the
 * whole mail (1.5 KB+) for each term: a command of 100 took 200 ms; 10 keep it near a point lookup.
 */
const OUTBOX_IDS_PER_IN = 10;

function chunksOf<T>(items: T[], size = IDS_PER_IN): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Point reads of one batch in flight at once (the store's pool serves the intake too). */
const READS_IN_FLIGHT = 8;

/** `read` of each item, READS_IN_FLIGHT at a time; the answers in order. */
async function readEach<T, R>(items: T[], read: (item: T) => Promise<R>): Promise<R[]> {
  const answers: R[] = [];
  for (let start = 0; start < items.length; start += READS_IN_FLIGHT) {
    answers.push(...(await Promise.all(items.slice(start, start + READS_IN_FLIGHT).map(read))));
  }
  return answers;
}

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
 * reading the collection for anything but equality). A mail is taken by claiming it (see ClaimDoc), so
 * two instances never send one mail at once; only the holder writes it.
 */
export class OutboxRepository implements DueSlotSource {
  private readonly outbox: Model<OutboxDoc>;
  private readonly sent: Model<SentMailDoc>;
  private readonly claims: Model<ClaimDoc>;
  private markersFrom: Promise<number> | null = null;

  constructor(connection: Connection) {
    this.outbox = connection.model<OutboxDoc>('EmailOutbox', outboxSchema, 'email_outbox');
    this.sent = connection.model<SentMailDoc>('EmailSent', sentMailSchema, 'email_sent');
    this.claims = connection.model<ClaimDoc>('EmailOutboxClaim', claimSchema, 'email_outbox_claims');
  }

  /** Mails of these tickets not yet sent are dropped with their addresses and texts (the customer was erased). */
  async forgetTickets(workspaceId: string, ticketIds: string[]): Promise<number> {
    let dropped = 0;
    for (const ticketId of ticketIds) {
      dropped += (await this.outbox.deleteMany({ workspaceId, 'request.ticketId': ticketId })).deletedCount;
    }
    return dropped;
  }

  /**
   * False when this message is already in the outbox or was sent before (a
   * redelivered request).
   */
  async enqueue(workspaceId: string, request: OutboundRequestedV1, correlationId: string | null, now: Date): Promise<boolean> {
    const [added] = await this.enqueueMany([{ workspaceId, request, correlationId }], now);
    return added;
  }

  /**
   * `enqueue` for several requests, in two unordered inserts whatever their
   * number: the outbox documents (refused while a mail is still there), then
   * each message's marker `#0` among the claims (refused when the message came
   * before). A mail that went in although its marker was there had been sent
   * and retired: it is taken out again. Retiring writes the markers too, so a
   * mail retired after an enqueue cut short between the two inserts has one.
   */
  async enqueueMany(
    requests: { workspaceId: string; request: OutboundRequestedV1; correlationId: string | null }[],
    now: Date,
  ): Promise<boolean[]> {
    const firstOf = new Map<string, number>();
    requests.forEach(({ request }, i) => firstOf.has(request.messageId) || firstOf.set(request.messageId, i));
    const docs = [...firstOf.values()].map((i): OutboxDoc => {
      const { workspaceId, request, correlationId } = requests[i];
      return {
        _id: request.messageId,
        workspaceId,
        correlationId,
        request,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        dueSlot: dueSlotOf(now),
        epoch: 0,
        lastError: null,
        serverResponse: null,
        announced: false,
        createdAt: now,
        finishedAt: null,
      };
    });
    const refused = await insertManyOnce(this.outbox, docs);
    const seenBefore = await this.mark(docs.map((doc) => doc._id));
    const inserted = docs.filter((doc) => !refused.has(doc._id));
    // Requested before markers were written (an upgrade): their mails may have been retired without one, so asked of `email_sent`.
    const since = await this.markersSince();
    const unmarked = inserted.filter((doc) => !seenBefore.has(doc._id) && new Date(doc.request.requestedAt).getTime() < since);
    const found = await readEach(unmarked, (doc) => this.sent.exists({ _id: doc._id }));
    const alreadySent = new Set([
      ...inserted.filter((doc) => seenBefore.has(doc._id)).map((doc) => doc._id),
      ...unmarked.filter((_, i) => found[i]).map((doc) => doc._id),
    ]);
    for (const id of alreadySent) await this.outbox.deleteOne({ _id: id, epoch: 0 });
    return requests.map(
      ({ request }, i) =>
        firstOf.get(request.messageId) === i && !refused.has(request.messageId) && !alreadySent.has(request.messageId),
    );
  }

  /**
   * `mark` for messages that should have their markers already (written on enqueue): they are read
   * first, in one statement, and only the missing ones inserted — an insert FerretDB 1.x refuses
   * costs it one more transaction per document (it retries a refused batch one by one).
   */
  private async markMissing(messageIds: string[]): Promise<void> {
    const markers = messageIds.map((id) => `${id}#0`);
    const found = new Set<string>();
    for (const chunk of chunksOf(markers)) {
      const docs = await this.claims.find({ _id: { $in: chunk } }, { _id: 1 }).lean<Pick<ClaimDoc, '_id'>[]>();
      for (const doc of docs) found.add(doc._id);
    }
    await this.mark(messageIds.filter((id) => !found.has(`${id}#0`)));
  }

  /** Writes these messages' markers (`#0`); answers the messages that had one already. */
  private async mark(messageIds: string[]): Promise<Set<string>> {
    const refused = await insertManyOnce(
      this.claims,
      messageIds.map((id) => ({ _id: `${id}#0`, owner: MARKER_OWNER, until: new Date(0) })),
    );
    return new Set(messageIds.filter((id) => refused.has(`${id}#0`)));
  }

  /**
   * From when every retired mail has its marker: the first start of this
   * version, plus a grace for instances of the previous one still retiring
   * mail meanwhile (a rolling upgrade) — or always, for a store that had sent
   * nothing by then. Written once (the first writer wins), read once per process.
   */
  private markersSince(): Promise<number> {
    this.markersFrom ??= (async () => {
      const _id = 'outbox-markers-since';
      let doc = await this.claims.findById(_id).lean<ClaimDoc>();
      if (!doc) {
        const since = (await this.sent.exists({})) ? Date.now() + MARKERS_GRACE_MS : 0;
        await insertManyOnce(this.claims, [{ _id, owner: MARKER_OWNER, until: new Date(since) }]);
        doc = await this.claims.findById(_id).lean<ClaimDoc>();
      }
      if (!doc) throw new Error('the outbox markers record is missing');
      return new Date(doc.until).getTime();
    })().catch((error: unknown) => {
      this.markersFrom = null;
      throw error;
    });
    return this.markersFrom;
  }

  inSlot(slot: number, limit: number): Promise<OutboxDoc[]> {
    return this.outbox.find({ dueSlot: slot }).limit(limit).lean<OutboxDoc[]>();
  }

  async slotsInUse(): Promise<number[]> {
    const all = await this.outbox
      .find({}, { nextAttemptAt: 1, dueSlot: 1 })
      .lean<Pick<OutboxDoc, '_id' | 'nextAttemptAt' | 'dueSlot'>[]>();
    const slots = new Set<number>();
    for (const doc of all) {
      let slot = doc.dueSlot as number | undefined;
      if (slot === undefined) {
        // Written before buckets existed: given its bucket here, once.
        slot = dueSlotOf(new Date(doc.nextAttemptAt));
        await this.outbox.updateOne({ _id: doc._id, dueSlot: { $exists: false } }, { $set: { dueSlot: slot } });
      }
      slots.add(slot);
    }
    return [...slots];
  }

  /**
   * These mails (found due), up to `limit`, each claimed for `holdMs`; those
   * held by another sender, or gone, are left out. Mails never claimed (the
   * backlog) are claimed together: one unordered insert of every first claim,
   * the unique `_id` refusing those another instance took. The others, and the
   * refused, go one by one (a crashed sender's claim may have run out).
   * A first claim won needs no second look: `#1` outlives the mail, so a mail
   * retired after our list was read refuses it.
   */
  async claimEach(due: OutboxDoc[], owner: string, now: Date, holdMs: number, limit: number): Promise<ClaimedMail[]> {
    const until = new Date(now.getTime() + holdMs);
    const fresh = due.filter((doc) => doc.epoch === 0).slice(0, limit);
    const refused = await insertManyOnce(
      this.claims,
      fresh.map((doc) => ({ _id: `${doc._id}#1`, owner, until })),
    );
    const held: { doc: OutboxDoc; epoch: number }[] = fresh
      .filter((doc) => !refused.has(`${doc._id}#1`))
      .map((doc) => ({ doc, epoch: 1 }));
    const oneByOne = due.filter((doc) => doc.epoch > 0 || refused.has(`${doc._id}#1`));
    const later: { doc: OutboxDoc; epoch: number }[] = [];
    for (const doc of oneByOne) {
      if (held.length + later.length >= limit) break;
      const epoch = await this.claim(doc, owner, now, holdMs);
      if (epoch !== null) later.push({ doc, epoch });
    }
    // A later claim is read again now that it is ours: another sender may have finished and retired the mail
    // (removing its later claims) after our list was read, and that stale copy must not be sent a second time.
    const current = await readEach(later, ({ doc }) => this.outbox.findById(doc._id).lean<OutboxDoc>());
    const gone = later.filter((_, i) => !current[i]);
    await this.deleteEach(
      this.claims,
      gone.map(({ doc, epoch }) => `${doc._id}#${epoch}`),
    );
    return [
      ...held.map(({ doc, epoch }) => ({ ...doc, epoch })),
      ...later.flatMap(({ epoch }, i) => (current[i] ? [{ ...current[i], epoch }] : [])),
    ];
  }

  /** Their sends are over (accepted or failed for good) but not announced: recorded together, each due at once for its announcement. */
  async markFinished(finished: FinishedMail[]): Promise<void> {
    await updateEach(
      this.outbox,
      finished.map(({ mail, status, attempts, serverResponse, lastError, finishedAt }) => ({
        updateOne: {
          filter: { _id: mail._id },
          update: {
            $set: {
              status,
              attempts,
              serverResponse,
              lastError,
              finishedAt,
              nextAttemptAt: finishedAt,
              dueSlot: dueSlotOf(finishedAt),
              epoch: mail.epoch,
            },
          },
        },
      })) as BulkWrites<OutboxDoc>,
    );
  }

  /** Another try later; the claim ends now, so any instance may take the mail then. */
  async scheduleRetry(mail: ClaimedMail, attempts: number, reason: string, nextAttemptAt: Date): Promise<void> {
    await this.outbox.updateOne(
      { _id: mail._id },
      { $set: { attempts, lastError: reason, nextAttemptAt, dueSlot: dueSlotOf(nextAttemptAt), epoch: mail.epoch } },
    );
    await this.claims.updateOne({ _id: `${mail._id}#${mail.epoch}` }, { $set: { until: new Date(0) } });
  }

  /** The next epoch of the mail's claims, or null while someone else's claim holds. */
  private async claim(doc: OutboxDoc, owner: string, now: Date, holdMs: number): Promise<number | null> {
    let epoch = doc.epoch;
    while (await this.claims.exists({ _id: `${doc._id}#${epoch + 1}` })) epoch++;
    if (epoch > 0) {
      const current = await this.claims.findById(`${doc._id}#${epoch}`).lean<ClaimDoc>();
      if (current && new Date(current.until).getTime() > now.getTime()) return null;
    }
    try {
      await this.claims.create({ _id: `${doc._id}#${epoch + 1}`, owner, until: new Date(now.getTime() + holdMs) });
    } catch (error) {
      if (isDuplicateKeyError(error)) return null; // another instance took it this instant
      throw error;
    }
    return epoch + 1;
  }

  /** Their outcomes are announced: the mails leave the outbox for `email_sent` (in bulk), and their later claims go (`#1` stays). */
  async retire(docs: (ClaimedMail & { status: 'sent' | 'failed' })[]): Promise<void> {
    if (docs.length === 0) return;
    // Already there (a retirement cut short) is fine. The markers first: a mail leaves the outbox only once it has one.
    await this.markMissing(docs.map((doc) => doc._id));
    await insertManyOnce(
      this.sent,
      docs.map(
        (doc) =>
          ({
            _id: doc._id,
            workspaceId: doc.workspaceId,
            status: doc.status,
            attempts: doc.attempts,
            lastError: doc.lastError,
            serverResponse: doc.serverResponse,
            createdAt: doc.createdAt,
            finishedAt: doc.finishedAt ?? new Date(),
          }) satisfies SentMailDoc,
      ),
    );
    await this.deleteEach(
      this.outbox,
      docs.map((doc) => doc._id),
      OUTBOX_IDS_PER_IN,
    );
    await this.deleteEach(
      this.claims,
      docs.flatMap((doc) => Array.from({ length: Math.max(0, doc.epoch - 1) }, (_, i) => `${doc._id}#${i + 2}`)),
    );
  }

  /**
   * Deletes by `_id`: one `$in` per chunk, which our FerretDB pushes down (infra/ferretdb/patches), so
   * one indexed read and one DELETE a chunk instead of a read and a DELETE a document.
   */
  private async deleteEach<T extends { _id: string }>(model: Model<T>, ids: string[], perCommand = IDS_PER_IN): Promise<void> {
    for (const chunk of chunksOf(ids, perCommand)) await model.deleteMany({ _id: { $in: chunk } });
  }

  /** Where a mail stands: in the outbox, or done. */
  async find(id: string): Promise<OutboxDoc | SentMailDoc | null> {
    return (await this.outbox.findById(id).lean<OutboxDoc>()) ?? this.sent.findById(id).lean<SentMailDoc>();
  }
}
