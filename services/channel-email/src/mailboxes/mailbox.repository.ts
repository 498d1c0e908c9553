import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { findInWorkspace } from '@threadline/persistence';
import type { MailboxConfig } from '../config';

/** A mailbox an admin connected through the API; the IMAP password never leaves this service. */
export interface StoredMailboxDoc extends Omit<MailboxConfig, 'id'> {
  _id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

const storedMailboxSchema = new Schema<StoredMailboxDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true, index: true },
    name: { type: String, required: true },
    host: { type: String, required: true },
    port: { type: Number, required: true },
    secure: { type: Boolean, required: true },
    user: { type: String, required: true },
    password: { type: String, required: true },
    folder: { type: String, required: true },
    addresses: { type: [String], default: [] },
    routes: { type: [{ _id: false, address: String, queue: String }], default: [] },
    smtp: {
      type: new Schema({ host: String, port: Number, secure: Boolean, user: String, password: String }, { _id: false }),
      default: null,
    },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export type MailboxInput = Omit<StoredMailboxDoc, '_id' | 'workspaceId' | 'createdAt' | 'updatedAt'>;

export class MailboxRepository {
  private readonly mailboxes: Model<StoredMailboxDoc>;

  constructor(connection: Connection) {
    this.mailboxes = connection.model<StoredMailboxDoc>('StoredMailbox', storedMailboxSchema, 'mailboxes');
  }

  async create(workspaceId: string, input: MailboxInput): Promise<StoredMailboxDoc> {
    const now = new Date();
    const doc: StoredMailboxDoc = { _id: randomUUID(), workspaceId, ...input, createdAt: now, updatedAt: now };
    await this.mailboxes.create(doc);
    return doc;
  }

  async update(workspaceId: string, id: string, change: Partial<MailboxInput>): Promise<StoredMailboxDoc | null> {
    const current = await this.find(workspaceId, id);
    if (!current) return null;
    // SMTP settings given without a password keep the one already set (it is never shown, so never sent back).
    const smtp =
      change.smtp && current.smtp && change.smtp.password === undefined
        ? { ...change.smtp, password: current.smtp.password }
        : change.smtp;
    await this.mailboxes.updateOne(
      { _id: id },
      { $set: { ...change, ...(smtp !== undefined ? { smtp } : {}), updatedAt: new Date() } },
    );
    return this.find(workspaceId, id);
  }

  async remove(workspaceId: string, id: string): Promise<boolean> {
    if (!(await this.find(workspaceId, id))) return false;
    await this.mailboxes.deleteOne({ _id: id });
    return true;
  }

  find(workspaceId: string, id: string): Promise<StoredMailboxDoc | null> {
    return findInWorkspace(this.mailboxes, workspaceId, id);
  }

  list(workspaceId: string): Promise<StoredMailboxDoc[]> {
    return this.mailboxes.find({ workspaceId }).sort({ createdAt: 1 }).lean<StoredMailboxDoc[]>();
  }

  /** Every workspace's mailboxes, for the sync to reconcile against. */
  all(): Promise<StoredMailboxDoc[]> {
    return this.mailboxes.find({}).lean<StoredMailboxDoc[]>();
  }
}

/** The sync settings of a stored mailbox; `updatedAt` tells the sync when to restart it. */
export function syncConfigOf(doc: StoredMailboxDoc): MailboxConfig & { revision: number } {
  const { _id, createdAt: _c, updatedAt, ...config } = doc;
  return { id: _id, ...config, smtp: config.smtp ?? null, revision: updatedAt.getTime() };
}

/** What an API answer shows: everything but the passwords. */
export function presentMailbox({ _id, password: _password, smtp, ...rest }: StoredMailboxDoc) {
  const { password: smtpPassword, ...smtpShown } = smtp ?? {};
  return {
    id: _id,
    ...rest,
    passwordSet: true,
    smtp: smtp ? { ...smtpShown, passwordSet: Boolean(smtpPassword) } : null,
  };
}
