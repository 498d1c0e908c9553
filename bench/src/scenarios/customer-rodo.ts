/**
 * RODO requests about one large customer, on the tickets service run as the
 * platform runs it (its own process, events sealed per customer):
 * `BENCH_RODO_ENTRIES` (1,000) contacts from one customer land on their
 * timeline; then their export (request → archive ready; size; download) and
 * their erasure are timed. The first `BENCH_RODO_FILES` (5) contacts carry a
 * file of `BENCH_RODO_FILE_MB` (8) kept by channel-email (run beside it): the
 * export streams them into the archive, and the tickets process's memory is
 * sampled meanwhile (its growth stays well under the files' total). Beside
 * them, Kafka's and the store's raw rates measured in the same run.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';
import { PersonalDataCodec, type PayloadInputOf } from '@threadline/contracts';
import { createKafkaClient, ensureTopics, EventPublisher } from '@threadline/kafka';
import { createLogger } from '@threadline/observability';
import { SUBJECT_KEYS_DATABASE, SubjectKeyStore } from '@threadline/persistence';
import { InternalApiClient, ServiceTokenMinter } from '@threadline/service-runtime';
import { benchInfra, intFromEnv } from '../env';
import { rawKafkaAndStoreFigures } from '../limits/raw-limits';
import { report, type Figure } from '../report';
import { benchServiceTokenSecret, runScenario, ServiceGroup } from '../service-processes';

const infra = benchInfra();
const brokers = infra.kafkaBrokers.split(',');
const run = Date.now().toString(36);
const workspaceId = `ws-bench-${run}`;
const entries = intFromEnv('BENCH_RODO_ENTRIES', 1000);
const ticketsPort = intFromEnv('BENCH_TICKETS_HTTP_PORT', 23004);
const ticketsInternalPort = intFromEnv('BENCH_TICKETS_INTERNAL_HTTP_PORT', 23104);
const files = intFromEnv('BENCH_RODO_FILES', 5);
const fileBytes = intFromEnv('BENCH_RODO_FILE_MB', 8) * 1024 * 1024;
const emailPort = ticketsPort + 1;
const emailInternalPort = ticketsInternalPort + 1;
const masterKey = randomBytes(32);
const ADMIN = { workspaceId, agentId: 'admin-bench', role: 'admin' as const };

/** The customer's files as channel-email keeps them (by workspace + content hash), written straight into its store. */
async function storeFiles(emailDb: mongoose.Connection): Promise<{ ref: string; size: number }[]> {
  const stored = [];
  for (let i = 0; i < files; i++) {
    const data = randomBytes(fileBytes); // incompressible: the archive carries every byte
    const id = createHash('sha256').update(workspaceId).update('\0').update(data).digest('hex');
    await emailDb.collection('attachments').insertOne({
      _id: id as never,
      workspaceId,
      contentType: 'application/pdf',
      filename: `skan-reklamacji-${i}-źródło.pdf`,
      size: data.length,
      data,
      storedAt: new Date(),
    });
    stored.push({ ref: `attachment:${id}`, size: data.length });
  }
  return stored;
}

/** The process's resident memory now (Linux), in bytes. */
function residentBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

