/**
 * Signed Messenger page webhooks → channel-social → Kafka → tickets, the
 * services run as separate processes exactly as the platform runs them, on
 * loopback. Each POST is shaped like Meta's (object "page", several entries,
 * several messaging events each, JSON escaped as Meta escapes it, signed
 * X-Hub-Signature-256 with the app secret over the raw bytes).
 * 1. Webhook → ticket at a moderate rate: POST sent → the tickets service's
 *    ticket.message-added.v1 for each message (causation id = the contact's
 *    deterministic event id), p50/p99; every message one timeline entry.
 * 2. A rising offered rate (open loop), BENCH_STEP_SECONDS per rate, with the
 *    tickets service stopped (so its backlog does not share the 2 cores):
 *    response p50/p99/max, rates answered; the highest rate with p99 < 100 ms.
 *    Every message of every step must be exactly one contact.received.v1.
 * Beside them, the raw limits of the same run: Kafka produce, and single-document
 * inserts into the store (what each message costs channel-social besides a publish).
 * The bench fails when a message is lost or doubled.
 */
import { randomBytes } from 'node:crypto';
import { deterministicEventId, TOPICS } from '@threadline/contracts';
import { newMid, pageWebhook, postMessengerWebhook, textEvent } from '@threadline/testing';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaProduceFigure } from '../limits/raw-kafka';
import { rawStoreSingleInserts } from '../limits/raw-store';
import { MessageAddedWatch } from '../message-added-watch';
import { percentileFigures, runRateSteps, ratesFromEnv, type SentRequest } from '../rate-steps';
import { report, type Figure } from '../report';
import { runScenario, ServiceGroup } from '../service-processes';
import { countEventIds } from '../topic-count';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-messenger-${run}`;
const PAGE_ID = '104729385610001';
const APP_SECRET = randomBytes(24).toString('hex');
const PAGE_ACCESS_TOKEN = `EAAB${randomBytes(40).toString('base64url')}`;
const VERIFY_TOKEN = randomBytes(12).toString('hex');
const CUSTOMERS = 500;
/** Meta gives up on a webhook after 20 s (and then retries); longer counts as failed. */
const REQUEST_TIMEOUT_MS = 20_000;
const SUSTAINED_P99_MS = 100;

const TEXTS = [
  'Dzień dobry, zamówienie {n} jeszcze nie dotarło. Kiedy kurier?',
  'Proszę o fakturę VAT do zamówienia {n}.',
  'Paczka {n} przyszła uszkodzona, zgłaszam reklamację — zdjęcia wyślę.',
  'Czy mogę zmienić adres dostawy na ul. Źródlaną 7/12, Łódź?',
  'Dziękuję, wszystko już działa. Zażółć gęślą jaźń.',
];

/** A page webhook of `entries` entries × `events` messages, each of its own customer (PSID). */
function webhookBody(i: number, entries: number, events: number): { body: object; eventIds: string[] } {
  const eventIds: string[] = [];
  const now = Date.now();
  const entryList = Array.from({ length: entries }, (_, e) => ({
    pageId: PAGE_ID,
    messaging: Array.from({ length: events }, (_, m) => {
      const n = (i * entries + e) * events + m;
      const mid = newMid();
      eventIds.push(deterministicEventId('contact.received.v1', workspaceId, 'messenger', mid));
      const psid = String(7_100_000_000_000_000 + (n % CUSTOMERS));
      return textEvent(PAGE_ID, psid, TEXTS[n % TEXTS.length].replace('{n}', `PL-${100000 + n}`), now, mid);
    }),
  }));
  return { body: pageWebhook(...entryList), eventIds };
}

async function main() {
  const rates = ratesFromEnv('BENCH_MESSENGER_RATES', '10,20,40,80,160');
  const entries = intFromEnv('BENCH_MESSENGER_ENTRIES', 3);
  const events = intFromEnv('BENCH_MESSENGER_EVENTS', 3);
  const ticketRate = intFromEnv('BENCH_MESSENGER_TICKET_RATE', 1);
  const stepSeconds = intFromEnv('BENCH_STEP_SECONDS', 10);
  const drainSeconds = intFromEnv('BENCH_DRAIN_SECONDS', 300);
  const socialPort = intFromEnv('BENCH_SOCIAL_HTTP_PORT', 23003);
  const perPost = entries * events;
  const figures: Figure[] = [];
  const notes: string[] = [];
  let lost = 0;

  // Raw limits first, before the services load the machine: each message is a Kafka publish and single-document writes.
  const kafka = await rawKafkaProduceFigure(brokers, 10_000);
  const store = await rawStoreSingleInserts(infra.mongoUrl, 2_000, entries * events);
  figures.push(
    kafka,
    {
      name: `store single-document inserts, ${entries * events} at a time`,
      value: store.insertsPerSecond,
      unit: 'insert/s',
      kind: 'limit',
    },
    ...percentileFigures('store single-document insert', store.roundTrips, 'limit'),
  );

  const watch = await MessageAddedWatch.started(brokers, workspaceId, run);

  const services = new ServiceGroup();
  const tickets = services.startTickets(run);
  services.start('channel-social', {
    HTTP_PORT: String(socialPort),
    MONGO_DATABASE: `bench_social_${run}`,
    MESSENGER_PAGES: JSON.stringify([
      { pageId: PAGE_ID, workspaceId, pageAccessToken: PAGE_ACCESS_TOKEN, appSecret: APP_SECRET },
    ]),
    MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
    // Nothing is sent in this bench; should anything try, it stays on loopback.
    MESSENGER_API_BASE_URL: 'http://127.0.0.1:9',
    MESSENGER_CONSUMER_GROUP: `bench-messenger-${run}`,
    CHAT_CONSUMER_GROUP: `bench-chat-${run}`,
  });
  const socialUrl = `http://127.0.0.1:${socialPort}`;
  const send = async (i: number, record: SentRequest) => {
    const { body, eventIds } = webhookBody(i, entries, events);
    record.eventIds.push(...eventIds);
    try {
      // Escaped and signed as Meta does it (the signature covers those raw bytes).
      const answer = await postMessengerWebhook(socialUrl, body, APP_SECRET, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      record.status = answer.status;
    } catch {
      record.status = null;
    }
  };
  try {
    await services.healthy(socialUrl);
    const subscribed = await fetch(
      `${socialUrl}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=bench-${run}`,
    ).then((r) => r.text());
    if (subscribed !== `bench-${run}`) throw new Error('the Messenger subscription check failed: is the page configured?');

    // 1. The whole path at a moderate rate, while the tickets service keeps up.
    const moderate = await runRateSteps({ rates: [ticketRate], stepSeconds, unit: 'POST', died: services.died, send });
    const toTicket = await Promise.race([
      watch.latencyFigures(moderate.sent, moderate.steps, drainSeconds * 1000, 'Messenger message'),
      services.died,
    ]);
    figures.push(
      ...toTicket.figures.map((f) => ({ ...f, name: `${f.name} (${perPost} per POST)` })),
      ...moderate.figures
        .filter((f) => /response p(50|99)/.test(f.name))
        .map((f) => ({ ...f, name: `with tickets running, ${f.name}` })),
    );
    notes.push(...toTicket.notes);
    lost += toTicket.missing + toTicket.doubled;

    // 2. The webhook alone at a rising rate: the tickets service would only drain a growing backlog beside it.
    await services.stopOne(tickets);
    const stepped = await runRateSteps({
      rates,
      stepSeconds,
      unit: 'POST',
      itemsPerRequest: perPost,
      itemUnit: 'message',
      died: services.died,
      sustainedP99Ms: SUSTAINED_P99_MS,
      send,
    });
    figures.push(...stepped.figures);
    notes.push(
      ...stepped.notes,
      'the rising-rate steps ran with the tickets service stopped: they measure channel-social (verify, dedupe, publish, acknowledge) and Kafka, not a tickets backlog sharing the cores',
    );

    // Every message answered 200 must be on Kafka exactly once.
    const wanted = stepped.sent.filter((s) => s.status === 200).flatMap((s) => s.eventIds);
    const counts = await countEventIds(brokers, TOPICS.contactReceived.name, workspaceId, new Set(wanted), watch.logger);
    const missing = wanted.filter((id) => !counts.has(id)).length;
    const doubled = wanted.filter((id) => (counts.get(id) ?? 0) > 1).length;
    figures.push({
      name: 'rising rate: messages as one contact.received.v1',
      value: wanted.length - missing - doubled,
      unit: `of ${wanted.length}`,
      kind: 'result',
    });
    if (missing) notes.push(`${missing} messages answered 200 have no contact.received.v1`);
    if (doubled) notes.push(`${doubled} messages became more than one contact.received.v1 record`);
    lost += missing + doubled;
  } finally {
    await services.stop();
    await watch.stop();
  }
  report(
    'messenger-webhooks',
    { rates, entriesPerPost: entries, eventsPerEntry: events, ticketRate, stepSeconds, drainSeconds, customers: CUSTOMERS },
    figures,
    notes,
  );
  if (lost) throw new Error(`${lost} Messenger messages lost or doubled (see the notes)`);
}

runScenario(main);
