import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import { CONFIG, ConsumerHost, InternalApiClient, LOGGER, ServiceTokenMinter } from '@threadline/service-runtime';
import { ClocksModule } from '../clocks/clocks.module';
import type { SlaConfig } from '../config';
import { PolicyBook } from '../policies/policy-book';
import { EscalateBreach } from './escalate-breach.usecase';

/** Breaches escalate as their policy says, through the tickets service; off while TICKETS_URL is not set. */
@Module({
  imports: [ClocksModule],
  providers: [
    {
      provide: EscalateBreach,
      inject: [PolicyBook, ServiceTokenMinter, CONFIG, LOGGER],
      useFactory: (book: PolicyBook, tokens: ServiceTokenMinter, config: SlaConfig, logger: Logger) =>
        config.TICKETS_URL
          ? new EscalateBreach(
              book,
              new InternalApiClient({ name: 'tickets', baseUrl: config.TICKETS_URL }, tokens),
              logger.child({ component: 'sla-escalation' }),
            )
          : null,
    },
  ],
})
export class EscalationModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    @Inject(EscalateBreach) private readonly escalate: EscalateBreach | null,
    @Inject(CONFIG) private readonly config: SlaConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (!this.escalate) {
      this.logger.warn('TICKETS_URL is not set: SLA breaches are announced but not escalated');
      return;
    }
    const escalate = this.escalate;
    this.consumers.add({
      groupId: this.config.SLA_ESCALATION_CONSUMER_GROUP,
      topics: [TOPICS.slaEvents.name],
      handler: (event) => escalate.handle(event),
    });
  }
}
