/**
 * N mails waiting in a mailbox → tickets; then mail at a steady rate with IDLE.
 * The real channel-email and tickets services run as processes, exactly as
 * the platform starts them, against real Dovecot, Postfix, Kafka and the
 * store — acknowledgements included: each new ticket also sends its
 * "we have your request" mail over SMTP, as on the platform.
 */
import { ImapFlow } from 'imapflow';
import mongoose from 'mongoose';
import { buildRawMail } from '@threadline/testing';
import { benchInfra, intFromEnv } from '../env';
import { rawImapFetchRate } from '../limits/raw-imap';
import { rawKafkaAndStoreFigures } from '../limits/raw-limits';
import { rawSmtpRates } from '../limits/raw-smtp';
import { report, type Figure } from '../report';
import { metricTotal, storeOperationsOf } from '../service-metrics';
import { runScenario, startServiceProcess as startService, stopServiceProcess as stop } from '../service-processes';
import { percentile, perSecond } from '../stats';

const infra = benchInfra();
const run = Date.now().toString(36);
const mailboxUser = `bench-${run}@bench.test`;
const workspaceId = `ws-bench-${run}`;
const ticketsDb = `bench_tickets_${run}`;
// The customers' mail servers are not this machine's: the bench's relay takes their acknowledgements and drops them
// (`discard.threadline.test`). BENCH_ACK_DELIVERY=mailbox delivers each into a Dovecot mailbox of its own instead.
const customerDomain = process.env.BENCH_ACK_DELIVERY === 'mailbox' ? 'bench.test' : 'discard.threadline.test';

function mail(i: number, sentAt: number): Buffer {
  return buildRawMail({
    from: { name: `Klient ${i}`, address: `klient${i}-${run}@${customerDomain}` },
    to: mailboxUser,
    subject: `bench ${i} ${sentAt}`,
    body: `Dzień dobry, zgłoszenie numer ${i}. Zażółć gęślą jaźń. ${'Treść wiadomości. '.repeat(40)}`,
    messageId: `<${run}.${i}@bench.test>`,
    date: new Date(sentAt),
  });
}

async function imap() {
  const client = new ImapFlow({
    host: infra.imap.host,
    port: infra.imap.port,
    secure: false,
    auth: { user: mailboxUser, pass: infra.imap.password },
    logger: false,
  });
  client.on('error', (error: Error) => console.error(`imap: ${error.message}`));
  await client.connect();
  return client;
}

/** (subject number, send time, ticket created time) for every ticket so far. */
async function tickets(db: mongoose.Connection) {
  const docs = await db
    .collection('tickets')
    .find({ workspaceId }, { projection: { subject: 1, createdAt: 1 } })
    .toArray();
  return docs.map((d) => {
    const [, i, sentAt] = String(d.subject).split(' ');
    return { i: Number(i), sentAt: Number(sentAt), createdAt: (d.createdAt as Date).getTime() };
  });
}

/**
 * Waits until a service's own counter reaches `count`. Read often, it costs nothing; a count on FerretDB reads every
 * matching document (thousands, 0.5–2.7 s of PostgreSQL each time at 5,000 tickets), so the bench reads the store only
 * once the mails and their acknowledgements are through, never beside the services it measures.
 */
