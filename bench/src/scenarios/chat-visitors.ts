/**
 * Concurrent web-chat visitors on channel-social's WebSocket, answered by a
 * bench agent through the real path: each visitor message → contact.received.v1
 * → the tickets service (a ticket per visitor) → the agent, who answers the
 * moment it sees the ticket's ticket.message-added.v1 on Kafka (no think
 * time), through the tickets service's internal command API — the one the
 * gateway forwards `POST /api/v1/tickets/:number/replies` to, minus the
 * gateway's login check — → outbound.requested.v1 → channel-social → the
 * visitor's socket. Closed loop: a visitor writes again only after the reply
 * (and a think time), so the figures find the rate the path sustains.
 * Measured: message → ack, message → agent reply on the socket (and its
 * parts), connections held, errors. Beside them, the raw limits of the same
 * run: open-files limit, a bare `ws` echo server with as many sockets, Kafka.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { deterministicEventId, TOPICS } from '@threadline/contracts';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaProduceFigure } from '../limits/raw-kafka';
import { openFilesLimits, rawWsEcho } from '../limits/raw-ws';
import { MessageAddedWatch, type InboundAnnounced } from '../message-added-watch';
import { percentileFigures } from '../rate-steps';
import { report, type Figure } from '../report';
import { metricTotal } from '../service-metrics';
import { InternalApiClient, ServiceTokenMinter } from '@threadline/service-runtime';
import { benchServiceTokenSecret, runScenario, ServiceGroup } from '../service-processes';
import { perSecond } from '../stats';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-chat-${run}`;

const NAMES = [
  'Anna Kowalska',
  'Łukasz Wiśniewski',
  'Małgorzata Wójcik',
  'Paweł Kamiński',
  'Żaneta Dąbrowska',
  'Grzegorz Woźniak',
];
const TEXTS = [
  'Dzień dobry, gdzie jest moja paczka {n}?',
  'Czy mogę zmienić adres dostawy na ul. Źródlaną 7, Łódź?',
  'Dziękuję, a kiedy przyjdzie faktura VAT?',
  'Zażółć gęślą jaźń — czy to już wszystko?',
];

/** One visitor message and what happened to it, on this machine's clock. */
interface ChatExchange {
  eventId: string;
  sentAt: number;
  ackAt: number | null;
  replyAt: number | null;
}

/** What the bench agent did for one visitor message (by its contact event id). */
interface AgentTurn {
  sawAt: number;
  postedAt: number;
  answeredAt: number | null;
  status: number | null;
}

const turns = new Map<string, AgentTurn>();
const errors = new Map<string, number>();
const countError = (kind: string) => errors.set(kind, (errors.get(kind) ?? 0) + 1);
let open = 0;
let held = 0;

/** The agent's answer names the message it answers, so a reply pushed to the wrong visitor is noticed. */
const answerTo = (eventId: string) => `Dziękujemy, już sprawdzamy (${eventId.slice(0, 12)}). Pozdrawiamy, zespół obsługi.`;

/** The bench agent: answers each new visitor message on its ticket at once. */
function agent(ticketsInternalUrl: string) {
  // As the gateway forwards an agent's reply: a service token for tickets naming the agent.
  const tickets = new InternalApiClient(
    { name: 'tickets', baseUrl: ticketsInternalUrl },
    new ServiceTokenMinter('gateway', benchServiceTokenSecret),
  );
  return (entry: InboundAnnounced) => {
    if (entry.channel !== 'chat') return;
    const turn: AgentTurn = { sawAt: Date.now(), postedAt: Date.now(), answeredAt: null, status: null };
    turns.set(entry.causationId, turn);
    void tickets
      .call({ workspaceId, agentId: 'agent-bench', role: 'agent' }, `tickets/${entry.ticketNumber}/replies`, {
        method: 'POST',
        headers: { 'idempotency-key': entry.causationId },
        body: { text: answerTo(entry.causationId) },
        timeoutMs: 30_000,
      })
      .then(
        async (response) => {
          await response.text();
          turn.status = response.status;
          turn.answeredAt = Date.now();
          if (response.status !== 201) countError(`agent reply answered ${response.status}`);
        },
        () => countError('agent reply failed'),
      );
  };
}

