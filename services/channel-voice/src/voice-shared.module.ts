import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { EventPublisher } from '@threadline/kafka';
import { SendClaimsRepository } from '@threadline/outbound';
import type { PlatformMetrics } from '@threadline/observability';
import { ProviderBreaker } from '@threadline/resilience';
import { CONFIG, METRICS, MONGO } from '@threadline/service-runtime';
import { AgentPresenceRepository } from './agent-presence/agent-presence.repository';
import { PhonePresence } from './agent-presence/phone-presence';
import { CallOfferRepository } from './call-offers/call-offer.repository';
import { CallOffers } from './call-offers/call-offers';
import { QueueEntries } from './call-queues/queue-entries';
import { CallRepository } from './call-records/call.repository';
import type { ChannelVoiceConfig, TwilioAccount } from './config';
import { CallLines } from './ivr/call-lines';
import { VoiceUrls } from './ivr/voice-urls';
import { NumberDirectory } from './numbers/number-directory';
import { smsSendClaims } from './sms-outbound/sms-send-claims';
import { StoredNumberRepository } from './numbers/stored-number.repository';
import { TWILIO_ACCOUNT } from './twilio/twilio-account.token';
import { TwilioCallControl } from './twilio/twilio-call-control';
import { isPermanentSendError } from './twilio/twilio-errors';
import { VOICE_CLOCK, type Clock } from './voice-clock';
import { TwilioSignatureGuard } from './twilio-webhooks/twilio-signature.guard';
import { VoiceMetrics } from './voice-metrics';

/** Twilio's Calls resource (taking callers, the sweeper's questions) and its breaker. */
export const CALL_CONTROL = Symbol('CALL_CONTROL');
/** One breaker for Twilio's Calls resource, apart from the SMS one: an SMS outage must not stop agents taking calls. */
export const CALLS_BREAKER = Symbol('CALLS_BREAKER');

const providers = [
  { provide: StoredNumberRepository, inject: [MONGO], useFactory: (c: Connection) => new StoredNumberRepository(c) },
  {
    provide: NumberDirectory,
    inject: [CONFIG, StoredNumberRepository],
    useFactory: (c: ChannelVoiceConfig, stored: StoredNumberRepository) =>
      new NumberDirectory(c.VOICE_NUMBERS, stored, c.VOICE_NUMBERS_CACHE_MS),
  },
  { provide: SendClaimsRepository, inject: [MONGO], useFactory: smsSendClaims },
  { provide: CallRepository, inject: [MONGO], useFactory: (c: Connection) => new CallRepository(c) },
  { provide: AgentPresenceRepository, inject: [MONGO], useFactory: (c: Connection) => new AgentPresenceRepository(c) },
  {
    provide: PhonePresence,
    inject: [AgentPresenceRepository, EventPublisher],
    useFactory: (repository: AgentPresenceRepository, publisher: EventPublisher) => new PhonePresence(repository, publisher),
  },
  { provide: CallOfferRepository, inject: [MONGO], useFactory: (c: Connection) => new CallOfferRepository(c) },
  {
    provide: CallOffers,
    inject: [CallOfferRepository, EventPublisher, VOICE_CLOCK],
    useFactory: (offers: CallOfferRepository, publisher: EventPublisher, clock: Clock) =>
      new CallOffers(offers, publisher, clock),
  },
  {
    provide: QueueEntries,
    inject: [CallRepository, CallLines, CallOffers, EventPublisher, VOICE_CLOCK],
    useFactory: (calls: CallRepository, lines: CallLines, offers: CallOffers, publisher: EventPublisher, clock: Clock) =>
      new QueueEntries(calls, lines, offers, publisher, clock),
  },
  {
    provide: CallLines,
    inject: [NumberDirectory, TWILIO_ACCOUNT],
    useFactory: (numbers: NumberDirectory, account: TwilioAccount) =>
      new CallLines(numbers, new VoiceUrls(account.publicBaseUrl)),
  },
  {
    provide: CALL_CONTROL,
    inject: [CONFIG, TWILIO_ACCOUNT],
    useFactory: (config: ChannelVoiceConfig, account: TwilioAccount) =>
      new TwilioCallControl({
        accountSid: account.accountSid,
        authToken: account.authToken,
        apiBaseUrl: account.apiBaseUrl,
        timeoutMs: config.TWILIO_TIMEOUT_MS + 1000,
      }),
  },
  {
    provide: CALLS_BREAKER,
    inject: [CONFIG, METRICS],
    useFactory: (config: ChannelVoiceConfig, metrics: PlatformMetrics) =>
      new ProviderBreaker({
        provider: 'twilio:calls',
        timeoutMs: config.TWILIO_TIMEOUT_MS,
        volumeThreshold: 5,
        isPermanent: isPermanentSendError,
        metrics,
      }),
  },
  VoiceMetrics,
  TwilioSignatureGuard,
];

/** What the SMS and call contexts share: our numbers and their call lines, send and call records, presence, queue entries and offers, metrics, the signature guard. */
@Global()
@Module({})
export class VoiceSharedModule implements OnApplicationShutdown {
  constructor(@Inject(CALLS_BREAKER) private readonly callsBreaker: ProviderBreaker) {}

  onApplicationShutdown(): void {
    this.callsBreaker.shutdown();
  }

  static forRoot(account: TwilioAccount, clock: Clock): DynamicModule {
    const all = [{ provide: TWILIO_ACCOUNT, useValue: account }, { provide: VOICE_CLOCK, useValue: clock }, ...providers];
    return { module: VoiceSharedModule, providers: all, exports: all.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
