import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CONFIG, ConsumerHost, MONGO } from '@threadline/service-runtime';
import { CallRepository } from '../call-records/call.repository';
import type { ChannelVoiceConfig } from '../config';
import { smsSendClaims } from '../sms-outbound/sms-send-claims';
import { CustomerCallsController } from './customer-calls.controller';

/**
 * A customer's erasure reaching the phone channel's own records
 * (customer.erased.v1): their calls lose the caller's number and the
 * recording's reference, the SMS sent to them the number. Timings and
 * outcomes stay for reports. Also their call records for an export
 * (CustomerCallsController). Always on: the records stay in the store when
 * the Twilio account is removed later.
 */
@Module({ controllers: [CustomerCallsController] })
export class CustomerErasureModule implements OnModuleInit {
  constructor(
    @Inject(CONFIG) private readonly config: ChannelVoiceConfig,
    @Inject(MONGO) private readonly connection: Connection,
    private readonly consumers: ConsumerHost,
  ) {}

  onModuleInit(): void {
    const calls = new CallRepository(this.connection);
    const sends = smsSendClaims(this.connection);
    this.consumers.addCustomerErasure(this.config.VOICE_ERASURE_CONSUMER_GROUP, async (workspaceId, erased) => {
      const callSids = erased.contactRefs.filter((ref) => ref.channel === 'voice').map((ref) => ref.providerMessageId);
      await calls.forget(workspaceId, callSids);
      await sends.forget(workspaceId, erased.outboundMessageIds);
    });
  }
}
