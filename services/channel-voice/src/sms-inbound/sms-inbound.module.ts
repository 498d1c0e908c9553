import { Module } from '@nestjs/common';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { LOGGER } from '@threadline/service-runtime';
import { NumberDirectory } from '../numbers/number-directory';
import { VoiceMetrics } from '../voice-metrics';
import { ReceiveSms } from './receive-sms.usecase';
import { SmsInboundController } from './sms-inbound.controller';

/** Customers' SMS and MMS to our Twilio numbers become contacts. */
@Module({
  controllers: [SmsInboundController],
  providers: [
    {
      provide: ReceiveSms,
      inject: [NumberDirectory, EventPublisher, VoiceMetrics, LOGGER],
      useFactory: (numbers: NumberDirectory, publisher: EventPublisher, metrics: VoiceMetrics, logger: Logger) =>
        new ReceiveSms(numbers, publisher, metrics, logger),
    },
  ],
})
export class SmsInboundModule {}
