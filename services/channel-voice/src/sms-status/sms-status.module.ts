import { Module } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import { LOGGER, MONGO } from '@threadline/service-runtime';
import { SendClaimsRepository } from '@threadline/outbound';
import { RecordSmsStatus } from './record-sms-status.usecase';
import { StatusCallbackRepository } from './status-callback.repository';
import { SmsStatusController } from './sms-status.controller';

/** Twilio's delivery news about the SMS we sent. */
@Module({
  controllers: [SmsStatusController],
  providers: [
    { provide: StatusCallbackRepository, inject: [MONGO], useFactory: (c: Connection) => new StatusCallbackRepository(c) },
    {
      provide: RecordSmsStatus,
      inject: [SendClaimsRepository, StatusCallbackRepository, EventPublisher, LOGGER],
      useFactory: (sends: SendClaimsRepository, seen: StatusCallbackRepository, publisher: EventPublisher, logger: Logger) =>
        new RecordSmsStatus(sends, seen, publisher, logger),
    },
  ],
})
export class SmsStatusModule {}
