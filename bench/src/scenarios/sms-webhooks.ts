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
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { deterministicEventId } from '@threadline/contracts';
import { createKafkaClient, ensureTopics } from '@threadline/kafka';
import { createLogger } from '@threadline/observability';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaRates } from '../limits/raw-kafka';
import { MessageAddedWatch } from '../message-added-watch';
import { report, type Figure } from '../report';
import { runScenario, startServiceProcess, stopServiceProcess } from '../service-processes';
import { percentile, perSecond } from '../stats';

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
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const from = `+48600${String(300000 + (i % CUSTOMERS))}`;
  const body = TEXTS[i % TEXTS.length].replace('{n}', `PL-${100000 + i}`);
  const params: Record<string, string> = {
    ToCountry: 'PL',
    ToState: '',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: 'PL',
    To: OUR_NUMBER,
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: from,
    ApiVersion: '2010-04-01',
  };
  return { sid, params };
}

interface Sent {
  step: number;
  eventId: string;
  sentAt: number;
  answeredAt: number | null;
  status: number | null;
}

function ratesFromEnv(): number[] {
  const raw = process.env.BENCH_SMS_RATES ?? '10,20,40,80,160';
  const rates = raw.split(',').map((r) => Number(r.trim()));
  if (rates.some((r) => !Number.isInteger(r) || r <= 0)) throw new Error('BENCH_SMS_RATES must be positive integers, e.g. 10,20,40');
  return rates;
}

/** Rejects if a service process dies before we end it. */
function deathOf(name: string, child: ChildProcess, stopping: () => boolean): Promise<never> {
  const died = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => {
      if (!stopping()) reject(new Error(`${name} exited (code ${code}, signal ${signal}) during the bench`));
    }),
  );
  died.catch(() => undefined); // observed by the races below
  return died;
}

