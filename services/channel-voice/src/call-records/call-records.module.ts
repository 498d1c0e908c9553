import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { LOGGER, MONGO } from '@threadline/service-runtime';
import { AgentPresenceRepository } from '../agent-presence/agent-presence.repository';
import { CallLines } from '../ivr/call-lines';
import { StatusCallbackRepository } from '../sms-status/status-callback.repository';
import { VoiceMetrics } from '../voice-metrics';
import { CallRepository } from './call.repository';
import { CallRecordsController } from './call-records.controller';
import { RecordCallEvents } from './record-call-events.usecase';

/** Call status and recordings; a finished call becomes one contact. */
@Module({
  controllers: [CallRecordsController],
  providers: [
    {
      provide: RecordCallEvents,
      inject: [CallRepository, MONGO, AgentPresenceRepository, CallLines, EventPublisher, VoiceMetrics, LOGGER],
      useFactory: (
        calls: CallRepository,
        connection: Connection,
        presence: AgentPresenceRepository,
        lines: CallLines,
        publisher: EventPublisher,
        metrics: VoiceMetrics,
        logger: Logger,
      ) =>
        new RecordCallEvents(
          calls,
          new StatusCallbackRepository(connection, 'VoiceCallCallback', 'voice_call_callbacks'),
          presence,
          lines,
          publisher,
          metrics,
          logger,
        ),
    },
  ],
})
export class CallRecordsModule {}