async function waitForCounter(serviceUrl: string, metric: string, label: string, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await metricTotal(serviceUrl, metric, label).catch(() => 0);
    if (n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${n}/${count} ${metric}{${label}} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Until the store holds `count` documents (announced after their write: normally there on the first look). */
async function waitForStored(db: mongoose.Connection, collection: string, filter: object, count: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const n = await db.collection(collection).countDocuments(filter);
    if (n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${n}/${count} in ${collection} a minute after they were announced`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** threadline_store_operations_total by command, e.g. "find 5012, insert 120". */
async function storeCommandsByName(serviceUrl: string): Promise<string> {
  const text = await fetch(`${serviceUrl}/metrics`).then((r) => r.text());
  return text
    .split('\n')
    .filter((l) => l.startsWith('threadline_store_operations_total{'))
    .map((l) => `${/command="([^"]*)"/.exec(l)?.[1] ?? '?'} ${l.slice(l.lastIndexOf(' ') + 1)}`)
    .join(', ');
}

/** process_cpu_seconds_total of each service. */
async function cpuSecondsOf<K extends string>(urls: Record<K, string>): Promise<Record<K, number>> {
  const entries = await Promise.all(
    Object.entries<string>(urls).map(async ([name, url]) => [name, await metricTotal(url, 'process_cpu_seconds_total')] as const),
  );
  return Object.fromEntries(entries) as Record<K, number>;
}

/** `cpuSecondsOf` as soon as every service answers its /metrics. */
async function cpuSecondsOnceUp<K extends string>(urls: Record<K, string>): Promise<Record<K, number>> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      return await cpuSecondsOf(urls);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function main() {
  const backlog = intFromEnv('BENCH_MAILS', 5000);
  // Below the backlog rate on a 2-core machine, so the latency is IDLE's and the services', not a queue's.
  const rate = intFromEnv('BENCH_RATE', 5);
  const seconds = intFromEnv('BENCH_SECONDS', 30);
  const figures: Figure[] = [];
  const notes: string[] = [];

  // Raw limits first, on the same machine and servers.
  figures.push(...(await rawKafkaAndStoreFigures(infra.kafkaBrokers.split(','), infra.mongoUrl)));

  // Backlog: N mails already waiting when the services start.
  const loader = await imap();
  const appendStarted = Date.now();
  for (let i = 0; i < backlog; i++) await loader.append('INBOX', mail(i, Date.now()));
  await loader.logout();
  figures.push({
    name: 'IMAP APPEND (one by one)',
    value: perSecond(backlog, Date.now() - appendStarted),
    unit: 'mail/s',
    kind: 'limit',
  });
  const rawImap = await rawImapFetchRate({ ...infra.imap, user: mailboxUser, password: infra.imap.password });
  figures.push({ name: 'imapflow fetch of the same mails', value: rawImap.fetchPerSecond, unit: 'mail/s', kind: 'limit' });
  // The SMTP server alone: is it the bound of the acknowledgements, or our client?
  const smtpConnections = intFromEnv('BENCH_SMTP_CONNECTIONS', 4);
  const rawSmtp = await rawSmtpRates(infra.smtp, {
    mails: 400,
    connections: smtpConnections,
    to: `raw-smtp-${run}@${customerDomain}`,
  });
  figures.push(
    {
      name: 'SMTP accepted, one connection (bare socket, pipelined)',
      value: rawSmtp.oneConnection,
      unit: 'mail/s',
      kind: 'limit',
    },
    { name: `SMTP accepted, ${smtpConnections} connections at once`, value: rawSmtp.pooled, unit: 'mail/s', kind: 'limit' },
  );

  const db = await mongoose.createConnection(infra.mongoUrl, { dbName: ticketsDb, retryWrites: false }).asPromise();
  const servicesStarted = Date.now();
  // Its /metrics too: CPU and store commands per mail, beside channel-email's.
  const ticketsUrl = `http://127.0.0.1:${intFromEnv('BENCH_TICKETS_HTTP_PORT', 23004)}`;
  const ticketsService = startService('tickets', {
    MONGO_DATABASE: ticketsDb,
    TICKETS_CONSUMER_GROUP: `bench-tickets-${run}`,
    HTTP_PORT: ticketsUrl.slice(ticketsUrl.lastIndexOf(':') + 1),
  });
  const emailDb = `bench_email_${run}`;
  // Its /metrics count the store commands it sends: per mail, intake and acknowledgement together.
  const emailUrl = `http://127.0.0.1:${intFromEnv('BENCH_EMAIL_HTTP_PORT', 23001)}`;
  const emailService = startService('channel-email', {
    MONGO_DATABASE: emailDb,
    HTTP_PORT: emailUrl.slice(emailUrl.lastIndexOf(':') + 1),
    // The bench's Dovecot and Postfix run on this machine.
    EMAIL_ALLOWED_INTERNAL_HOSTS: [...new Set([infra.imap.host, infra.smtp.host])].join(','),
    EMAIL_MAILBOXES: JSON.stringify([
      {
        id: 'bench',
        workspaceId,
        host: infra.imap.host,
        port: infra.imap.port,
        user: mailboxUser,
        password: infra.imap.password,
        smtp: { host: infra.smtp.host, port: infra.smtp.port, secure: false },
      },
    ]),
  });
  const services = { 'channel-email': emailUrl, tickets: ticketsUrl };
  // Every mail of the bench comes from a new customer: one ticket each.
  const waitForTickets = (count: number, timeoutMs: number) =>
    waitForCounter(ticketsUrl, 'threadline_events_produced_total', 'type="ticket.created.v1"', count, timeoutMs);
  // Each process's CPU once it answers (its start-up left out), so what follows is the mails' cost.
  const cpuAtStart = await cpuSecondsOnceUp(services);
  // channel-email alone: when its own count of contacts published reaches the backlog (the tickets service may lag behind).
  const published = (async () => {
    const deadline = Date.now() + 40 * 60_000;
    let first = 0;
    while (Date.now() < deadline && emailService.exitCode === null) {
      const count = await metricTotal(emailUrl, 'threadline_events_produced_total', 'type="contact.received.v1"').catch(() => 0);
      if (count > 0 && !first) first = Date.now();
      if (count >= backlog) return { first, last: Date.now() };
      await new Promise((r) => setTimeout(r, 500));
    }
    return null;
  })();
  try {
    await waitForTickets(backlog, 40 * 60_000);
    const intake = await published;
    if (intake)
      figures.push({
        name: `backlog of ${backlog}: mails → contacts on Kafka (channel-email's /metrics, first to last, ±0.5 s)`,
        value: perSecond(backlog, Math.max(1, intake.last - intake.first)),
        unit: 'mail/s',
        kind: 'result',
      });
    const cpuAtDrained = await cpuSecondsOf(services);

    // Steady: mails at a fixed rate, picked up through IDLE.
    const writer = await imap();
    const steady = rate * seconds;
    const steadyStarted = Date.now();
    for (let k = 0; k < steady; k++) {
      const due = steadyStarted + (k * 1000) / rate;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      await writer.append('INBOX', mail(backlog + k, Date.now()));
    }
    await writer.logout();
    await waitForTickets(backlog + steady, 5 * 60_000);

    // The acknowledgements: one per ticket, each sent over SMTP (or still on its way).
    const emailStore = await mongoose.createConnection(infra.mongoUrl, { dbName: emailDb, retryWrites: false }).asPromise();
    try {
      const total = backlog + steady;
      // A mail leaves the outbox for email_sent once its outcome is announced.
      const ackWaitSeconds = intFromEnv('BENCH_ACK_WAIT_SECONDS', 600);
      const allSent = await waitForCounter(
        emailUrl,
        // Its outcomes announced (sent or failed): then the mail leaves the outbox for email_sent.
        'threadline_events_produced_total',
        'type="delivery.updated.v1"',
        total,
        ackWaitSeconds * 1000,
      ).then(
        () => waitForStored(emailStore, 'email_sent', {}, total).then(() => true),
        () => false,
      );
      // Every ticket's times, read now that nothing is measured any more.
      await waitForStored(db, 'tickets', { workspaceId }, total);
      const all = await tickets(db);
      const drained = all.filter((t) => t.i < backlog);
      const backlogFirst = Math.min(...drained.map((t) => t.createdAt));
      const last = Math.max(...drained.map((t) => t.createdAt));
      const latencies = all.filter((t) => t.i >= backlog).map((t) => t.createdAt - t.sentAt);
      figures.push(
        {
          name: `backlog of ${backlog}: mails → tickets`,
          value: perSecond(backlog, last - backlogFirst),
          unit: 'mail/s',
          kind: 'result',
        },
        {
          name: `backlog of ${backlog}: drain time from service start`,
          value: Math.round((last - servicesStarted) / 100) / 10,
          unit: 's',
          kind: 'result',
        },
        { name: `steady ${rate} mail/s: mail → ticket p50`, value: percentile(latencies, 50), unit: 'ms', kind: 'result' },
        { name: `steady ${rate} mail/s: mail → ticket p99`, value: percentile(latencies, 99), unit: 'ms', kind: 'result' },
        { name: `steady ${rate} mail/s: mail → ticket max`, value: Math.max(...latencies), unit: 'ms', kind: 'result' },
      );
      const sent = await emailStore.collection('email_sent').countDocuments({ status: 'sent' });
      figures.push({ name: `acknowledgements sent over SMTP (of ${total} tickets)`, value: sent, unit: 'mails', kind: 'result' });
      // Load-independent: each process's CPU per mail, for the backlog's tickets and for the whole run with its acknowledgements.
      const cpuAtEnd = await cpuSecondsOf(services);
      for (const service of Object.keys(services) as (keyof typeof services)[]) {
        figures.push(
          {
            name: `${service} process CPU per mail, backlog → tickets (its /metrics, from its start to drained)`,
            value: Math.round(((cpuAtDrained[service] - cpuAtStart[service]) / backlog) * 100_000) / 100,
            unit: 'CPU-ms',
            kind: 'result',
          },
          {
            name: `${service} process CPU per mail, whole run with acknowledgements`,
            value: Math.round(((cpuAtEnd[service] - cpuAtStart[service]) / total) * 100_000) / 100,
            unit: 'CPU-ms',
            kind: 'result',
          },
        );
      }
      figures.push({
        name: 'tickets store commands per mail (its /metrics; intake, acknowledgement and delivery news, whole run)',
        value: Math.round(((await storeOperationsOf(ticketsUrl)) / total) * 100) / 100,
        unit: 'commands',
        kind: 'result',
      });
      // The intake counts its own (threadline_intake_store_operations_total): the rest is mostly the delivery news.
      const ticketsCommands = await storeOperationsOf(ticketsUrl);
      const intakeCommands = await metricTotal(ticketsUrl, 'threadline_intake_store_operations_total');
      figures.push({
        name: 'tickets store commands per mail outside the contact intake (delivery news, mostly)',
        value: Math.round(((ticketsCommands - intakeCommands) / total) * 100) / 100,
        unit: 'commands',
        kind: 'result',
      });
      notes.push(`tickets store commands by name: ${await storeCommandsByName(ticketsUrl)}`);
      figures.push({
        name: 'channel-email store commands per mail (its /metrics; intake and acknowledgement, whole run)',
        value: Math.round(((await storeOperationsOf(emailUrl)) / total) * 100) / 100,
        unit: 'commands',
        kind: 'result',
      });
      notes.push(`channel-email store commands by name: ${await storeCommandsByName(emailUrl)}`);
      // Not yet sent is not lost (the outbox keeps them): reported with what was measured.
      if (!allSent) notes.push(`${total - sent} acknowledgements not yet sent ${ackWaitSeconds} s after the last ticket`);
      else if (sent !== total) throw new Error(`${total - sent} acknowledgements were not sent`);
      // The backlog with its acknowledgements: from the first ticket to the backlog-th acknowledgement on SMTP.
      const finished = (
        await emailStore
          .collection('email_sent')
          .find({ status: 'sent' }, { projection: { finishedAt: 1 } })
          .toArray()
      )
        .map((m) => new Date(m.finishedAt as Date).getTime())
        .sort((a, b) => a - b);
      figures.push(
        finished.length >= backlog
          ? {
              name: `backlog of ${backlog}: mails → ticket and acknowledgement sent`,
              value: perSecond(backlog, finished[backlog - 1] - backlogFirst),
              unit: 'mail/s',
              kind: 'result',
            }
          : {
              name: `acknowledgements sent over SMTP (first ticket to last sent)`,
              value: perSecond(finished.length, finished[finished.length - 1] - backlogFirst),
              unit: 'mail/s',
              kind: 'result',
            },
      );
    } finally {
      await emailStore.close();
    }
  } finally {
    await Promise.all([stop(emailService), stop(ticketsService)]);
    await db.close();
  }
  report('mail-to-ticket', { backlog, rate, seconds }, figures, notes);
}

runScenario(main);
