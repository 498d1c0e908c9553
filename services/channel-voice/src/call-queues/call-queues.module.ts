import { Module } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import type { ProviderBreaker } from '@threadline/resilience';
import { LOGGER } from '@threadline/service-runtime';
import { AgentPresenceRepository } from '../agent-presence/agent-presence.repository';
import { CallRepository } from '../call-records/call.repository';
import { CallLines } from '../ivr/call-lines';
import type { CallControl } from '../twilio/twilio-call-control';
import { VOICE_CLOCK, type Clock } from '../voice-clock';
import { CALL_CONTROL, CALLS_BREAKER } from '../voice-shared.module';
import { QueueBoard } from './queue-board';
import { QueueCalls } from './queue-calls.usecase';
import { QueueWebhooksController } from './queue-webhooks.controller';
import { TakeNextCaller } from './take-next-caller.usecase';
import { VoiceQueuesController } from './voice-queues.controller';

/** Call queues: holding callers, agents taking them, the live queue board. */
@Module({
  controllers: [QueueWebhooksController, VoiceQueuesController],
  providers: [
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
      inject: [CallLines, CallRepository, AgentPresenceRepository, CALL_CONTROL, CALLS_BREAKER, LOGGER, VOICE_CLOCK],
      useFactory: (
        lines: CallLines,
        calls: CallRepository,
        presence: AgentPresenceRepository,
        control: CallControl,
        breaker: ProviderBreaker,
        logger: Logger,
        clock: Clock,
      ) => new TakeNextCaller(lines, calls, presence, control, breaker, logger, clock),
    },
  ],
})
export class CallQueuesModule {}
