import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { CONFIG, ConsumerHost } from '@threadline/service-runtime';
import { AttachmentStore } from '../attachments/attachment-store';
import { AttachmentsModule } from '../attachments/attachments.module';
import type { ChannelEmailConfig } from '../config';
import { MailSendingModule } from '../mail-sending/mail-sending.module';
import { OutboxRepository } from '../mail-sending/outbox.repository';

/**
 * A customer's erasure reaching e-mail's own copies (customer.erased.v1): the
 * attachments of their mails, and mails to them not yet sent. Repeating it is
 * harmless (what is gone stays gone).
 */
@Module({ imports: [AttachmentsModule, MailSendingModule] })
export class CustomerErasureModule implements OnModuleInit {
  constructor(
    @Inject(CONFIG) private readonly config: ChannelEmailConfig,
    private readonly consumers: ConsumerHost,
    private readonly attachments: AttachmentStore,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.consumers.addCustomerErasure(this.config.EMAIL_ERASURE_CONSUMER_GROUP, async (workspaceId, erased) => {
      await this.attachments.remove(workspaceId, erased.attachmentRefs);
      await this.outbox.forgetTickets(workspaceId, erased.ticketIds);
    });
  }
}
