import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import type { ProviderBreaker } from '@threadline/resilience';
import { CONFIG, LOGGER, MONGO } from '@threadline/service-runtime';
import { PhonePresence } from '../agent-presence/phone-presence';
import { QueueEntries } from '../call-queues/queue-entries';
import { CallLines } from '../ivr/call-lines';
import { StatusCallbackRepository } from '../sms-status/status-callback.repository';
import type { ChannelVoiceConfig } from '../config';
import type { CallControl } from '../twilio/twilio-call-control';
import { VoiceMetrics } from '../voice-metrics';
import { CALL_CONTROL, CALLS_BREAKER } from '../voice-shared.module';
import { CallSweeper } from './call-sweeper';
import { CallRepository } from './call.repository';
import { CallRecordsController } from './call-records.controller';
import { RecordCallEvents } from './record-call-events.usecase';

/** Call status and recordings; a finished call becomes one contact. */
@Module({
  controllers: [CallRecordsController],
  providers: [
    {
      provide: RecordCallEvents,
      inject: [CallRepository, MONGO, PhonePresence, QueueEntries, CallLines, EventPublisher, VoiceMetrics, LOGGER],
      useFactory: (
        calls: CallRepository,
        connection: Connection,
        presence: PhonePresence,
        entries: QueueEntries,
        lines: CallLines,
        publisher: EventPublisher,
        metrics: VoiceMetrics,
        logger: Logger,
      ) =>
        new RecordCallEvents(
          calls,
          new StatusCallbackRepository(connection, 'VoiceCallCallback', 'voice_call_callbacks'),
          presence,
          entries,
          lines,
          publisher,
          metrics,
          logger,
        ),
    },
    {
      provide: CallSweeper,
      inject: [CONFIG, CallRepository, RecordCallEvents, CALL_CONTROL, CALLS_BREAKER, LOGGER],
      useFactory: (
        config: ChannelVoiceConfig,
        calls: CallRepository,
        record: RecordCallEvents,
        control: CallControl,
        breaker: ProviderBreaker,
        logger: Logger,
      ) =>
        new CallSweeper(
          calls,
          record,
          control,
          breaker,
          { intervalMs: config.VOICE_SWEEP_INTERVAL_MS, staleMs: config.VOICE_STALE_CALL_MS, batch: 50 },
          logger,
        ),
    },
  ],
})
export class CallRecordsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(CallSweeper) private readonly sweeper: CallSweeper) {}

  onApplicationBootstrap(): void {
    this.sweeper.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeper.stop();
  }
}
