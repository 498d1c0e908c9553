import { Module } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { LOGGER } from '@threadline/service-runtime';
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
      inject: [CallLines, CallRepository, LOGGER, VOICE_CLOCK],
      useFactory: (lines: CallLines, calls: CallRepository, logger: Logger, clock: Clock) =>
        new AnswerCall(lines, calls, logger, clock),
    },
  ],
})
export class IvrModule {}
