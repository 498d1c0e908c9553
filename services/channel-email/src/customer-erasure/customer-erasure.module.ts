import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CONFIG, ConsumerHost, MONGO } from '@threadline/service-runtime';
import { AttachmentStore } from '../attachments/attachment-store';
import { AttachmentsModule } from '../attachments/attachments.module';
import type { ChannelEmailConfig } from '../config';
import { MailSendingModule } from '../mail-sending/mail-sending.module';
import { OutboxRepository } from '../mail-sending/outbox.repository';
import { MailboxDirectory } from '../mailboxes/mailbox-directory';
import { MailboxesModule } from '../mailboxes/mailboxes.module';
import { SyncCheckpointRepository } from '../mailbox-sync/sync-checkpoint.repository';

/**
 * A customer's erasure reaching e-mail's own copies (customer.erased.v1): the
 * attachments of their mails, and mails to them not yet sent; and the
 * workspace's retention (customer.data-expired.v1): the same for expired
 * tickets, and the raw mails set aside before the given day. Repeating it is
 * harmless (what is gone stays gone).
 */
@Module({ imports: [AttachmentsModule, MailSendingModule, MailboxesModule] })
export class CustomerErasureModule implements OnModuleInit {
  constructor(
    @Inject(CONFIG) private readonly config: ChannelEmailConfig,
    private readonly consumers: ConsumerHost,
    private readonly attachments: AttachmentStore,
    private readonly outbox: OutboxRepository,
    private readonly mailboxes: MailboxDirectory,
    @Inject(MONGO) private readonly connection: Connection,
  ) {}

  onModuleInit(): void {
    const rejected = new SyncCheckpointRepository(this.connection);
    this.consumers.addCustomerErasure(this.config.EMAIL_ERASURE_CONSUMER_GROUP, async (workspaceId, removal) => {
      await this.attachments.remove(workspaceId, removal.attachmentRefs);
      await this.outbox.forgetTickets(workspaceId, removal.ticketIds);
      if (removal.rejectedMailsBefore) {
        const mailboxIds = (await this.mailboxes.ofWorkspace(workspaceId)).map((m) => m.id);
        await rejected.deleteRejectedBefore(mailboxIds, new Date(removal.rejectedMailsBefore));
      }
    });
  }
}
