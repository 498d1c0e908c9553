import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { CONFIG, LOGGER } from '@threadline/service-runtime';
import { PhonePresence } from '../agent-presence/phone-presence';
import { CallQueuesModule } from '../call-queues/call-queues.module';
import { TakeNextCaller } from '../call-queues/take-next-caller.usecase';
import { CallRepository } from '../call-records/call.repository';
import type { ChannelVoiceConfig } from '../config';
import { VOICE_CLOCK, type Clock } from '../voice-clock';
import { AnswerOffer } from './answer-offer.usecase';
import { CallOfferRepository } from './call-offer.repository';
import { CallOffers } from './call-offers';
import { CallOffersController } from './call-offers.controller';
import { OfferCaller } from './offer-caller.usecase';
import { OfferSweeper } from './offer-sweeper';

/** Waiting callers offered to free agents (routing decides whom), accepted or declined by the agent, expired in time. */
@Module({
  imports: [CallQueuesModule],
  controllers: [CallOffersController],
  providers: [
    {
      provide: OfferCaller,
      inject: [CallRepository, PhonePresence, CallOfferRepository, LOGGER, VOICE_CLOCK],
      useFactory: (calls: CallRepository, presence: PhonePresence, offers: CallOfferRepository, logger: Logger, clock: Clock) =>
        new OfferCaller(calls, presence, offers, logger, clock),
    },
    {
      provide: AnswerOffer,
      inject: [CallOfferRepository, CallOffers, CallRepository, TakeNextCaller, VOICE_CLOCK],
      useFactory: (offers: CallOfferRepository, ending: CallOffers, calls: CallRepository, take: TakeNextCaller, clock: Clock) =>
        new AnswerOffer(offers, ending, calls, take, clock),
    },
    {
      provide: OfferSweeper,
      inject: [CallOffers, CONFIG, LOGGER],
      useFactory: (offers: CallOffers, config: ChannelVoiceConfig, logger: Logger) =>
        new OfferSweeper(offers, config.VOICE_OFFER_SWEEP_MS, logger.child({ component: 'call-offers' })),
    },
  ],
})
export class CallOffersModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(OfferSweeper) private readonly sweeper: OfferSweeper) {}

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  /** Before the platform's own shutdown: a round ending offers publishes, and the producer must still be there. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.sweeper.stop();
  }
}
