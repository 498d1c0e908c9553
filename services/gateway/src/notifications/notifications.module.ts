import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import { CONFIG, ConsumerHost, MONGO } from '@threadline/service-runtime';
import type { GatewayConfig } from '../config';
import { AgentNoticeRepository } from './agent-notice.repository';
import { RecordNotices } from './record-notices.usecase';

/**
 * Agents' notices kept server-side: one consumer group over the ticket events
 * writes them (unlike the live feed, which every instance reads for its own
 * screens), the agent reads and marks them read.
 */
@Module({
  providers: [
    { provide: AgentNoticeRepository, inject: [MONGO], useFactory: (c: Connection) => new AgentNoticeRepository(c) },
    { provide: RecordNotices, inject: [AgentNoticeRepository], useFactory: (r: AgentNoticeRepository) => new RecordNotices(r) },
  ],
  // The controller sits with the gateway's others (behind the same auth guard providers).
  exports: [AgentNoticeRepository],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly recordNotices: RecordNotices,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: this.config.GATEWAY_NOTICES_CONSUMER_GROUP,
      topics: [TOPICS.ticketEvents.name],
      // From now on: a first deployment must not notify every agent of every assignment in the topic's history.
      fromBeginning: false,
      handler: (event) => this.recordNotices.execute(event),
    });
  }
}
