import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type TypedEnvelope } from '@threadline/contracts';
import { CONFIG, ConsumerHost } from '@threadline/service-runtime';
import type { RoutingConfig } from '../config';
import { RoutingSharedModule } from '../routing-shared.module';
import { AssignmentController } from './assignment.controller';
import { PresenceRepository } from './assignment.repositories';

/** Queues, the away switch, and chat presence (chat.presence.v1) kept for assignment, in its own consumer group. */
@Module({ imports: [RoutingSharedModule], controllers: [AssignmentController] })
export class AssignmentModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly presence: PresenceRepository,
    @Inject(CONFIG) private readonly config: RoutingConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: this.config.ROUTING_PRESENCE_CONSUMER_GROUP,
      topics: [TOPICS.chatSignals.name],
      handler: async (event) => {
        if (event.type !== 'chat.presence.v1') return 'ignored';
        const { payload } = event as TypedEnvelope<'chat.presence.v1'>;
        const until = payload.status === 'available' && payload.expiresAt ? new Date(payload.expiresAt) : null;
        await this.presence.setChat(event.workspaceId, payload.agentId, until);
        return 'done';
      },
    });
  }
}
