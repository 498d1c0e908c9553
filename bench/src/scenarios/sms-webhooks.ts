/**
 * Signed Twilio SMS webhooks → channel-voice → Kafka → tickets, both services
 * run as separate processes exactly as the platform runs them, on loopback.
 * Webhooks go out at a rising offered rate (open loop: each on its own
 * schedule, whatever the answers do), a step of BENCH_STEP_SECONDS per rate:
 * - per step: webhook response time p50/p99 and the rate answered;
 * - the highest rate sustained with p99 < 100 ms;
 * - webhook sent → the tickets service's ticket.message-added.v1 for that SMS
 *   (matched by causation id = the contact's deterministic event id), p50/p99.
 * Beside them, the raw Kafka produce rate measured in the same run.
 */
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { deterministicEventId } from '@threadline/contracts';
import { inboundSmsParams } from '@threadline/testing';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaProduceFigure } from '../limits/raw-kafka';
import { MessageAddedWatch } from '../message-added-watch';
import { report, type Figure } from '../report';
import { runRateSteps, ratesFromEnv } from '../rate-steps';
import { runScenario, ServiceGroup } from '../service-processes';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-sms-${run}`;
const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
/** What Twilio would call; the signature is computed over it, the request goes to loopback. */
const PUBLIC_BASE_URL = 'https://voice.bench.threadline.test';
const OUR_NUMBER = '+48221230000';
const CUSTOMERS = 500;
/** A Twilio webhook that takes longer than this counts as failed (Twilio gives up at 15 s). */
const REQUEST_TIMEOUT_MS = 15_000;
const SUSTAINED_P99_MS = 100;

const TEXTS = [
  'Dzień dobry, zamówienie {n} jeszcze nie dotarło. Kiedy kurier?',
  'Proszę o fakturę VAT do zamówienia {n}.',
  'Paczka {n} przyszła uszkodzona, zgłaszam reklamację.',
  'Czy mogę zmienić adres dostawy na ul. Źródlaną 7, Łódź?',
  'Dziękuję, wszystko już działa. Zażółć gęślą jaźń.',
];

/** The fields Twilio's incoming-message webhook posts for one SMS. */
function smsForm(i: number): { sid: string; params: Record<string, string> } {
  const from = `+48600${String(300000 + (i % CUSTOMERS))}`;
  const body = TEXTS[i % TEXTS.length].replace('{n}', `PL-${100000 + i}`);
  const params = inboundSmsParams(ACCOUNT_SID, from, OUR_NUMBER, body);
  return { sid: params.MessageSid, params };
}

async function main() {
  const rates = ratesFromEnv('BENCH_SMS_RATES', '10,20,40,80,160');
  const stepSeconds = intFromEnv('BENCH_STEP_SECONDS', 10);
  const drainSeconds = intFromEnv('BENCH_DRAIN_SECONDS', 300);
  const voicePort = intFromEnv('BENCH_VOICE_HTTP_PORT', 23002);
  const figures: Figure[] = [];
  const notes: string[] = [];

  // Raw limit first, before the services load the broker.
  const kafka = await rawKafkaProduceFigure(brokers, 10_000);
  figures.push(kafka);

  const watch = await MessageAddedWatch.started(brokers, workspaceId, run);

  const services = new ServiceGroup();
  services.startTickets(run);
  services.start('channel-voice', {
    HTTP_PORT: String(voicePort),
    MONGO_DATABASE: `bench_voice_${run}`,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_BASE_URL,
    // Nothing is sent in this bench; should anything try, it stays on loopback.
    TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
    VOICE_NUMBERS: JSON.stringify([{ number: OUR_NUMBER, workspaceId }]),
    VOICE_SMS_CONSUMER_GROUP: `bench-voice-${run}`,
  });
  const voiceUrl = `http://127.0.0.1:${voicePort}`;
  try {
    await services.healthy(voiceUrl);
    const webhookUrl = `${PUBLIC_BASE_URL}/webhooks/twilio/sms`;
    const stepped = await runRateSteps({
      rates,
      stepSeconds,
      unit: 'webhook',
      died: services.died,
      sustainedP99Ms: SUSTAINED_P99_MS,
      send: async (i, record) => {
        const { sid, params } = smsForm(i);
        const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, webhookUrl, params);
        record.eventIds.push(deterministicEventId('contact.received.v1', workspaceId, 'sms', sid));
        try {
          const response = await fetch(`${voiceUrl}/webhooks/twilio/sms`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
            body: new URLSearchParams(params).toString(),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          await response.text();
          record.status = response.status;
        } catch {
          record.status = null;
        }
      },
    });
    figures.push(...stepped.figures);
    notes.push(...stepped.notes);

    // Webhook → ticket: every SMS answered 200 must reach a ticket's timeline.
    const toTicket = await Promise.race([
      watch.latencyFigures(stepped.sent, stepped.steps, drainSeconds * 1000, 'SMS'),
      services.died,
    ]);
    figures.push(...toTicket.figures);
    notes.push(
      ...toTicket.notes,
      'webhook → ticket includes waiting behind earlier SMS in the tickets service: at steps above its contact rate (contact-to-ticket) it measures a growing queue, not the path',
    );
  } finally {
    await services.stop();
    await watch.stop();
  }
  report('sms-webhooks', { rates, stepSeconds, drainSeconds, customers: CUSTOMERS }, figures, notes);
}

runScenario(main);
