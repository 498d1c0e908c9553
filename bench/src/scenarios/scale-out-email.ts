/**
 * Scale-out of channel-email under a steady mail load: mails at a fixed rate
 * over SMTP (the bench's Postfix, delivering into Dovecot) to several
 * mailboxes, while channel-email runs as 1, then 3, then 1 instance.
 * channel-email does not share work by Kafka partitions: each mailbox is
 * synced by the one instance holding its lease (mailbox_leases), the others
 * stand by. So "shared out" here is: every mailbox's newest lease is live and
 * held by a running instance; the scale-in stops the instance holding the
 * mailboxes (and one more), so they all change hands. Lag: mails the server
 * accepted that are not yet on contact.received. At the end every mail must be
 * published exactly once, and on a ticket's timeline exactly once (one
 * tickets instance turns them into tickets). The run itself is
 * bench/src/scale-out-run.ts, shared with the tickets scale-out.
 */
import type { ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import mongoose from 'mongoose';
import { TOPICS } from '@threadline/contracts';
import { buildRawMail, sendOverSmtp } from '@threadline/testing';
import { benchKafka } from '../bench-kafka';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaAndStoreFigures } from '../limits/raw-limits';
import { report, type Figure } from '../report';
import { countOnce, runScaleOut, type ScaleOutTarget } from '../scale-out-run';
import { runScenario, ServiceGroup } from '../service-processes';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-${run}`;
const emailDb = `bench_email_${run}`;

const mailboxUser = (k: number) => `bok${k}-${run}@bench.test`;
/** The Message-ID of mail n, as channel-email reports it (without the angle brackets). */
const idOf = (n: number) => `${run}.${n}@bench.test`;

interface LeaseDoc {
  mailboxId: string;
  epoch: number;
  owner: string;
  expiresAt: Date;
}

/** Per mailbox, the pid of the instance holding its newest live lease (null: nobody holds it now). */
async function holders(db: mongoose.Connection, mailboxes: number): Promise<(number | null)[]> {
  const leases = await db.collection<LeaseDoc>('mailbox_leases').find({}).toArray();
  return Array.from({ length: mailboxes }, (_, k) => {
    const newest = leases.filter((l) => l.mailboxId === `bok${k}`).sort((a, b) => b.epoch - a.epoch)[0];
    if (!newest || newest.expiresAt.getTime() <= Date.now()) return null;
    // The owner is "<host>:<pid>:<random>" (MailboxSyncModule).
    const [host, pid] = newest.owner.split(':');
    return host === hostname() ? Number(pid) : null;
  });
}

async function main() {
  const rate = intFromEnv('BENCH_RATE', 5);
  const phaseSeconds = intFromEnv('BENCH_PHASE_SECONDS', 30);
  const mailboxes = intFromEnv('BENCH_MAILBOXES', 6);
  // A mail's own way is seconds (Postfix, LMTP, Dovecot's IDLE notice, a fetch): caught up is within 5 s of load.
  const lagSeconds = intFromEnv('BENCH_LAG_SECONDS', 5);
  const firstPort = intFromEnv('BENCH_EMAIL_HTTP_PORT', 23001);
  const figures: Figure[] = [];
  figures.push(...(await rawKafkaAndStoreFigures(brokers, infra.mongoUrl)));

  // What channel-email published, per Message-ID, read from contact.received in the bench's own group.
  const { client, admin } = await benchKafka(brokers);
  await admin.disconnect();
  const published = new Map<string, number>();
  const watcher = client.consumer({ groupId: `bench-watch-${run}`, maxWaitTimeInMs: 100 });
  await watcher.connect();
  await watcher.subscribe({ topic: TOPICS.contactReceived.name, fromBeginning: true });
  await watcher.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value?.toString('utf8') ?? 'null') as {
        workspaceId?: string;
        payload?: { providerMessageId?: string };
      } | null;
      if (event?.workspaceId !== workspaceId || !event.payload?.providerMessageId) return;
      const id = event.payload.providerMessageId.replace(/^<|>$/g, '');
      published.set(id, (published.get(id) ?? 0) + 1);
    },
  });

  const ticketsDb = await mongoose
    .createConnection(infra.mongoUrl, { dbName: `bench_tickets_${run}`, retryWrites: false })
    .asPromise();
  const emailStore = await mongoose.createConnection(infra.mongoUrl, { dbName: emailDb, retryWrites: false }).asPromise();
  const services = new ServiceGroup();
  const emailEnv = {
    MONGO_DATABASE: emailDb,
    EMAIL_ALLOWED_INTERNAL_HOSTS: [...new Set([infra.imap.host, infra.smtp.host])].join(','),
    EMAIL_MAILBOXES: JSON.stringify(
      Array.from({ length: mailboxes }, (_, k) => ({
        id: `bok${k}`,
        workspaceId,
        host: infra.imap.host,
        port: infra.imap.port,
        user: mailboxUser(k),
        password: infra.imap.password,
        smtp: { host: infra.smtp.host, port: infra.smtp.port, secure: false },
      })),
    ),
  };
  const pids = (instances: ChildProcess[]) => instances.map((c) => c.pid);
  let accepted = 0;

  const target: ScaleOutTarget = {
    unit: 'mails',
    offer: async (n) => {
      const to = mailboxUser(n % mailboxes);
      const from = `klient${n}-${run}@bench.test`;
      const raw = buildRawMail({
        from: { name: `Klient ${n}`, address: from },
        to,
        subject: `Reklamacja ${n}`,
        body: `Dzień dobry, przesyłka PL-${100000 + n} jeszcze nie dotarła. Zażółć gęślą jaźń.`,
        messageId: `<${idOf(n)}>`,
      });
      await sendOverSmtp({ from, to: [to] }, raw);
      accepted++;
    },
    lag: async () => accepted - published.size,
    start: async (port) => {
      const child = services.start('channel-email', { ...emailEnv, HTTP_PORT: String(port) });
      // Joining its consumer groups while others rebalance takes minutes on a loaded machine.
      await services.healthy(`http://127.0.0.1:${port}`, 180_000);
      return child;
    },
    settled: async (instances) => {
      for (;;) {
        const held = await holders(emailStore, mailboxes);
        if (held.every((pid) => pid !== null && pids(instances).includes(pid))) return Date.now();
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    // The first instance holds every mailbox (the later ones find them leased): stopping it moves them all.
    scaleIn: (instances) => instances.slice(0, 2),
    handled: async () => published,
    idOf,
    describe: async (instances) => {
      const held = await holders(emailStore, mailboxes);
      return `mailboxes per instance ${JSON.stringify(pids(instances).map((pid) => held.filter((h) => h === pid).length))}`;
    },
  };

  let outcome;
  try {
    // One tickets instance all along: mails must also become tickets, each once.
    const ticketsPort = firstPort + 10;
    services.startTickets(run, { HTTP_PORT: String(ticketsPort) });
    await services.healthy(`http://127.0.0.1:${ticketsPort}`);
    outcome = await runScaleOut(target, services, { rate, phaseSeconds, firstPort, lagThreshold: rate * lagSeconds });

    const sent = published.size;
    const deadline = Date.now() + 10 * 60_000;
    const onTimelines = async () => {
      const entries = await ticketsDb
        .collection('timeline')
        .find({ workspaceId, kind: 'message', direction: 'inbound' }, { projection: { providerMessageId: 1 } })
        .toArray();
      const perMail = new Map<string, number>();
      for (const e of entries) {
        const id = String(e.providerMessageId).replace(/^<|>$/g, '');
        perMail.set(id, (perMail.get(id) ?? 0) + 1);
      }
      return perMail;
    };
    while ((await onTimelines()).size < sent && Date.now() < deadline)
      await Promise.race([new Promise((r) => setTimeout(r, 2000)), services.died]);
    const expected = Array.from({ length: accepted }, (_, n) => idOf(n));
    const { lost, doubled } = countOnce(expected, await onTimelines());
    outcome.figures.push(
      { name: 'mails not on a timeline', value: lost, unit: 'mails', kind: 'result' },
      { name: 'mails on a timeline twice', value: doubled, unit: 'mails', kind: 'result' },
    );
    if (lost) outcome.problems.push(`${lost} mails are on no timeline`);
    if (doubled) outcome.problems.push(`${doubled} mails are on a timeline more than once`);
  } finally {
    await services.stop();
    await watcher.disconnect();
    await ticketsDb.close();
    await emailStore.close();
  }
  report(
    'scale-out-email',
    { rate, phaseSeconds, mailboxes, lagThreshold: rate * lagSeconds },
    [...figures, ...outcome.figures],
    [...outcome.notes, ...outcome.problems],
  );
  if (outcome.problems.length) throw new Error(outcome.problems.join('; '));
}

runScenario(main);
