import { Module } from '@nestjs/common';
import type { Logger } from '@threadline/observability';
import { LOGGER } from '@threadline/service-runtime';
import { CallRepository } from '../call-records/call.repository';
import { AnswerCall } from './answer-call.usecase';
import { CallLines } from './call-lines';
import { IvrController } from './ivr.controller';

/** Incoming calls: greeting, business hours, menus. */
@Module({
  controllers: [IvrController],
  providers: [
    {
      provide: AnswerCall,
      inject: [CallLines, CallRepository, LOGGER],
      useFactory: (lines: CallLines, calls: CallRepository, logger: Logger) => new AnswerCall(lines, calls, logger),
    },
  ],
})
export class IvrModule {}
