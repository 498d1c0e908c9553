import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import type { TimeSource } from '@threadline/persistence';
import { CONFIG, ConsumerHost, LOGGER, MONGO, ServiceTokenMinter } from '@threadline/service-runtime';
import { AgentProfileRepository } from '../assignment/agent-profile.repository';
import { AssignFromQueue } from '../assignment/assign-from-queue';
import { PresenceRepository, RoutingQueueRepository } from '../assignment/assignment.repositories';
import type { RoutingConfig } from '../config';
import { RoutingSharedModule } from '../routing-shared.module';
import { ROUTING_TIME } from '../time-triggers/routing-time';
import { AssignmentModule } from '../assignment/assignment.module';
import { ChangePresence } from '../assignment/change-presence.usecase';
import { PhoneStateRepository } from '../assignment/phone-state.repository';
import { WaitingCallRepository } from './waiting-calls.repository';
import { OfferWaitingCalls, type VoiceEvent } from './offer-waiting-calls.usecase';
import { VoiceOffersClient } from './voice-offers-client';

const OFFERS = Symbol('OFFER_WAITING_CALLS');

/** Waiting callers offered to free phone agents: voice.events.v1 in its own group, offers placed at channel-voice. */
@Module({
  imports: [RoutingSharedModule, AssignmentModule],
  providers: [
    {
      provide: OFFERS,
      inject: [
        CONFIG,
        MONGO,
        ServiceTokenMinter,
        PhoneStateRepository,
        ChangePresence,
        RoutingQueueRepository,
        PresenceRepository,
        AgentProfileRepository,
        AssignFromQueue,
        ROUTING_TIME,
        LOGGER,
      ],
      useFactory: (
        config: RoutingConfig,
        connection: Connection,
        tokens: ServiceTokenMinter,
        phones: PhoneStateRepository,
        presenceChanged: ChangePresence,
        queues: RoutingQueueRepository,
        presence: PresenceRepository,
        profiles: AgentProfileRepository,
        assign: AssignFromQueue,
        time: TimeSource,
        logger: Logger,
      ) =>
        config.CHANNEL_VOICE_URL
          ? new OfferWaitingCalls({
              waiting: new WaitingCallRepository(connection),
              phones,
              presenceChanged,
              queues,
              presence,
              profiles,
              assign,
              voice: new VoiceOffersClient(config.CHANNEL_VOICE_URL, tokens),
              time,
              offerSeconds: config.ROUTING_CALL_OFFER_SECONDS,
              logger: logger.child({ component: 'call-offers' }),
            })
          : null,
    },
  ],
})
export class CallOffersModule implements OnModuleInit {
  constructor(
    private readonly consumers: ConsumerHost,
    @Inject(OFFERS) private readonly offers: OfferWaitingCalls | null,
    @Inject(CONFIG) private readonly config: RoutingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (!this.offers) {
      this.logger.info('no CHANNEL_VOICE_URL: waiting callers are not offered to agents (they take callers by hand)');
      return;
    }
    const offers = this.offers;
    this.consumers.add({
      groupId: this.config.ROUTING_VOICE_CONSUMER_GROUP,
      topics: [TOPICS.voiceEvents.name],
      handler: (event) =>
        event.type === 'call.queued.v1' ||
        event.type === 'call.dequeued.v1' ||
        event.type === 'call.offer-ended.v1' ||
        event.type === 'voice.presence.v1'
          ? offers.handle(event as VoiceEvent)
          : Promise.resolve('ignored' as const),
    });
  }
}
