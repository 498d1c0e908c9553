import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { CONFIG, MONGO } from '@threadline/service-runtime';
import { AgentPresenceRepository } from './agent-presence/agent-presence.repository';
import { CallRepository } from './call-records/call.repository';
import type { ChannelVoiceConfig, TwilioAccount } from './config';
import { CallLines } from './ivr/call-lines';
import { VoiceUrls } from './ivr/voice-urls';
import { NumberDirectory } from './numbers/number-directory';
import { StoredNumberRepository } from './numbers/stored-number.repository';
import { SmsSendRepository } from './sms-outbound/sms-send.repository';
import { TWILIO_ACCOUNT } from './twilio/twilio-account.token';
import { VOICE_CLOCK, type Clock } from './voice-clock';
import { TwilioSignatureGuard } from './twilio-webhooks/twilio-signature.guard';
import { VoiceMetrics } from './voice-metrics';

const providers = [
  { provide: StoredNumberRepository, inject: [MONGO], useFactory: (c: Connection) => new StoredNumberRepository(c) },
  {
    provide: NumberDirectory,
    inject: [CONFIG, StoredNumberRepository],
    useFactory: (c: ChannelVoiceConfig, stored: StoredNumberRepository) =>
      new NumberDirectory(c.VOICE_NUMBERS, stored, c.VOICE_NUMBERS_CACHE_MS),
  },
  { provide: SmsSendRepository, inject: [MONGO], useFactory: (c: Connection) => new SmsSendRepository(c) },
  { provide: CallRepository, inject: [MONGO], useFactory: (c: Connection) => new CallRepository(c) },
  { provide: AgentPresenceRepository, inject: [MONGO], useFactory: (c: Connection) => new AgentPresenceRepository(c) },
  {
    provide: CallLines,
    inject: [NumberDirectory, TWILIO_ACCOUNT],
    useFactory: (numbers: NumberDirectory, account: TwilioAccount) =>
      new CallLines(numbers, new VoiceUrls(account.publicBaseUrl)),
  },
  VoiceMetrics,
  TwilioSignatureGuard,
];

/** What the SMS and call contexts share: our numbers and their call lines, send and call records, presence, metrics, the signature guard. */
@Global()
@Module({})
export class VoiceSharedModule {
  static forRoot(account: TwilioAccount, clock: Clock): DynamicModule {
    const all = [{ provide: TWILIO_ACCOUNT, useValue: account }, { provide: VOICE_CLOCK, useValue: clock }, ...providers];
    return { module: VoiceSharedModule, providers: all, exports: all.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