async function healthy(url: string, died: Promise<never>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy within 60 s`);
    await Promise.race([new Promise((r) => setTimeout(r, 250)), died]);
  }
}

async function main() {
  const rates = ratesFromEnv();
  const stepSeconds = intFromEnv('BENCH_STEP_SECONDS', 10);
  const drainSeconds = intFromEnv('BENCH_DRAIN_SECONDS', 300);
  const voicePort = intFromEnv('BENCH_VOICE_HTTP_PORT', 23002);
  const figures: Figure[] = [];
  const notes: string[] = [];

  // Raw limit first, before the services load the broker.
  const kafka = await rawKafkaRates(brokers, 10_000);
  figures.push({ name: 'kafkajs produce (idempotent, acks=all, 1.5 KB)', value: kafka.producePerSecond, unit: 'msg/s', kind: 'limit' });

  const logger = createLogger('bench', 'warn');
  const admin = createKafkaClient({ brokers, clientId: 'bench', logger }).admin();
  await admin.connect();
  await ensureTopics(admin);
  await admin.disconnect();
  const watch = new MessageAddedWatch(brokers, workspaceId, logger);
  await watch.start(`bench-watch-${run}`);

  let stopping = false;
  const tickets = startServiceProcess('tickets', {
    MONGO_DATABASE: `bench_tickets_${run}`,
    TICKETS_CONSUMER_GROUP: `bench-tickets-${run}`,
  });
  const voice = startServiceProcess('channel-voice', {
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
  const died = Promise.race([deathOf('tickets', tickets, () => stopping), deathOf('channel-voice', voice, () => stopping)]);
  died.catch(() => undefined);
  const voiceUrl = `http://127.0.0.1:${voicePort}`;
  const sent: Sent[] = [];
  try {
    await healthy(voiceUrl, died);
    const webhookUrl = `${PUBLIC_BASE_URL}/webhooks/twilio/sms`;
    const post = async (i: number, step: number) => {
      const { sid, params } = smsForm(i);
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, webhookUrl, params);
      const record: Sent = {
        step,
        eventId: deterministicEventId('contact.received.v1', workspaceId, 'sms', sid),
        sentAt: Date.now(),
        answeredAt: null,
        status: null,
      };
      sent.push(record);
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
      record.answeredAt = Date.now();
    };

    // Warm-up: the first webhooks pay for connections and JIT; not measured.
    for (let w = 0; w < 5; w++) await post(1_000_000 + w, -1);
    sent.length = 0;

    let index = 0;
    let sustained = 0;
    const steps: { rate: number; p50: number; p99: number; answered: number; failed: number }[] = [];
    for (const [step, rate] of rates.entries()) {
      const count = rate * stepSeconds;
      const started = Date.now();
      const inFlight: Promise<void>[] = [];
      for (let k = 0; k < count; k++) {
        const due = started + (k * 1000) / rate;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        inFlight.push(post(index++, step));
      }
      await Promise.race([Promise.all(inFlight), died]);
      const mine = sent.filter((s) => s.step === step);
      const ok = mine.filter((s) => s.status === 200);
      const times = ok.map((s) => s.answeredAt! - s.sentAt);
      const lastAnswer = Math.max(...mine.map((s) => s.answeredAt!));
      const answered = perSecond(ok.length, lastAnswer - started);
      const result = { rate, p50: percentile(times, 50), p99: percentile(times, 99), answered, failed: mine.length - ok.length };
      steps.push(result);
      figures.push(
        { name: `${rate}/s × ${stepSeconds} s: webhook response p50`, value: result.p50, unit: 'ms', kind: 'result' },
        { name: `${rate}/s × ${stepSeconds} s: webhook response p99`, value: result.p99, unit: 'ms', kind: 'result' },
        { name: `${rate}/s × ${stepSeconds} s: rate answered 200`, value: answered, unit: 'webhook/s', kind: 'result' },
      );
      if (result.failed) figures.push({ name: `${rate}/s: webhooks failed or not 200`, value: result.failed, unit: 'webhooks', kind: 'result' });
      const held = result.failed === 0 && result.p99 < SUSTAINED_P99_MS && answered >= 0.9 * rate;
      if (held) sustained = rate;
      // Bounded: past a step this far gone, a higher rate only measures a longer queue.
      if (step < rates.length - 1 && (result.p99 > 5_000 || result.failed > count / 10)) {
        notes.push(`stopped after ${rate}/s: p99 ${result.p99} ms, ${result.failed} failed`);
        break;
      }
    }
    figures.push({
      name: `highest rate sustained with p99 < ${SUSTAINED_P99_MS} ms`,
      value: sustained,
      unit: 'webhook/s',
      kind: 'result',
    });

    // Webhook → ticket: every SMS answered 200 must reach a ticket's timeline.
    const delivered = sent.filter((s) => s.status === 200);
    await Promise.race([watch.waitFor(delivered.map((s) => s.eventId), drainSeconds * 1000), died]).catch((error: unknown) => {
      notes.push(`not every SMS reached a ticket within ${drainSeconds} s: ${(error as Error).message}`);
    });
    const reached = delivered.filter((s) => watch.arrivals.has(s.eventId));
    const latency = (list: Sent[]) => list.map((s) => watch.arrivals.get(s.eventId)!.at - s.sentAt);
    for (const [step, result] of steps.entries()) {
      const l = latency(reached.filter((s) => s.step === step));
      figures.push(
        { name: `${result.rate}/s: webhook → ticket.message-added p50`, value: percentile(l, 50), unit: 'ms', kind: 'result' },
        { name: `${result.rate}/s: webhook → ticket.message-added p99`, value: percentile(l, 99), unit: 'ms', kind: 'result' },
      );
    }
    const all = latency(reached);
    figures.push(
      { name: 'all steps: webhook → ticket.message-added p50', value: percentile(all, 50), unit: 'ms', kind: 'result' },
      { name: 'all steps: webhook → ticket.message-added p99', value: percentile(all, 99), unit: 'ms', kind: 'result' },
      { name: `SMS on a ticket / answered 200`, value: reached.length, unit: `of ${delivered.length}`, kind: 'result' },
    );
    const doubled = reached.filter((s) => watch.arrivals.get(s.eventId)!.messageIds.size !== 1).length;
    if (doubled) notes.push(`${doubled} SMS became more than one timeline entry`);
    notes.push(
      'webhook → ticket includes waiting behind earlier SMS in the tickets service: at steps above its contact rate (contact-to-ticket) it measures a growing queue, not the path',
    );
  } finally {
    stopping = true;
    await Promise.all([stopServiceProcess(voice), stopServiceProcess(tickets)]);
    await watch.stop();
  }
  report('sms-webhooks', { rates, stepSeconds, drainSeconds, customers: CUSTOMERS }, figures, notes);
}

runScenario(main);