interface VisitorPlan {
  url: string;
  messages: number;
  thinkMs: number;
  replyTimeoutMs: number;
  index: number;
}

type Frame = { type: string; id?: string; sessionId?: string; code?: string; line?: { from: string; text: string } };

/**
 * One visitor: connects, says hello, then writes `messages` times, each after
 * the previous reply; resolves with how to hang up (the socket stays open
 * until every visitor is done: the figures are for all of them at once).
 */
async function visitor(plan: VisitorPlan, exchanges: ChatExchange[]): Promise<() => Promise<void>> {
  const ws = new WebSocket(plan.url);
  const waiting = new Map<string, (frame: Frame) => void>();
  const on = (type: string, timeoutMs: number) =>
    new Promise<Frame | null>((resolve) => {
      const timer = setTimeout(() => (waiting.delete(type), resolve(null)), timeoutMs);
      waiting.set(type, (frame) => (clearTimeout(timer), waiting.delete(type), resolve(frame)));
    });
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Frame;
    if (frame.type === 'error') countError(`error frame ${frame.code}`);
    waiting.get(frame.type)?.(frame);
  });
  let hangingUp = false;
  const closed = new Promise<void>((resolve) =>
    ws.once('close', (code, reason) => {
      // 1006: the connection dropped (or the server's ping check terminated it); 4408: no welcome within its hello timeout.
      if (!hangingUp) countError(`closed by the server (${code}${reason.length ? ` ${reason.toString()}` : ''})`);
      resolve();
    }),
  );
  try {
    await new Promise<void>((resolve, reject) => ws.once('open', resolve).once('error', reject));
  } catch (error) {
    countError(`connect: ${(error as Error).message}`);
    return async () => undefined;
  }
  open++;
  held = Math.max(held, open);
  ws.once('close', () => open--);
  ws.once('error', (error) => countError(`socket error: ${error.message}`));
  const visitorId = randomBytes(18).toString('hex');
  const welcome = on('welcome', 30_000);
  ws.send(JSON.stringify({ type: 'hello', workspace: workspaceId, visitorId, name: NAMES[plan.index % NAMES.length] }));
  const session = (await welcome)?.sessionId;
  if (!session) {
    countError('no welcome');
    hangingUp = true;
    ws.terminate();
    return async () => undefined;
  }
  for (let m = 0; m < plan.messages; m++) {
    // Think time, jittered ±50 % so visitors do not write in lockstep.
    await new Promise((r) => setTimeout(r, plan.thinkMs * (0.5 + Math.random())));
    const id = randomBytes(12).toString('hex');
    const exchange: ChatExchange = {
      eventId: deterministicEventId('contact.received.v1', workspaceId, 'chat', session, id),
      sentAt: Date.now(),
      ackAt: null,
      replyAt: null,
    };
    exchanges.push(exchange);
    const ack = on('ack', 30_000);
    const reply = on('message', plan.replyTimeoutMs);
    const text = TEXTS[(plan.index + m) % TEXTS.length].replace('{n}', `PL-${100000 + plan.index}`);
    ws.send(JSON.stringify({ type: 'message', id, text }));
    const acked = await ack;
    if (acked?.id === id) exchange.ackAt = Date.now();
    else countError('no ack');
    const answer = await reply;
    if (!answer) {
      countError('no agent reply in time');
      break;
    }
    exchange.replyAt = Date.now();
    if (answer.line?.from !== 'agent' || answer.line.text !== answerTo(exchange.eventId)) countError('reply not to this message');
  }
  return async () => {
    hangingUp = true;
    ws.close();
    await closed;
  };
}

