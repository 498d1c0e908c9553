import { Schema, type Connection, type Model } from 'mongoose';
import { insertManyOnce, type BulkWrites } from '@threadline/persistence';

/** One mail admitted from a sender to a mailbox: kept while it counts (within the window). */
export interface SenderOccurrence {
  /** `${mailboxId}:${mailKey}`: the same mail read again is the same document. */
  _id: string;
  mailboxId: string;
  /** Lower-cased address. */
  sender: string;
  /** `${uidValidity}:${uid}` of the mail. */
  mailKey: string;
  at: Date;
}

const occurrenceSchema = new Schema<SenderOccurrence>(
  {
    _id: { type: String, required: true },
    mailboxId: { type: String, required: true },
    sender: { type: String, required: true },
    mailKey: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
// A mailbox's owner reads its occurrences by this equality once, when it takes the mailbox.
occurrenceSchema.index({ mailboxId: 1 });

/** Where the admitted mails of each mailbox are kept between owners: one read per lease, two writes per round. */
export class SenderOccurrenceRepository {
  private readonly occurrences: Model<SenderOccurrence>;

  constructor(connection: Connection) {
    this.occurrences =
      (connection.models.SenderOccurrence as Model<SenderOccurrence> | undefined) ??
      connection.model<SenderOccurrence>('SenderOccurrence', occurrenceSchema, 'sender_mail_occurrences');
  }

  ofMailbox(mailboxId: string): Promise<SenderOccurrence[]> {
    return this.occurrences.find({ mailboxId }).lean<SenderOccurrence[]>();
  }

  /** Adds these (one insert; already there is fine: a round cut short saved them) and drops those (one delete command). */
  async save(added: SenderOccurrence[], expired: string[]): Promise<void> {
    await insertManyOnce(this.occurrences, added);
    if (expired.length === 0) return;
    // One statement per `_id` in one command: FerretDB pushes each equality down (an `$in` it would not).
    await this.occurrences.bulkWrite(expired.map((_id) => ({ deleteOne: { filter: { _id } } })) as BulkWrites<SenderOccurrence>, {
      ordered: false,
    });
  }
}

export type SenderOccurrenceStore = Pick<SenderOccurrenceRepository, 'ofMailbox' | 'save'>;

/**
 * Stops a mail storm (a looping autoresponder, a script) from flooding the
 * queue: past `limit` mails from one sender to one mailbox within the
 * window, further mails are not turned into contacts. They are kept raw with
 * the reason, so nothing is lost and an admin can still read them.
 *
 * Decided in memory by the mailbox's owner: its lease lets one instance at a
 * time read the mailbox, so no other instance counts its mail. The admitted
 * mails are loaded once when the owner starts and saved with each round's
 * checkpoint (`flush`), so a new owner (a restart, a failover) goes on from
 * the same counts — no store command per mail. A mail is counted once
 * however often it is read (by its UID), also across a restart: a round
 * re-read after a crash does not use up an innocent sender's allowance.
 */
export class SenderRateLimit {
  /** Admitted mails per sender within the window, oldest first. */
  private readonly bySender = new Map<string, { mailKey: string; at: number }[]>();
  private unsaved: SenderOccurrence[] = [];
  private expired: string[] = [];
  private loaded: Promise<void> | null = null;

  constructor(
    private readonly store: SenderOccurrenceStore,
    private readonly mailboxId: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Reads the mailbox's counts (once; again after a failure); those out of the window at `now` are dropped. */
  load(now = Date.now()): Promise<void> {
    this.loaded ??= this.store.ofMailbox(this.mailboxId).then(
      (stored) => {
        for (const occurrence of stored.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime())) {
          const at = new Date(occurrence.at).getTime();
          if (at <= now - this.windowMs) this.expired.push(occurrence._id);
          else this.mailsOf(occurrence.sender).push({ mailKey: occurrence.mailKey, at });
        }
      },
      (error: unknown) => {
        this.loaded = null;
        throw error;
      },
    );
    return this.loaded;
  }

  /** Counts this mail (once per `mailKey`); true when it is within its sender's limit. Call after `load`. */
  admit(mailKey: string, sender: string, now = Date.now()): boolean {
    const key = sender.toLowerCase();
    const mails = this.mailsOf(key);
    this.dropExpired(key, mails, now);
    if (mails.some((mail) => mail.mailKey === mailKey)) return true;
    if (mails.length >= this.limit) return false;
    mails.push({ mailKey, at: now });
    this.unsaved.push({ _id: this.idOf(mailKey), mailboxId: this.mailboxId, sender: key, mailKey, at: new Date(now) });
    return true;
  }

  /** Saves what changed since the last flush (before the round's checkpoint moves); kept for the next one on failure. */
  async flush(now = Date.now()): Promise<void> {
    for (const [sender, mails] of this.bySender) this.dropExpired(sender, mails, now);
    if (this.unsaved.length === 0 && this.expired.length === 0) return;
    const [added, expired] = [this.unsaved, this.expired];
    this.unsaved = [];
    this.expired = [];
    try {
      await this.store.save(added, expired);
    } catch (error) {
      this.unsaved.unshift(...added);
      this.expired.unshift(...expired);
      throw error;
    }
  }

  private mailsOf(sender: string) {
    let mails = this.bySender.get(sender);
    if (!mails) this.bySender.set(sender, (mails = []));
    return mails;
  }

  /** Mails out of the window stop counting; their documents go with the next flush, and a sender with none is forgotten. */
  private dropExpired(sender: string, mails: { mailKey: string; at: number }[], now: number): void {
    let gone = 0;
    while (gone < mails.length && mails[gone].at <= now - this.windowMs) gone++;
    if (gone === 0) return;
    const ids = new Set(mails.splice(0, gone).map((mail) => this.idOf(mail.mailKey)));
    // Not saved yet: no need to insert it any more (deleting it anyway is harmless, and right if a save is under way).
    if (this.unsaved.length > 0) this.unsaved = this.unsaved.filter((occurrence) => !ids.has(occurrence._id));
    this.expired.push(...ids);
    if (mails.length === 0) this.bySender.delete(sender);
  }

  private idOf(mailKey: string): string {
    return `${this.mailboxId}:${mailKey}`;
  }
}
