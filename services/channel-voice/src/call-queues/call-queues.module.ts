import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger, PlatformMetrics } from '@threadline/observability';
import { ProviderBreaker } from '@threadline/resilience';
import { CONFIG, LOGGER, METRICS } from '@threadline/service-runtime';
import { AgentPresenceRepository } from '../agent-presence/agent-presence.repository';
import { CallRepository } from '../call-records/call.repository';
import type { ChannelVoiceConfig, TwilioAccount } from '../config';
import { CallLines } from '../ivr/call-lines';
import { TwilioCallControl } from '../twilio/twilio-call-control';
import { TWILIO_ACCOUNT } from '../twilio/twilio-account.token';
import { isPermanentSendError } from '../twilio/twilio-errors';
import { VOICE_CLOCK, type Clock } from '../voice-clock';
import { QueueBoard } from './queue-board';
import { QueueCalls } from './queue-calls.usecase';
import { QueueWebhooksController } from './queue-webhooks.controller';
import { TakeNextCaller } from './take-next-caller.usecase';
import { VoiceQueuesController } from './voice-queues.controller';

/** One breaker for Twilio's Calls resource, apart from the SMS one: an SMS outage must not stop agents taking calls. */
const CALLS_BREAKER = Symbol('CALLS_BREAKER');

/** Call queues: holding callers, agents taking them, the live queue board. */
@Module({
  controllers: [QueueWebhooksController, VoiceQueuesController],
  providers: [
    {
      provide: CALLS_BREAKER,
      inject: [CONFIG, METRICS],
      useFactory: (config: ChannelVoiceConfig, metrics: PlatformMetrics) =>
        new ProviderBreaker({
          provider: 'twilio:calls',
          timeoutMs: config.TWILIO_TIMEOUT_MS,
          volumeThreshold: 5,
          isPermanent: isPermanentSendError,
          metrics,
        }),
    },
    {
      provide: QueueCalls,
      inject: [CallLines, CallRepository, AgentPresenceRepository, LOGGER],
      useFactory: (lines: CallLines, calls: CallRepository, presence: AgentPresenceRepository, logger: Logger) =>
        new QueueCalls(lines, calls, presence, logger),
    },
    {
      provide: QueueBoard,
      inject: [CallLines, CallRepository, AgentPresenceRepository, VOICE_CLOCK],
      useFactory: (lines: CallLines, calls: CallRepository, presence: AgentPresenceRepository, clock: Clock) =>
        new QueueBoard(lines, calls, presence, clock),
    },
    {
      provide: TakeNextCaller,
      inject: [CONFIG, TWILIO_ACCOUNT, CallLines, CallRepository, AgentPresenceRepository, CALLS_BREAKER, LOGGER, VOICE_CLOCK],
      useFactory: (
        config: ChannelVoiceConfig,
        account: TwilioAccount,
        lines: CallLines,
        calls: CallRepository,
        presence: AgentPresenceRepository,
        breaker: ProviderBreaker,
        logger: Logger,
        clock: Clock,
      ) =>
        new TakeNextCaller(
          lines,
          calls,
          presence,
          new TwilioCallControl({
            accountSid: account.accountSid,
            authToken: account.authToken,
            apiBaseUrl: account.apiBaseUrl,
            timeoutMs: config.TWILIO_TIMEOUT_MS + 1000,
          }),
          breaker,
          logger,
          clock,
        ),
    },
  ],
})
export class CallQueuesModule implements OnApplicationShutdown {
  constructor(@Inject(CALLS_BREAKER) private readonly breaker: ProviderBreaker) {}

  onApplicationShutdown(): void {
    this.breaker.shutdown();
  }
}
