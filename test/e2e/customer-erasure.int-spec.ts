// RODO erasure, proved: a customer who wrote on every channel is erased; then nothing of them is left in the
// store's collections (tickets', e-mail's, phone's and social channels'), in the attachment storage, or in a full
// replay of every topic through a fresh reader.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import {
  ERASED_TEXT,
  PersonalDataCodec,
  TOPICS,
  validateEvent,
  parseEventJson,
  type PayloadInputOf,
} from '@threadline/contracts';
import { createKafkaClient, EventPublisher } from '@threadline/kafka';
import { createLogger } from '@threadline/observability';
import { InternalApiClient, ServiceTokenMinter } from '@threadline/service-runtime';
import { connectMongo, SUBJECT_KEYS_DATABASE, SubjectKeyStore } from '@threadline/persistence';
import {
  buildContact,
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  personalDataMasterKey,
  replayTopics,
  LogCapture,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningService,
} from '@threadline/testing';
import { AttachmentStore } from '../../services/channel-email/src/attachments/attachment-store';
import { strFromU8, unzipSync } from 'fflate';
import { channelEmailService } from '../../services/channel-email/src/app.module';
import { channelSocialService } from '../../services/channel-social/src/app.module';
import { chatSessionId } from '../../services/channel-social/src/web-chat/chat-identity';
import { ChatStoreRepository } from '../../services/channel-social/src/web-chat/chat-store.repository';
import { channelVoiceService } from '../../services/channel-voice/src/app.module';
import { CallRepository } from '../../services/channel-voice/src/call-records/call.repository';
import { ticketsService } from '../../services/tickets/src/app.module';

const infra = testInfra();
const brokers = infra.kafkaBrokers.split(',');
const masterKey = Buffer.from(personalDataMasterKey, 'base64');
const ADMIN = { id: 'admin-ewa', role: 'admin' as const };
const workspaceId = uniqueName('ws');
const serviceEnv = (name: string) => ({
  ...commonTestEnv(name),
  PERSONAL_DATA_MASTER_KEY: personalDataMasterKey,
  LOG_LEVEL: 'debug',
});
const ticketsEnv = serviceEnv('tickets');
const emailEnv = serviceEnv('channel-email');
const voiceEnv = serviceEnv('channel-voice');
const socialEnv = serviceEnv('channel-social');

// The services' logs at the production level, as they would be written, to be searched after erasure.
const logs = new LogCapture();
const logged = { logs: logs.stream };

let tickets: RunningService;
let email: RunningService;
let voice: RunningService;
let social: RunningService;
let voiceStore: Connection;
let socialStore: Connection;
let keysConnection: Connection;
let ticketsStore: Connection;
let emailStore: Connection;
/** A channel's publisher, sealing as every channel does on a platform with PERSONAL_DATA_MASTER_KEY. */
let channel: EventPublisher;

