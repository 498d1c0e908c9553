import type { MailboxConfig } from '../config';
import type { MailboxRepository, MailboxSettings } from './mailbox.repository';

/** A mailbox and the revision of its settings (0 for configured ones; stored ones change through the API). */
export type KnownMailbox = MailboxSettings;

/**
 * Every mailbox the service serves: those in EMAIL_MAILBOXES and those admins
 * connected through the API (which win on the same id). Read afresh each
 * time, so changes apply without a restart.
 */
export class MailboxDirectory {
  constructor(
    private readonly configured: readonly MailboxConfig[],
    private readonly stored: MailboxRepository,
  ) {}

  async all(): Promise<Map<string, KnownMailbox>> {
    const known = new Map<string, KnownMailbox>();
    for (const mailbox of this.configured) known.set(mailbox.id, { ...mailbox, revision: 0 });
    for (const mailbox of await this.stored.allSettings()) known.set(mailbox.id, mailbox);
    return known;
  }

  async ofWorkspace(workspaceId: string): Promise<KnownMailbox[]> {
    const known = new Map<string, KnownMailbox>();
    for (const mailbox of this.configured)
      if (mailbox.workspaceId === workspaceId) known.set(mailbox.id, { ...mailbox, revision: 0 });
    for (const mailbox of await this.stored.workspaceSettings(workspaceId)) known.set(mailbox.id, mailbox);
    return [...known.values()];
  }
}
