import { Module } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { LOGGER } from '@threadline/service-runtime';
import { QueueEntries } from '../call-queues/queue-entries';
import { CallRepository } from '../call-records/call.repository';
import { VOICE_CLOCK, type Clock } from '../voice-clock';
import { AnswerCall } from './answer-call.usecase';
import { CallLines } from './call-lines';
import { IvrController } from './ivr.controller';

/** Incoming calls: greeting, business hours, menus. */
@Module({
  controllers: [IvrController],
  providers: [
    {
      provide: AnswerCall,
      inject: [CallLines, CallRepository, QueueEntries, LOGGER, VOICE_CLOCK],
      useFactory: (lines: CallLines, calls: CallRepository, entries: QueueEntries, logger: Logger, clock: Clock) =>
        new AnswerCall(lines, calls, entries, logger, clock),
    },
  ],
})
export class IvrModule {}
