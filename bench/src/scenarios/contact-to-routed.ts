/**
 * Contact → routed: SMS contacts of new customers straight onto Kafka at a
 * fixed offered rate → the tickets service opens a ticket → routing's rule
 * puts it in the `sklep` queue → assignment (its own consumer group) gives it
 * to the least loaded present member of the queue (`autoAssign`). Both
 * services run as separate processes exactly as the platform runs them.
 * Latency: from publishing the contact to the first `ticket.updated.v1` whose
 * state has both the queue and an assignee (Kafka record CreateTime), p50/p99/max,
 * beside contact → `ticket.created.v1` (the tickets service's share) and the raw
 * Kafka and store rates measured in the same run. Every contact must end routed.
 */
import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { TOPICS, type PayloadInputOf } from '@threadline/contracts';
import { createKafkaClient, EventPublisher } from '@threadline/kafka';
import { createLogger } from '@threadline/observability';
import { InternalApiClient, ServiceTokenMinter } from '@threadline/service-runtime';
import { benchKafka } from '../bench-kafka';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaAndStoreFigures } from '../limits/raw-limits';
import { report, type Figure } from '../report';
import { benchServiceTokenSecret, runScenario, ServiceGroup } from '../service-processes';
import { percentile, perSecond } from '../stats';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-routed-${run}`;
const AGENTS = Array.from({ length: 10 }, (_, i) => `agent-${i + 1}`);

/** When each ticket was opened and routed, by the Kafka records' CreateTime; the contact that opened it. */
class RoutedWatch {
  readonly openedBy = new Map<string, { contactId: string; at: number }>();
  readonly routedAt = new Map<string, { at: number; assignee: string }>();
  private consumer: Consumer | null = null;

  async start(): Promise<void> {
    const logger = createLogger('bench', 'warn');
    const consumer = createKafkaClient({ brokers, clientId: 'bench-routed-watch', logger }).consumer({
      groupId: `bench-routed-watch-${run}`,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: TOPICS.ticketEvents.name, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      partitionsConsumedConcurrently: TOPICS.ticketEvents.partitions,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages)
          this.take(JSON.parse(message.value?.toString('utf8') ?? 'null'), Number(message.timestamp));
      },
    });
    await joined;
  }

  private take(
    event: { type: string; workspaceId: string; causationId?: string; payload: Record<string, unknown> } | null,
    at: number,
  ) {
    if (event?.workspaceId !== workspaceId) return;
    const ticketId = event.payload.ticketId as string;
    if (event.type === 'ticket.created.v1' && event.causationId)
      this.openedBy.set(ticketId, { contactId: event.causationId, at });
    const state = event.payload.state as { queue: string | null; assigneeId: string | null } | undefined;
    if (event.type === 'ticket.updated.v1' && state?.queue && state.assigneeId && !this.routedAt.has(ticketId)) {
      this.routedAt.set(ticketId, { at, assignee: state.assigneeId });
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

async function main() {
  // The tickets service opens ~15 tickets/s on a loaded 2-core machine: the 200/s needs more cores.
  const rate = intFromEnv('BENCH_RATE', 10);
  const seconds = intFromEnv('BENCH_SECONDS', 30);
  const figures: Figure[] = [];
  const notes: string[] = [];
  figures.push(...(await rawKafkaAndStoreFigures(brokers, infra.mongoUrl)));

  const { logger, client, admin } = await benchKafka(brokers);
  await admin.disconnect();
  const publisher = new EventPublisher(client, 'bench', logger);
  await publisher.connect();
  const watch = new RoutedWatch();
  await watch.start();

  const ticketsInternalPort = intFromEnv('BENCH_TICKETS_INTERNAL_HTTP_PORT', 23104);
  const routingPort = intFromEnv('BENCH_ROUTING_HTTP_PORT', 23005);
  const routingInternalPort = intFromEnv('BENCH_ROUTING_INTERNAL_HTTP_PORT', 23105);
  const services = new ServiceGroup();
  services.startTickets(run, {
    HTTP_PORT: String(intFromEnv('BENCH_TICKETS_HTTP_PORT', 23004)),
    INTERNAL_HTTP_PORT: String(ticketsInternalPort),
  });
  services.start('routing', {
    MONGO_DATABASE: `bench_routing_${run}`,
    HTTP_PORT: String(routingPort),
    INTERNAL_HTTP_PORT: String(routingInternalPort),
    TICKETS_URL: `http://127.0.0.1:${ticketsInternalPort}`,
    ROUTING_CONSUMER_GROUP: `bench-routing-${run}`,
    ROUTING_SLA_CONSUMER_GROUP: `bench-routing-sla-${run}`,
    ROUTING_PRESENCE_CONSUMER_GROUP: `bench-routing-presence-${run}`,
    ROUTING_ASSIGNMENT_CONSUMER_GROUP: `bench-routing-assignment-${run}`,
  });
  const sent = new Map<string, number>();
  try {
    await services.healthy(`http://127.0.0.1:${routingPort}`);
    // The office: every new ticket to the shop's queue, which assigns by itself among ten present agents.
    const routing = new InternalApiClient(
      { name: 'routing', baseUrl: `http://127.0.0.1:${routingInternalPort}` },
      new ServiceTokenMinter('gateway', benchServiceTokenSecret),
    );
    const call = async (agentId: string, role: 'admin' | 'agent', path: string, method: 'PUT' | 'POST', body: object) => {
      const response = await routing.call({ workspaceId, agentId, role }, path, { method, body });
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    };
    await call('admin', 'admin', 'routing/rules', 'POST', {
      name: 'Do sklepu',
      trigger: 'ticket.created',
      actions: [{ type: 'set-queue', queue: 'sklep' }],
    });
    await call('admin', 'admin', 'routing/queues/sklep', 'PUT', { members: AGENTS, mode: 'least-loaded', autoAssign: true });
    for (const agent of AGENTS) await call(agent, 'agent', 'routing/presence', 'PUT', { status: 'available' });
    await services.healthy(`http://127.0.0.1:${intFromEnv('BENCH_TICKETS_HTTP_PORT', 23004)}`);

    // Steady offered rate, on its own schedule whatever the services do; each contact a new customer's.
    const total = rate * seconds;
    const started = Date.now();
    const sends: Promise<unknown>[] = [];
    for (let k = 0; k < total; k++) {
      const due = started + (k * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      const phone = `+48700${String(100000 + k)}`;
      const payload: PayloadInputOf<'contact.received.v1'> = {
        channel: 'sms',
        providerMessageId: `SM${run}${k}`,
        from: [{ kind: 'phone', value: phone }],
        recipient: null,
        subject: null,
        text: 'Dzień dobry, zamówienie PL-100200 jeszcze nie dotarło. Proszę o informację.',
        html: null,
        attachments: [],
        thread: { inReplyTo: null, references: [], providerThreadId: null },
        receivedAt: new Date().toISOString(),
      };
      const id = randomUUID();
      sent.set(id, Date.now());
      sends.push(publisher.publish('contact.received.v1', { workspaceId, key: `phone:${phone}`, id, payload }));
    }
    await Promise.all(sends);
    const offered = perSecond(total - 1, Date.now() - started);

    const deadline = Date.now() + intFromEnv('BENCH_DRAIN_SECONDS', 300) * 1000;
    while (watch.routedAt.size < total && Date.now() < deadline) {
      await Promise.race([new Promise((r) => setTimeout(r, 500)), services.died]);
    }
    const opened: number[] = [];
    const routed: number[] = [];
    const loads = new Map<string, number>();
    for (const [ticketId, { contactId, at }] of watch.openedBy) {
      const sentAt = sent.get(contactId);
      if (sentAt === undefined) continue;
      opened.push(at - sentAt);
      const done = watch.routedAt.get(ticketId);
      if (done) {
        routed.push(done.at - sentAt);
        loads.set(done.assignee, (loads.get(done.assignee) ?? 0) + 1);
      }
    }
    figures.push(
      { name: `${rate}/s × ${seconds} s: rate offered (achieved)`, value: offered, unit: 'contact/s', kind: 'result' },
      { name: 'contacts routed (queue and assignee set)', value: routed.length, unit: `of ${total}`, kind: 'result' },
      { name: 'contact → ticket.created p50', value: percentile(opened, 50), unit: 'ms', kind: 'result' },
      { name: 'contact → ticket.created p99', value: percentile(opened, 99), unit: 'ms', kind: 'result' },
      { name: 'contact → routed p50', value: percentile(routed, 50), unit: 'ms', kind: 'result' },
      { name: 'contact → routed p99', value: percentile(routed, 99), unit: 'ms', kind: 'result' },
      { name: 'contact → routed max', value: Math.max(...routed), unit: 'ms', kind: 'result' },
      {
        name: 'tickets per agent, fewest',
        value: Math.min(...AGENTS.map((a) => loads.get(a) ?? 0)),
        unit: 'tickets',
        kind: 'result',
      },
      {
        name: 'tickets per agent, most',
        value: Math.max(...AGENTS.map((a) => loads.get(a) ?? 0)),
        unit: 'tickets',
        kind: 'result',
      },
    );
    if (routed.length < total) notes.push(`${total - routed.length} contacts were not routed within the drain time`);
  } finally {
    await services.stop();
    await Promise.all([watch.stop(), publisher.disconnect()]);
  }
  report('contact-to-routed', { rate, seconds, agents: AGENTS.length, mode: 'least-loaded', autoAssign: true }, figures, notes);
  if (notes.length) throw new Error(`contact-to-routed failed: ${notes.join('; ')}`);
}

runScenario(main);