// Everything that names the customer or says what they wrote; unique, so any copy left is found.
const tag = randomUUID().slice(0, 8);
const person = {
  name: `Bożena Zięba ${tag}`,
  email: `bozena.zieba.${tag}@example.pl`,
  phone: `+48601${Math.floor(100000 + Math.random() * 899999)}`,
  psid: `psid-${tag}`,
  slack: `U${tag.toUpperCase()}`,
  chat: `visitor-${tag}`,
  texts: [1, 2, 3, 4, 5, 6].map((n) => `Mój numer klienta to ${tag}-${n}, proszę o zwrot za żółty czajnik`),
  fileName: `faktura-${tag}-źródło.pdf`, // a Polish name: it travels in a header to the export
};
const secrets = () => [
  person.name,
  person.email,
  person.phone,
  person.psid,
  person.slack,
  person.chat,
  person.fileName,
  ...person.texts,
];
// The channels keep the call and the chat under the provider's ids, as on a live platform.
const callSid = `CA${tag}${'0'.repeat(24)}`;
const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE${tag}`;
const chatSession = chatSessionId(workspaceId, person.chat, 1);
const other = { email: `jan.nowak.${tag}@example.pl`, text: `Jan pisze ${tag}: proszę o fakturę` };

function contacts(attachmentRef: string): PayloadInputOf<'contact.received.v1'>[] {
  const email = { kind: 'email' as const, value: person.email, displayName: person.name };
  return [
    buildEmailContact({
      from: [email],
      subject: `Reklamacja ${tag}`,
      text: person.texts[0],
      attachments: [{ ref: attachmentRef, filename: person.fileName, contentType: 'application/pdf', size: 9, inline: false }],
    }),
    buildContact('voice', [{ kind: 'phone', value: person.phone }, email], {
      providerMessageId: callSid,
      text: person.texts[1],
      call: {
        outcome: 'voicemail',
        queue: null,
        waitSeconds: 5,
        talkSeconds: null,
        durationSeconds: 40,
        recordingUrl,
        recordingSeconds: 30,
      },
    }),
    buildContact('sms', [{ kind: 'phone', value: person.phone }], { text: person.texts[2] }),
    buildContact('messenger', [{ kind: 'messenger', value: person.psid, pageId: 'page-1' }, email], { text: person.texts[3] }),
    buildContact('slack', [{ kind: 'slack', value: person.slack, teamId: 'T1' }, email], { text: person.texts[4] }),
    buildContact('chat', [{ kind: 'chat', value: person.chat }, email], {
      providerMessageId: `${chatSession}:m1`,
      text: person.texts[5],
    }),
  ];
}

async function publishContact(payload: PayloadInputOf<'contact.received.v1'>) {
  await channel.publish('contact.received.v1', { workspaceId, key: payload.from[0].value, payload });
}

function api(caller = ADMIN) {
  return tickets.internalApi(workspaceId, caller);
}

/** Every document of every collection of a database, as text. */
async function dump(connection: Connection): Promise<string> {
  const parts: string[] = [];
  for (const { name } of await connection.db!.listCollections().toArray()) {
    parts.push(JSON.stringify(await connection.db!.collection(name).find({}).toArray()));
  }
  return parts.join('\n');
}

beforeAll(async () => {
  email = await startService(
    channelEmailService,
    {
      ...emailEnv,
      EMAIL_OUTBOUND_CONSUMER_GROUP: await consumerGroupStartingNow('email-out', [TOPICS.outboundRequested.name]),
      EMAIL_ERASURE_CONSUMER_GROUP: await consumerGroupStartingNow('email-erasure', [TOPICS.customerEvents.name]),
    },
    logged,
  );
  voice = await startService(
    channelVoiceService,
    {
      ...voiceEnv,
      VOICE_ERASURE_CONSUMER_GROUP: await consumerGroupStartingNow('voice-erasure', [TOPICS.customerEvents.name]),
    },
    logged,
  );
  // Tickets reaches the channels for an export: the attachments' bytes, the call records.
  tickets = await startService(
    ticketsService,
    {
      ...ticketsEnv,
      TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
      CHANNEL_EMAIL_URL: email.internalUrl,
      CHANNEL_VOICE_URL: voice.internalUrl,
    },
    logged,
  );
  social = await startService(
    channelSocialService,
    {
      ...socialEnv,
      SOCIAL_ERASURE_CONSUMER_GROUP: await consumerGroupStartingNow('social-erasure', [TOPICS.customerEvents.name]),
    },
    logged,
  );
  keysConnection = await connectMongo(infra.mongoUrl, SUBJECT_KEYS_DATABASE);
  ticketsStore = await connectMongo(infra.mongoUrl, ticketsEnv.MONGO_DATABASE);
  emailStore = await connectMongo(infra.mongoUrl, emailEnv.MONGO_DATABASE);
  voiceStore = await connectMongo(infra.mongoUrl, voiceEnv.MONGO_DATABASE);
  socialStore = await connectMongo(infra.mongoUrl, socialEnv.MONGO_DATABASE);
  const logger = createLogger('channel-test', 'silent');
  channel = new EventPublisher(
    createKafkaClient({ brokers, clientId: 'channel-test', logger }),
    'channel-test',
    logger,
    undefined,
    new PersonalDataCodec(new SubjectKeyStore(keysConnection, masterKey)),
  );
  await channel.connect();
}, 120_000);

afterAll(async () => {
  await channel?.disconnect();
  await Promise.all([
    keysConnection?.close(),
    ticketsStore?.close(),
    emailStore?.close(),
    voiceStore?.close(),
    socialStore?.close(),
  ]);
  await social?.close();
  await voice?.close();
  await email?.close();
  await tickets?.close();
});

/** The customer, seeded once: six contacts on every channel, a note about them, and someone else. */
let customer: { id: string; identities: { value: string }[] };
let otherCustomer: { identities: { value: string }[] };
let attachmentRef: string;

async function seed() {
  attachmentRef = await new AttachmentStore(emailStore).put(
    workspaceId,
    Buffer.from(`PDF ${tag}`),
    'application/pdf',
    person.fileName,
  );
  // channel-voice's record of the call (caller, recording) and channel-social's of the chat (transcript, visitor).
  const calls = new CallRepository(voiceStore);
  await calls.open({ _id: callSid, workspaceId, from: person.phone, to: '+48221234567', status: 'completed' });
  await calls.change(callSid, { recording: { sid: `RE${tag}`, url: recordingUrl, durationSeconds: 30 }, durationSeconds: 40 });
  await calls.finish(callSid);
  const chats = new ChatStoreRepository(socialStore);
  const session = await chats.openSession({
    _id: chatSession,
    workspaceId,
    visitorKey: person.chat,
    name: person.name,
    email: person.email,
    openedAt: new Date(),
  });
  await chats.appendOnce(chatSession, { id: 'm1', from: 'visitor', text: person.texts[5], at: new Date().toISOString() });
  await chats.markRead(chatSession, 'agent', 'm1', new Date());
  await chats.closeSession(session, 1, new Date());
  for (const contact of contacts(attachmentRef)) await publishContact(contact);
  await publishContact(buildEmailContact({ from: [{ kind: 'email', value: other.email }], text: other.text }));

  // Every contact joined the one customer (the e-mail address links the others) and reached the store.
  customer = await waitFor(
    'the customer with all six contacts',
    async () => {
      const { body } = await api().fetch('tickets?limit=50');
      const mine = body.items?.find((t: { customer: { identities: { value: string }[] } }) =>
        t.customer.identities.some((i) => i.value === person.email),
      );
      if (!mine || mine.customer.identities.length < 5) return null;
      const preview = await api().fetch(`customers/${mine.customer.id}/erasure`);
      return preview.body.messages >= 6 ? mine.customer : null;
    },
    { timeoutMs: 60_000 },
  );
  otherCustomer = await waitFor('the other customer', async () => {
    const { body } = await api().fetch('tickets?limit=50');
    return body.items?.find((t: { customer: { identities: { value: string }[] } }) =>
      t.customer.identities.some((i) => i.value === other.email),
    )?.customer;
  });
  const ticketNumber = (await api().fetch(`customers/${customer.id}`)).body.tickets?.[0]?.number ?? 1;
  await api().fetch(`tickets/${ticketNumber}/notes`, {
    method: 'POST',
    body: { text: `Dzwoniła ${person.name}, oddzwonić`, mentions: [] },
  });
}

it('exports every item of the customer into one archive, downloadable while it lasts', async () => {
  await seed();
  // An agent may not; an unknown customer is 404.
  expect(
    (await api({ id: 'agent-ola', role: 'agent' } as never).fetch(`customers/${customer.id}/exports`, { method: 'POST' })).status,
  ).toBe(403);
  expect((await api().fetch('customers/nobody/exports', { method: 'POST' })).status).toBe(404);

  const asked = await api().fetch(`customers/${customer.id}/exports`, { method: 'POST' });
  expect(asked.status).toBe(202);
  expect(asked.body).toMatchObject({ status: 'building', customerId: customer.id });
  const ready = await waitFor('the archive built', async () => {
    const { body } = await api().fetch(`customers/${customer.id}/exports/${asked.body.id}`);
    return body.status === 'ready' ? body : null;
  });
  // The bytes, as the gateway streams them through.
  const download = await new InternalApiClient(
    { name: 'tickets', baseUrl: tickets.internalUrl },
    new ServiceTokenMinter('gateway', ticketsEnv.SERVICE_TOKEN_SECRET),
  ).call({ workspaceId, agentId: ADMIN.id, role: ADMIN.role }, `customers/${customer.id}/exports/${asked.body.id}/archive`);
  expect(download.status).toBe(200);
  expect(download.headers.get('content-type')).toBe('application/zip');
  const zip = await download.arrayBuffer();
  expect(zip.byteLength).toBe(ready.size);
  const files = unzipSync(new Uint8Array(zip));
  const read = (name: string) => JSON.parse(strFromU8(files[name]));
  expect(read('manifest.json')).toMatchObject({ format: 'threadline.customer-export', version: 1, customerId: customer.id });
  expect(read('customer.json')).toMatchObject({ id: customer.id, name: person.name });
  const everything = Object.keys(files)
    .filter((name) => name.startsWith('tickets/'))
    .map((name) => strFromU8(files[name]))
    .join('\n');
  // Every identity, every text, the file's name and the note about them are in it.
  for (const item of secrets()) expect(strFromU8(files['customer.json']) + everything).toContain(item);
  expect(everything).not.toContain(other.text);
  // The file itself, as channel-email keeps it, and the call as channel-voice recorded it (with the recording's reference).
  const fileEntry = `attachments/${attachmentRef.slice('attachment:'.length)}/${person.fileName}`;
  expect(strFromU8(files[fileEntry])).toBe(`PDF ${tag}`);
  expect(read(`calls/${callSid}.json`)).toMatchObject({
    callSid,
    from: person.phone,
    durationSeconds: 40,
    recording: { url: recordingUrl, durationSeconds: 30 },
  });
  expect(read('manifest.json').counts).toMatchObject({ files: 1, callRecords: 1 });
  const audit = await api().fetch('audit?entityType=customer');
  expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
    expect.arrayContaining(['customer.export', 'customer.export-download']),
  );
});

it('erases a customer of every channel from the store, the attachments and every replay of the topics', async () => {
  if (!customer) await seed();
  const before = await dump(ticketsStore);
  expect(before).toContain(person.texts[0]);
  expect(await dump(voiceStore)).toContain(person.phone);
  expect(await dump(socialStore)).toContain(person.texts[5]);
  // On the bus, even before erasure, nothing is in clear.
  const sealedOnly = (
    await replayTopics(
      brokers,
      Object.values(TOPICS).map((t) => t.name),
    )
  )
    .map((r) => r.value?.toString('utf8') ?? '')
    .filter((v) => v.includes(workspaceId));
  for (const secret of secrets()) expect(sealedOnly.join('\n')).not.toContain(secret);

  // The preview says what will go and what we cannot reach, and changes nothing.
  const preview = await api().fetch(`customers/${customer.id}/erasure`);
  expect(preview.body).toMatchObject({ alreadyErased: false, messages: expect.any(Number), attachmentRefs: [attachmentRef] });
  expect(preview.body.providerCopies.map((c: { provider: string }) => c.provider)).toEqual(
    expect.arrayContaining(['mail server', 'Twilio', 'Meta', 'Slack']),
  );

  // Bad requests lose nothing: an agent, no reason, an unknown customer, another workspace's customer.
  expect(
    (
      await api({ id: 'agent-ola', role: 'agent' } as never).fetch(`customers/${customer.id}/erasure`, {
        method: 'POST',
        body: { reason: 'prośba klienta' },
      })
    ).status,
  ).toBe(403);
  const noReason = await api().fetch(`customers/${customer.id}/erasure`, { method: 'POST', body: {} });
  expect(noReason.status).toBe(400);
  expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
  expect((await api().fetch(`customers/nobody/erasure`, { method: 'POST', body: { reason: 'prośba klienta' } })).status).toBe(
    404,
  );
  const elsewhere = tickets.internalApi(uniqueName('ws'), ADMIN);
  expect(
    (await elsewhere.fetch(`customers/${customer.id}/erasure`, { method: 'POST', body: { reason: 'prośba klienta' } })).status,
  ).toBe(404);

  const erased = await api().fetch(`customers/${customer.id}/erasure`, {
    method: 'POST',
    body: { reason: 'Wniosek klientki z 2026-12-01 (art. 17 RODO), sprawa RODO/12' },
  });
  expect(erased.status).toBe(200);
  expect(erased.body).toMatchObject({ erased: true, alreadyErased: false, eventsSealed: true });
  expect(erased.body.keysDestroyed).toBeGreaterThanOrEqual(5);
  const again = await api().fetch(`customers/${customer.id}/erasure`, { method: 'POST', body: { reason: 'jeszcze raz' } });
  expect(again.body).toEqual({ erased: true, alreadyErased: true, erasedAt: erased.body.erasedAt });

  // The store: no collection names them or says what they wrote; their tickets and timings are still counted.
  const after = await dump(ticketsStore);
  for (const secret of secrets()) expect(after).not.toContain(secret);
  expect(after).toContain(other.text);
  const kept = await api().fetch(`customers/${customer.id}`);
  expect(kept.body).toMatchObject({ name: null, identities: [] });
  const audit = await api().fetch('audit?entityType=customer');
  expect(JSON.stringify(audit.body)).toContain('art. 17 RODO');
  // The attachment storage: the file is gone (channel-email deletes it on customer.erased.v1).
  await waitFor(
    'the attachment deleted',
    async () => !(await dump(emailStore)).includes(attachmentRef.slice('attachment:'.length)),
  );
  const emailAfter = await dump(emailStore);
  for (const secret of secrets()) expect(emailAfter).not.toContain(secret);
  // channel-voice keeps the call for reports without the caller or the recording; channel-social keeps nothing of the chat.
  await waitFor('the call and the chat erased', async () => {
    const [voiceAfter, socialAfter] = [await dump(voiceStore), await dump(socialStore)];
    return !voiceAfter.includes(person.phone) && !socialAfter.includes(person.chat);
  });
  const voiceAfter = await dump(voiceStore);
  const socialAfter = await dump(socialStore);
  for (const secret of [...secrets(), recordingUrl]) {
    expect(voiceAfter).not.toContain(secret);
    expect(socialAfter).not.toContain(secret);
  }
  expect(await new CallRepository(voiceStore).get(callSid)).toMatchObject({ from: null, recording: null, durationSeconds: 40 });
  expect(await new ChatStoreRepository(socialStore).history(chatSession)).toEqual([]);
  // The key store never named anyone, and no longer holds their keys.
  for (const secret of secrets()) expect(await dump(keysConnection)).not.toContain(secret);

  // A full replay of every topic through a fresh reader (no cached keys): their events read "erased customer".
  const codec = new PersonalDataCodec(new SubjectKeyStore(keysConnection, masterKey));
  const replayed = [];
  for (const record of await replayTopics(
    brokers,
    Object.values(TOPICS).map((t) => t.name),
  )) {
    const raw = record.value?.toString('utf8') ?? '';
    if (!raw.includes(workspaceId)) continue;
    for (const secret of secrets()) expect(raw).not.toContain(secret);
    replayed.push(validateEvent(await codec.open(parseEventJson(record.value))));
  }
  const replay = JSON.stringify(replayed);
  for (const secret of secrets()) expect(replay).not.toContain(secret);
  const contactsRead = replayed.filter((e) => e.type === 'contact.received.v1') as { payload: { text: string } }[];
  expect(contactsRead.filter((e) => e.payload.text === ERASED_TEXT)).toHaveLength(6);
  // The other customer's events still open: erasure destroyed only this customer's keys.
  expect(contactsRead.map((e) => e.payload.text)).toContain(other.text);
  expect(otherCustomer.identities).toEqual([expect.objectContaining({ value: other.email })]);

  // The services' logs of the whole run (intake, export, erasure, at debug level): none of it either.
  expect(logs.text()).toContain(workspaceId);
  for (const secret of secrets()) expect(logs.text()).not.toContain(secret);
}, 240_000);
