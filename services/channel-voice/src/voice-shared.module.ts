import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CONFIG, MONGO } from '@threadline/service-runtime';
import type { ChannelVoiceConfig, TwilioAccount } from './config';
import { NumberDirectory } from './numbers/number-directory';
import { SmsConversationRepository } from './sms-inbound/sms-conversation.repository';
import { SmsSendRepository } from './sms-outbound/sms-send.repository';
import { TWILIO_ACCOUNT } from './twilio/twilio-account.token';
import { TwilioSignatureGuard } from './twilio-webhooks/twilio-signature.guard';
import { VoiceMetrics } from './voice-metrics';

const providers = [
  { provide: NumberDirectory, inject: [CONFIG], useFactory: (c: ChannelVoiceConfig) => new NumberDirectory(c.VOICE_NUMBERS) },
  { provide: SmsConversationRepository, inject: [MONGO], useFactory: (c: Connection) => new SmsConversationRepository(c) },
  { provide: SmsSendRepository, inject: [MONGO], useFactory: (c: Connection) => new SmsSendRepository(c) },
  VoiceMetrics,
  TwilioSignatureGuard,
];

/** What the SMS contexts share: our numbers, the send records (status callbacks read them), metrics, the signature guard. */
@Global()
@Module({})
export class VoiceSharedModule {
  static forRoot(account: TwilioAccount): DynamicModule {
    const all = [{ provide: TWILIO_ACCOUNT, useValue: account }, ...providers];
    return { module: VoiceSharedModule, providers: all, exports: all.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
