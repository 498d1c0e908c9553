import { Module } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import type { ProviderBreaker } from '@threadline/resilience';
import { LOGGER } from '@threadline/service-runtime';
import { PhonePresence } from '../agent-presence/phone-presence';
import { CallRepository } from '../call-records/call.repository';
import { CallLines } from '../ivr/call-lines';
import type { CallControl } from '../twilio/twilio-call-control';
import { VOICE_CLOCK, type Clock } from '../voice-clock';
import { CALL_CONTROL, CALLS_BREAKER } from '../voice-shared.module';
import { QueueBoard } from './queue-board';
import { QueueCalls } from './queue-calls.usecase';
import { QueueEntries } from './queue-entries';
import { QueueWebhooksController } from './queue-webhooks.controller';
import { TakeNextCaller } from './take-next-caller.usecase';
import { VoiceQueuesController } from './voice-queues.controller';

/** Call queues: holding callers, agents taking them, the live queue board. */
@Module({
  controllers: [QueueWebhooksController, VoiceQueuesController],
  providers: [
    {
      provide: QueueCalls,
      inject: [CallLines, CallRepository, PhonePresence, QueueEntries, LOGGER],
      useFactory: (lines: CallLines, calls: CallRepository, presence: PhonePresence, entries: QueueEntries, logger: Logger) =>
        new QueueCalls(lines, calls, presence, entries, logger),
    },
    {
      provide: QueueBoard,
      inject: [CallLines, CallRepository, PhonePresence, VOICE_CLOCK],
      useFactory: (lines: CallLines, calls: CallRepository, presence: PhonePresence, clock: Clock) =>
        new QueueBoard(lines, calls, presence, clock),
    },
    {
      provide: TakeNextCaller,
      inject: [CallLines, CallRepository, PhonePresence, QueueEntries, CALL_CONTROL, CALLS_BREAKER, LOGGER, VOICE_CLOCK],
      useFactory: (
        lines: CallLines,
        calls: CallRepository,
        presence: PhonePresence,
        entries: QueueEntries,
        control: CallControl,
        breaker: ProviderBreaker,
        logger: Logger,
        clock: Clock,
      ) => new TakeNextCaller(lines, calls, presence, entries, control, breaker, logger, clock),
    },
  ],
  exports: [TakeNextCaller],
})
export class CallQueuesModule {}