function contact(i: number, file?: { ref: string; size: number }): PayloadInputOf<'contact.received.v1'> {
  return {
    channel: 'email',
    providerMessageId: `<rodo-${run}-${i}@example.pl>`,
    from: [{ kind: 'email', value: `bozena.${run}@example.pl`, displayName: 'Bożena Zięba' }],
    recipient: 'bok@firma.pl',
    subject: 'Reklamacja zamówienia — brak przesyłki',
    text: `Wiadomość ${i}: zamówienie nie dotarło, proszę o pomoc. Zażółć gęślą jaźń. `.repeat(8),
    html: null,
    attachments: file
      ? [
          {
            ref: file.ref,
            filename: `skan-reklamacji-${i}-źródło.pdf`,
            contentType: 'application/pdf',
            size: file.size,
            inline: false,
          },
        ]
      : [],
    thread: { inReplyTo: null, references: [], providerThreadId: null },
    receivedAt: new Date(Date.now() - (entries - i) * 1000).toISOString(),
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

async function main() {
  const figures: Figure[] = await rawKafkaAndStoreFigures(brokers, infra.mongoUrl, 5_000, 5_000);
  const keysConnection = await mongoose.createConnection(infra.mongoUrl, { dbName: SUBJECT_KEYS_DATABASE }).asPromise();
  const logger = createLogger('bench-channel', 'warn');
  const kafka = createKafkaClient({ brokers, clientId: 'bench-channel', logger });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin);
  await admin.disconnect();
  const channel = new EventPublisher(
    kafka,
    'bench-channel',
    logger,
    undefined,
    new PersonalDataCodec(new SubjectKeyStore(keysConnection, masterKey)),
  );
  await channel.connect();
  const emailDbName = `bench_email_${run}`;
  const emailDb = await mongoose.createConnection(infra.mongoUrl, { dbName: emailDbName }).asPromise();
  const stored = await storeFiles(emailDb);
  await emailDb.close();
  // One after another: one ticket, its timeline in order (the customer's contacts share a partition anyway).
  for (let i = 0; i < entries; i++)
    await channel.publish('contact.received.v1', { workspaceId, key: `bench-${run}`, payload: contact(i, stored[i]) });

  const services = new ServiceGroup();
  services.start('channel-email', {
    HTTP_PORT: String(emailPort),
    INTERNAL_HTTP_PORT: String(emailInternalPort),
    MONGO_DATABASE: emailDbName,
    PERSONAL_DATA_MASTER_KEY: masterKey.toString('base64'),
    EMAIL_OUTBOUND_CONSUMER_GROUP: `bench-email-out-${run}`,
    EMAIL_ERASURE_CONSUMER_GROUP: `bench-email-erasure-${run}`,
  });
  const ticketsProcess = services.startTickets(run, {
    HTTP_PORT: String(ticketsPort),
    INTERNAL_HTTP_PORT: String(ticketsInternalPort),
    PERSONAL_DATA_MASTER_KEY: masterKey.toString('base64'),
    TICKETS_EMAIL_ACKNOWLEDGEMENT: 'false',
    CHANNEL_EMAIL_URL: `http://127.0.0.1:${emailInternalPort}`,
  });
  await services.healthy(`http://127.0.0.1:${ticketsPort}`);
  await services.healthy(`http://127.0.0.1:${emailPort}`);
  const tickets = new InternalApiClient(
    { name: 'tickets', baseUrl: `http://127.0.0.1:${ticketsInternalPort}` },
    new ServiceTokenMinter('gateway', benchServiceTokenSecret),
  );
  const json = async (path: string, init: Parameters<typeof tickets.call>[2] = {}) =>
    (await (await tickets.call(ADMIN, path, { timeoutMs: 600_000, ...init })).json()) as Record<string, unknown>;

  let customerId = '';
  const intake = await timed(async () => {
    for (;;) {
      const list = (await json('tickets?limit=1')) as { items?: { customer: { id: string } }[] };
      customerId = list.items?.[0]?.customer.id ?? '';
      if (customerId && Number((await json(`customers/${customerId}/erasure`)).messages) >= entries) return;
      await Promise.race([new Promise((r) => setTimeout(r, 2000)), services.died]);
    }
  });
  figures.push({
    name: `${entries} sealed contacts → one customer's timeline`,
    value: Math.round((entries * 1000) / intake.ms),
    unit: 'contacts/s',
    kind: 'result',
  });

  const pid = ticketsProcess.pid ?? 0;
  const memoryBefore = residentBytes(pid);
  let memoryPeak = memoryBefore;
  const sampling = setInterval(() => (memoryPeak = Math.max(memoryPeak, residentBytes(pid))), 50);
  const exported = await timed(async () => {
    const job = await json(`customers/${customerId}/exports`, { method: 'POST' });
    for (;;) {
      const status = await json(`customers/${customerId}/exports/${String(job.id)}`);
      if (status.status === 'ready') return status;
      if (status.status === 'failed') throw new Error(`export failed: ${String(status.error)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  clearInterval(sampling);
  const downloaded = await timed(async () => {
    const response = await tickets.call(ADMIN, `customers/${customerId}/exports/${String(exported.value.id)}/archive`, {
      timeoutMs: 600_000,
    });
    return (await response.arrayBuffer()).byteLength;
  });
  const erased = await timed(() =>
    json(`customers/${customerId}/erasure`, { method: 'POST', body: { reason: 'bench: wniosek z art. 17' } }),
  );
  if (erased.value.erased !== true) throw new Error(`erasure answered ${JSON.stringify(erased.value)}`);
  figures.push(
    { name: `export of ${entries} timeline entries: request → archive ready`, value: exported.ms, unit: 'ms', kind: 'result' },
    { name: 'export archive size (zip)', value: Number(exported.value.size), unit: 'bytes', kind: 'result' },
    {
      name: `files in the export (${files} × ${fileBytes / 1024 / 1024} MB, streamed)`,
      value: files * fileBytes,
      unit: 'bytes',
      kind: 'result',
    },
    {
      name: 'tickets process: resident memory growth during the export (peak − before)',
      value: Math.max(0, memoryPeak - memoryBefore),
      unit: 'bytes',
      kind: 'result',
    },
    { name: 'export download (streamed)', value: downloaded.ms, unit: 'ms', kind: 'result' },
    { name: `erasure of ${entries} timeline entries (keys, store, event, audit)`, value: erased.ms, unit: 'ms', kind: 'result' },
  );
  if (downloaded.value !== Number(exported.value.size))
    throw new Error(`downloaded ${downloaded.value} bytes, archive has ${String(exported.value.size)}`);
  await services.stop();
  await channel.disconnect();
  await keysConnection.close();
  report('customer-rodo', { entries, files, fileMb: fileBytes / 1024 / 1024, run }, figures);
}

runScenario(main);
