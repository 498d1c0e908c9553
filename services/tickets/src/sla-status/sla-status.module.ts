import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@threadline/contracts';
import { CONFIG, ConsumerHost } from '@threadline/service-runtime';
import type { TicketsConfig } from '../config';
import { TicketRepository } from '../tickets/ticket.repository';
import { isSlaEvent, RecordSla } from './record-sla.usecase';

/** Consumes the sla service's events in its own group: the ticket's due moment, SLA state and timeline lines. */
@Module({
  providers: [{ provide: RecordSla, inject: [TicketRepository], useFactory: (t: TicketRepository) => new RecordSla(t) }],
})
export class SlaStatusModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    private readonly recordSla: RecordSla,
    @Inject(CONFIG) private readonly config: TicketsConfig,
  ) {}

  onModuleInit(): void {
    this.consumers.add({
      groupId: `${this.config.TICKETS_CONSUMER_GROUP}.sla`,
      topics: [TOPICS.slaEvents.name],
      handler: async (event) => (isSlaEvent(event) ? this.recordSla.execute(event) : 'ignored'),
    });
  }
}
