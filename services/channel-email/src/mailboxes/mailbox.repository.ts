import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { findInWorkspace, isSealed, type SecretBox } from '@threadline/persistence';
import type { MailboxConfig } from '../config';

/** A mailbox an admin connected through the API; its passwords are sealed in the store and never leave this service. */
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

  constructor(
    connection: Connection,
    private readonly secrets: SecretBox,
  ) {
    this.mailboxes = connection.model<StoredMailboxDoc>('StoredMailbox', storedMailboxSchema, 'mailboxes');
  }

  async create(workspaceId: string, input: MailboxInput): Promise<StoredMailboxDoc> {
    const now = new Date();
    const doc: StoredMailboxDoc = {
      _id: randomUUID(),
      workspaceId,
      ...input,
      password: this.secrets.seal(input.password),
      smtp: this.sealSmtp(input.smtp),
      createdAt: now,
      updatedAt: now,
    };
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
        : this.sealSmtp(change.smtp);
    await this.mailboxes.updateOne(
      { _id: id },
      {
        $set: {
          ...change,
          ...(change.password !== undefined ? { password: this.secrets.seal(change.password) } : {}),
          ...(smtp !== undefined ? { smtp } : {}),
          updatedAt: new Date(),
        },
      },
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

  /** Every workspace's mailboxes with their passwords opened, for the sync and the sending. */
  async allSettings(): Promise<MailboxSettings[]> {
    return (await this.mailboxes.find({}).lean<StoredMailboxDoc[]>()).map((doc) => this.settingsOf(doc));
  }

  async workspaceSettings(workspaceId: string): Promise<MailboxSettings[]> {
    return (await this.list(workspaceId)).map((doc) => this.settingsOf(doc));
  }

  /**
   * Seals passwords that an earlier release stored in plain text; idempotent,
   * run at start. Returns how many mailboxes it sealed.
   */
  async sealPlainPasswords(): Promise<number> {
    let sealed = 0;
    for (const doc of await this.mailboxes.find({}).lean<StoredMailboxDoc[]>()) {
      const plainSmtp = doc.smtp?.password !== undefined && doc.smtp.password !== null && !isSealed(doc.smtp.password);
      if (isSealed(doc.password) && !plainSmtp) continue;
      await this.mailboxes.updateOne(
        { _id: doc._id, password: doc.password },
        {
          $set: {
            password: isSealed(doc.password) ? doc.password : this.secrets.seal(doc.password),
            ...(plainSmtp ? { smtp: this.sealSmtp(doc.smtp) } : {}),
          },
        },
      );
      sealed++;
    }
    return sealed;
  }

  /** The sync settings of a stored mailbox, secrets opened; `updatedAt` tells the sync when to restart it. */
  private settingsOf(doc: StoredMailboxDoc): MailboxSettings {
    const { _id, createdAt: _c, updatedAt, ...config } = doc;
    const smtp = config.smtp ?? null;
    return {
      id: _id,
      ...config,
      password: this.open(config.password),
      smtp: smtp ? { ...smtp, ...(smtp.password ? { password: this.open(smtp.password) } : {}) } : null,
      revision: updatedAt.getTime(),
    };
  }

  private open(value: string): string {
    // A value from before passwords were sealed, until sealPlainPasswords has run.
    return isSealed(value) ? this.secrets.open(value) : value;
  }

  private sealSmtp<T extends MailboxInput['smtp'] | undefined>(smtp: T): T {
    if (!smtp?.password) return smtp;
    return { ...smtp, password: this.secrets.seal(smtp.password) };
  }
}

/** A mailbox's settings with its passwords, and the revision that tells the sync when to restart it. */
export type MailboxSettings = MailboxConfig & { revision: number };

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
