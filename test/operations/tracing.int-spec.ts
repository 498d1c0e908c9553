// One trace from a customer's SMS to the platform's reply, across Kafka: the
// signed Twilio webhook into channel-voice → contact.received.v1 → tickets →
// ticket.events.v1 → routing, whose template rule answers through tickets'
// internal API → outbound.requested.v1 → channel-voice → Twilio. Spans go over
// OTLP/HTTP to a local stand-in of a collector's receiver. Real: Kafka, the
// store, the three services, the OpenTelemetry SDK and OTLP exporter.
import { randomBytes, randomInt } from 'node:crypto';
import { TOPICS } from '@threadline/contracts';
import { startTracing, type Tracing } from '@threadline/observability';
import {
  commonTestEnv,
  consumerGroupStartingNow,
  inboundSmsParams,
  OtlpReceiverStandIn,
  postSignedWebhook,
  type ReceivedSpan,
  type RunningService,
  startService,
  TwilioStandIn,
  uniqueName,
  waitFor,
} from '@threadline/testing';
import { channelVoiceService } from '../../services/channel-voice/src/app.module';
import { routingService } from '../../services/routing/src/app.module';
import { ticketsService } from '../../services/tickets/src/app.module';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const PUBLIC_BASE_URL = 'https://voice.threadline.test';
const workspaceId = uniqueName('ws-trace');
const number = '+48221230099';
const customer = `+4860${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;

const collector = new OtlpReceiverStandIn();
const twilio = new TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN);
const running: RunningService[] = [];
let tracing: Tracing | null;
let voice: RunningService;
let routing: RunningService;

const SPAN_KIND = { server: 2, client: 3, producer: 4, consumer: 5 } as const;

beforeAll(async () => {
  await collector.start();
  await twilio.start();
  tracing = startTracing('threadline-test', collector.url);
  const tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name, TOPICS.deliveryStatus.name]),
  });
  voice = await startService(channelVoiceService, {
    ...commonTestEnv('channel-voice'),
    VOICE_NUMBERS: JSON.stringify([{ workspaceId, number }]),
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    TWILIO_API_BASE_URL: twilio.url,
    VOICE_SMS_CONSUMER_GROUP: await consumerGroupStartingNow('voice', [TOPICS.outboundRequested.name]),
  });
  routing = await startService(routingService, {
    ...commonTestEnv('routing'),
    TICKETS_URL: tickets.internalUrl,
    CHANNEL_VOICE_URL: voice.internalUrl,
    ROUTING_CONSUMER_GROUP: await consumerGroupStartingNow('routing', [TOPICS.ticketEvents.name]),
    ROUTING_PRESENCE_CONSUMER_GROUP: await consumerGroupStartingNow('routing-presence', [TOPICS.chatSignals.name]),
    ROUTING_ASSIGNMENT_CONSUMER_GROUP: await consumerGroupStartingNow('routing-assignment', [TOPICS.ticketEvents.name]),
    ROUTING_VOICE_CONSUMER_GROUP: await consumerGroupStartingNow('routing-voice', [TOPICS.voiceEvents.name]),
  });
  running.push(routing, voice, tickets);
}, 180_000);

afterAll(async () => {
  for (const service of running) await service.close();
  await tracing?.shutdown();
  await twilio.stop();
  await collector.stop();
});

it('follows a customer SMS to the automatic reply in one trace: webhook → channel → Kafka → tickets → routing → reply', async () => {
  const rule = await routing.internalApi(workspaceId, { id: 'admin-ola', role: 'admin' }).fetch('routing/rules', {
    method: 'POST',
    body: {
      name: 'Potwierdzenie',
      trigger: 'ticket.created',
      actions: [
        { type: 'send-template', templates: { pl: 'Dzień dobry, przyjęliśmy zgłoszenie nr {{number}}. Zażółć gęślą jaźń.' } },
      ],
    },
  });
  expect(rule.status).toBe(201);

  const webhook = await postSignedWebhook(
    voice.url,
    PUBLIC_BASE_URL,
    '/webhooks/twilio/sms',
    inboundSmsParams(ACCOUNT_SID, customer, number, 'Gdzie jest moja paczka?'),
    AUTH_TOKEN,
  );
  expect(webhook.status).toBe(200);
  const reply = await waitFor('the reply SMS at Twilio', async () => twilio.requests.find((r) => r.form.To === customer) ?? null);
  expect(reply.form.Body).toBe('Dzień dobry, przyjęliśmy zgłoszenie nr 1. Zażółć gęślą jaźń.');

  const root = await waitFor(
    'the webhook span at the collector',
    async () => collector.spans.find((s) => s.kind === SPAN_KIND.server && s.name === 'POST /webhooks/twilio/sms') ?? null,
  );
  expect(root).toMatchObject({
    parentSpanId: '',
    service: 'threadline-test',
    attributes: { 'threadline.service': 'channel-voice' },
  });
  const hops = [
    [SPAN_KIND.producer, 'contact.received.v1 publish', 'channel-voice'],
    [SPAN_KIND.consumer, 'contact.received.v1 process', 'tickets'],
    [SPAN_KIND.producer, 'ticket.events.v1 publish', 'tickets'],
    [SPAN_KIND.consumer, 'ticket.events.v1 process', 'routing'],
    [SPAN_KIND.server, 'POST /internal/v1/workspaces/:workspaceId/tickets/:number/automatic-messages', 'tickets'],
    [SPAN_KIND.producer, 'outbound.requested.v1 publish', 'tickets'],
    [SPAN_KIND.consumer, 'outbound.requested.v1 process', 'channel-voice'],
    [SPAN_KIND.client, 'twilio:messages call', 'channel-voice'],
  ] as const;
  const isHop = (s: ReceivedSpan, [kind, name, service]: (typeof hops)[number]) =>
    s.kind === kind && s.name === name && (s.attributes['threadline.service'] === service || kind === SPAN_KIND.client);
  // Spans arrive in export batches, a parent often after its children: wait for every hop of this trace.
  const spans = await waitFor('every hop of the trace at the collector', async () => {
    const trace = collector.trace(root.traceId);
    return hops.every((hop) => trace.some((s) => isHop(s, hop))) ? trace : null;
  });
  expect(hops.filter((hop) => !spans.some((s) => isHop(s, hop)))).toEqual([]);
  // One tree: every span but the webhook's hangs under another span of the same trace.
  const ids = new Set(spans.map((s) => s.spanId));
  const orphans = spans.filter((s: ReceivedSpan) => s !== root && !ids.has(s.parentSpanId));
  expect(orphans).toEqual([]);
});
