import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CONFIG, ConsumerHost, MONGO } from '@threadline/service-runtime';
import type { ChannelSocialConfig } from '../config';
import { SendClaimsRepository } from '@threadline/outbound';
import { TicketSubjectsRepository } from '../slack/notifications/ticket-subjects.repository';
import { sessionOfChatProviderMessageId } from '../web-chat/chat-identity';
import { ChatStoreRepository } from '../web-chat/chat-store.repository';

/**
 * A customer's erasure reaching the social channels' own records
 * (customer.erased.v1): their web chats (transcript, name, e-mail), the
 * Messenger PSID and Slack user their answers went to, and their tickets'
 * subjects kept for Slack notifications. Always on: records stay in the store
 * when a channel is switched off later.
 */
@Module({})
export class CustomerErasureModule implements OnModuleInit {
  constructor(
    @Inject(CONFIG) private readonly config: ChannelSocialConfig,
    @Inject(MONGO) private readonly connection: Connection,
    private readonly consumers: ConsumerHost,
  ) {}

  onModuleInit(): void {
    const chats = new ChatStoreRepository(this.connection);
    const sends = ['messenger', 'slack'].map((name) => new SendClaimsRepository(this.connection, name));
    const subjects = new TicketSubjectsRepository(this.connection);
    this.consumers.addCustomerErasure(this.config.SOCIAL_ERASURE_CONSUMER_GROUP, async (workspaceId, erased) => {
      const sessions = new Set(
        erased.contactRefs
          .filter((ref) => ref.channel === 'chat')
          .map((ref) => sessionOfChatProviderMessageId(ref.providerMessageId)),
      );
      for (const sessionId of sessions) await chats.forgetSession(workspaceId, sessionId);
      for (const claims of sends) await claims.forget(workspaceId, erased.outboundMessageIds);
      await subjects.forget(workspaceId, erased.ticketIds);
    });
  }
}