/** The knobs (scripts/bench.sh lists them). */
function knobsFromEnv() {
  return {
    visitors: intFromEnv('BENCH_CHAT_VISITORS', 500),
    messages: intFromEnv('BENCH_CHAT_MESSAGES', 3),
    rampSeconds: intFromEnv('BENCH_CHAT_RAMP_SECONDS', 30),
    thinkSeconds: intFromEnv('BENCH_CHAT_THINK_SECONDS', 10),
    replyTimeoutSeconds: intFromEnv('BENCH_CHAT_REPLY_TIMEOUT_SECONDS', 180),
    socialPort: intFromEnv('BENCH_SOCIAL_HTTP_PORT', 23003),
    ticketsPort: intFromEnv('BENCH_TICKETS_HTTP_PORT', 23004),
    ticketsInternalPort: intFromEnv('BENCH_TICKETS_INTERNAL_HTTP_PORT', 23104),
  };
}

async function main() {
  const { visitors, messages, rampSeconds, thinkSeconds, replyTimeoutSeconds, socialPort, ticketsPort, ticketsInternalPort } =
    knobsFromEnv();
  const figures: Figure[] = [];
  const notes: string[] = [];

  // Raw limits first, before the services load the machine.
  const files = openFilesLimits();
  const wsEcho = await rawWsEcho(visitors, messages);
  const kafka = await rawKafkaProduceFigure(brokers, 5_000);
  figures.push(
    { name: 'open files per process (soft)', value: files.soft, unit: 'fds', kind: 'limit' },
    { name: 'open files per process (hard)', value: files.hard, unit: 'fds', kind: 'limit' },
    { name: `bare ws echo: ${visitors} sockets connected in`, value: wsEcho.connectMs, unit: 'ms', kind: 'limit' },
    ...percentileFigures(
      `bare ws echo: ${visitors} sockets × ${messages} messages at once, round trip`,
      wsEcho.roundTrips,
      'limit',
    ),
    kafka,
  );
  if (wsEcho.failed) figures.push({ name: 'bare ws echo: sockets failed', value: wsEcho.failed, unit: 'sockets', kind: 'limit' });

  const ticketsUrl = `http://127.0.0.1:${ticketsPort}`;
  const watch = await MessageAddedWatch.started(brokers, workspaceId, run);
  // Before any visitor writes: the agent answers every message it is shown.
  watch.onInbound = agent(`http://127.0.0.1:${ticketsInternalPort}`);

  const services = new ServiceGroup();
  services.startTickets(run, { HTTP_PORT: String(ticketsPort), INTERNAL_HTTP_PORT: String(ticketsInternalPort) });
  services.start('channel-social', {
    HTTP_PORT: String(socialPort),
    MONGO_DATABASE: `bench_social_${run}`,
    CHAT_WORKSPACES: workspaceId,
    // The bench agent is always there; agents' presence through the gateway is not part of this measurement.
    CHAT_AGENTS_ONLINE: 'true',
    CHAT_CONSUMER_GROUP: `bench-chat-${run}`,
    CHAT_LIVE_GROUP_PREFIX: `bench-chat-live-${run}`,
    // Every bench visitor connects from 127.0.0.1: one address, hundreds of sockets.
    CHAT_MAX_CONNECTIONS_PER_ADDRESS: String(visitors + 10),
  });
  const socialUrl = `http://127.0.0.1:${socialPort}`;
  const exchanges: ChatExchange[] = [];
  let tookMs = 0;
  let handled = { count: NaN, cpuSeconds: NaN };
  try {
    await Promise.all([services.healthy(socialUrl), services.healthy(ticketsUrl)]);
    const started = Date.now();
    const plan = {
      url: `${socialUrl.replace(/^http/, 'ws')}/chat/ws`,
      messages,
      thinkMs: thinkSeconds * 1000,
      replyTimeoutMs: replyTimeoutSeconds * 1000,
    };
    const all: Promise<() => Promise<void>>[] = [];
    for (let v = 0; v < visitors; v++) {
      const due = started + (v * rampSeconds * 1000) / visitors;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      all.push(visitor({ ...plan, index: v }, exchanges));
    }
    // Progress on stderr, for whoever watches a long run.
    const progress = setInterval(() => {
      const replied = exchanges.filter((e) => e.replyAt !== null).length;
      console.error(
        `chat-visitors: ${open} open, ${exchanges.length} sent, ${replied} answered, ${[...errors.values()].reduce((a, b) => a + b, 0)} errors`,
      );
    }, 15_000);
    const hangUps = await Promise.race([Promise.all(all), services.died]).finally(() => clearInterval(progress));
    tookMs = Date.now() - started;
    await Promise.all(hangUps.map((hangUp) => hangUp()));
    // The intake handles contacts in batches: counted per event by the consumer, timed as CPU of the process.
    handled = {
      count: await metricTotal(ticketsUrl, 'threadline_events_consumed_total', `topic="${TOPICS.contactReceived.name}"`),
      cpuSeconds: await metricTotal(ticketsUrl, 'process_cpu_seconds_total'),
    };
  } finally {
    await services.stop();
    await watch.stop();
  }

  const acked = exchanges.filter((e) => e.ackAt !== null);
  const replied = exchanges.filter((e) => e.replyAt !== null);
  const part = (f: (e: ChatExchange, t: AgentTurn) => number | null) =>
    replied.flatMap((e) => {
      const t = turns.get(e.eventId);
      const value = t ? f(e, t) : null;
      return value === null ? [] : [value];
    });
  figures.push(
    { name: 'connections held at once', value: held, unit: `of ${visitors}`, kind: 'result' },
    { name: 'visitor messages sent', value: exchanges.length, unit: `of ${visitors * messages}`, kind: 'result' },
    { name: 'messages answered on the socket', value: replied.length, unit: `of ${exchanges.length}`, kind: 'result' },
    { name: 'message rate achieved (closed loop)', value: perSecond(replied.length, tookMs), unit: 'msg/s', kind: 'result' },
    ...percentileFigures(
      'visitor message → ack',
      acked.map((e) => e.ackAt! - e.sentAt),
    ),
    ...percentileFigures(
      'visitor message → agent reply on the socket',
      replied.map((e) => e.replyAt! - e.sentAt),
    ),
    ...percentileFigures(
      '  of it: message → agent sees message-added',
      part((e, t) => t.sawAt - e.sentAt),
    ),
    ...percentileFigures(
      '  of it: agent reply POST answered in',
      part((_, t) => (t.answeredAt === null ? null : t.answeredAt - t.postedAt)),
    ),
    ...percentileFigures(
      '  of it: reply POST → pushed to the socket',
      part((e, t) => e.replyAt! - t.postedAt),
    ),
  );
  figures.push(
    { name: 'tickets service: contacts handled in the run', value: handled.count, unit: 'contacts', kind: 'result' },
    {
      name: 'tickets service: process CPU per contact handled (its /metrics, idle time included)',
      value: handled.count > 0 ? Math.round((handled.cpuSeconds / handled.count) * 10_000) / 10 : NaN,
      unit: 'CPU-ms',
      kind: 'result',
    },
  );
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  figures.push({ name: 'errors', value: errorCount, unit: 'errors', kind: 'result' });
  for (const [kind, count] of errors) notes.push(`${count} × ${kind}`);
  notes.push(
    'the agent sees a message through ticket.message-added.v1 on Kafka (its own consumer group) and replies through the tickets internal command API, not the gateway',
    'agents are online by CHAT_AGENTS_ONLINE=true, not by presence through the gateway',
  );
  report('chat-visitors', { visitors, messages, rampSeconds, thinkSeconds, replyTimeoutSeconds }, figures, notes);
  if (errorCount) throw new Error(`${errorCount} chat errors (see the notes)`);
}

runScenario(main);
