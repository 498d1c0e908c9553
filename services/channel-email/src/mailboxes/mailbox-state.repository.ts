import { Schema, type Connection, type Model } from 'mongoose';

/** How a mailbox's sync stands, as the instance syncing it last reported. */
export interface MailboxSyncState {
  /** `syncing`: connected and up to date; `failing`: see `problem`. */
  state: 'syncing' | 'failing';
  problem: string | null;
  /** Since when it has been in this state. */
  since: Date;
}

interface MailboxStateDoc extends MailboxSyncState {
  /** The mailbox id. */
  _id: string;
  workspaceId: string;
}

const mailboxStateSchema = new Schema<MailboxStateDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    state: { type: String, required: true },
    problem: { type: String, default: null },
    since: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * Each mailbox's sync state, shown on the mailboxes API to the admin of its
 * workspace (one tenant's broken mailbox is theirs to see, not a red /health
 * for the whole service). Written by whichever instance holds the mailbox, on change only.
 */
export class MailboxStateRepository {
  private readonly states: Model<MailboxStateDoc>;

  constructor(connection: Connection) {
    this.states = connection.model<MailboxStateDoc>('MailboxState', mailboxStateSchema, 'mailbox_sync_states');
  }

  async report(mailboxId: string, workspaceId: string, problem: string | null): Promise<void> {
    const state = problem === null ? 'syncing' : 'failing';
    await this.states.updateOne(
      { _id: mailboxId },
      { $set: { workspaceId, state, problem, since: new Date() } },
      { upsert: true },
    );
  }

  /** Point lookups by id (a workspace has a handful of mailboxes). */
  async of(workspaceId: string, mailboxIds: string[]): Promise<Map<string, MailboxSyncState>> {
    const found = new Map<string, MailboxSyncState>();
    for (const id of mailboxIds) {
      const doc = await this.states.findById(id).lean<MailboxStateDoc>();
      if (doc && doc.workspaceId === workspaceId) found.set(id, { state: doc.state, problem: doc.problem, since: doc.since });
    }
    return found;
  }
}
