// Contact reasons learnt from the office's own labels: customers write in
// (their words sealed per customer, as channels publish them), the tickets
// service opens tickets and agents set their categories; reporting's
// classifier learns from those events, suggests the category of a new
// ticket with a confidence, and reports its accuracy on held-back labels.
// An erased customer's words leave the model. Real: Kafka, the store,
// reporting, gateway; events published as the channels and tickets do.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import {
  customerSubject,
  identitySubject,
  PersonalDataCodec,
  TOPICS,
  type Identity,
  type PayloadInputOf,
} from '@threadline/contracts';
import { EventPublisher, createKafkaClient } from '@threadline/kafka';
import { createLogger } from '@threadline/observability';
import { connectMongo, contactEntryId, SUBJECT_KEYS_DATABASE, SubjectKeyStore } from '@threadline/persistence';
import {
  buildEmailContact,
  buildTicketState,
  commonTestEnv,
  consumerGroupStartingNow,
  personalDataMasterKey,
  startGroupAtEnd,
  startService,
  testInfra,
  waitFor,
  type RunningService,
  gatewayTestEnv,
} from '@threadline/testing';
import { gatewayService } from '../../services/gateway/src/app.module';
import { reportingService } from '../../services/reporting/src/app.module';
import { isHeldBack } from '../../services/reporting/src/contact-reasons/held-back';
import { polishContacts } from '../../services/reporting/test/polish-contact-samples';
import { logIn, newWorkspace, seedAgents, type AgentCall, type TestAgent } from './workspace-agents';

const ws = newWorkspace('bok');
const agents: Record<'supervisor' | 'agent', TestAgent> = {
  supervisor: { workspace: ws, email: 'kierownik@firma.test', role: 'supervisor' },
  agent: { workspace: ws, email: 'ola@firma.test', role: 'agent' },
};
const masterKey = Buffer.from(personalDataMasterKey, 'base64');
const reportingEnv = { ...commonTestEnv('reporting'), PERSONAL_DATA_MASTER_KEY: personalDataMasterKey };
const gatewayEnv = gatewayTestEnv();
let keys: Connection;
let reportingStore: Connection;
let channel: EventPublisher;
let tickets: EventPublisher;
let reporting: RunningService;
let gateway: RunningService;
let call: AgentCall<keyof typeof agents>;

function sealingPublisher(source: string): EventPublisher {
  const logger = createLogger(`${source}-test`, 'silent');
  return new EventPublisher(
    createKafkaClient({ brokers: testInfra().kafkaBrokers.split(','), clientId: `${source}-test`, logger }),
    source,
    logger,
    undefined,
    new PersonalDataCodec(new SubjectKeyStore(keys, masterKey)),
  );
}

beforeAll(async () => {
  await seedAgents(gatewayEnv, Object.values(agents));
  keys = await connectMongo(testInfra().mongoUrl, SUBJECT_KEYS_DATABASE);
  reportingStore = await connectMongo(testInfra().mongoUrl, reportingEnv.MONGO_DATABASE);
  const group = await consumerGroupStartingNow('contact-reasons', [TOPICS.contactReceived.name, TOPICS.ticketEvents.name]);
  await startGroupAtEnd(`${group}.erasure`, [TOPICS.customerEvents.name]);
  reporting = await startService(reportingService, {
    ...reportingEnv,
    REPORTING_CONSUMER_GROUP: await consumerGroupStartingNow('reporting', [
      TOPICS.contactReceived.name,
      TOPICS.ticketEvents.name,
      TOPICS.slaEvents.name,
    ]),
    REPORTING_CONTACT_REASONS_GROUP: group,
    REPORTING_CONTACT_REASONS_TRAIN_MS: '300',
  });
  gateway = await startService(gatewayService, {
    ...gatewayEnv,
    TICKETS_URL: 'http://127.0.0.1:9',
    REPORTING_URL: reporting.internalUrl,
  });
  call = await logIn(gateway.url, agents);
  channel = sealingPublisher('channel-email');
  tickets = sealingPublisher('tickets');
  await Promise.all([channel.connect(), tickets.connect()]);
}, 90_000);

afterAll(async () => {
  await Promise.all([channel?.disconnect(), tickets?.disconnect()]);
  await gateway?.close();
  await reporting?.close();
  await Promise.all([keys?.close(), reportingStore?.close()]);
});

let lastNumber = 0;

interface Written {
  number: number;
  ticketId: string;
  customerId: string;
  from: Identity;
  providerMessageId: string;
}

/** A customer writes in; the tickets service opens a ticket for it; an agent may set its category. */
async function customerWrites(
  subject: string | null,
  text: string,
  category: string | null,
  ticketId?: string,
): Promise<Written> {
  const number = ++lastNumber;
  // By number, not at random: which tickets are held back hangs on their ids, and the seeded
  // contacts then teach the same model on every run (a random split left the suggestion's
  // confidence for the fresh complaint below 0.5 in about 1 run of 12).
  ticketId ??= `t-reason-${number}`;
  const customerId = `c-${randomUUID()}`;
  const from: Identity = { kind: 'email', value: `klient${number}@example.pl` };
  const contact = buildEmailContact({ from: [from], subject, text });
  await channel.publish('contact.received.v1', { workspaceId: ws.id, key: from.value, payload: contact });
  let version = 0;
  const ticketEvent = <T extends 'ticket.created.v1' | 'ticket.message-added.v1' | 'ticket.updated.v1'>(
    type: T,
    payload: object,
  ) =>
    tickets.publish(type, {
      workspaceId: ws.id,
      key: ticketId,
      payload: { ticketId, number, version: ++version, ...payload } as PayloadInputOf<T>,
    });
  const at = new Date().toISOString();
  await ticketEvent('ticket.created.v1', {
    customerId,
    subject,
    channel: 'email',
    previousTicketId: null,
    state: buildTicketState(),
    createdAt: at,
  });
  await ticketEvent('ticket.message-added.v1', {
    messageId: contactEntryId(ws.id, 'email', contact.providerMessageId),
    customerId,
    channel: 'email',
    direction: 'inbound',
    authorId: null,
    at,
  });
  if (category) {
    await ticketEvent('ticket.updated.v1', {
      actor: { kind: 'agent', id: 'ola' },
      changes: { category: { from: null, to: category } },
      state: buildTicketState({ category }),
      at,
    });
  }
  return { number, ticketId, customerId, from, providerMessageId: contact.providerMessageId };
}

async function modelWith(labels: number) {
  return waitFor(
    `the model trained on ${labels} labels`,
    async () => {
      const { status, body } = await call('supervisor', 'GET', '/api/v1/reports/contact-reasons/model');
      return status === 200 && body.labels === labels ? body : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 300 },
  );
}

const storedModel = () => reportingStore.collection('contact_reason_models').findOne({ _id: ws.id as never });
const tokensOf = (model: { model: { categories: Record<string, { counts: Record<string, number> }> } }) =>
  new Set(Object.values(model.model.categories).flatMap((c) => Object.keys(c.counts)));

it('learns the categories agents set, suggests one for a new ticket with a confidence, and forgets an erased customer', async () => {
  // A few labels first: two per reason.
  const sample = polishContacts(10, 11);
  for (const c of sample.slice(0, 10)) await customerWrites(c.subject, c.text, c.category);
  const few = await modelWith(10);
  expect(few.trained).toBe(true);
  expect(Object.values(few.labelCounts as Record<string, number>)).toEqual([2, 2, 2, 2, 2]);
  expect(few.trainedOn + few.heldBack).toBeLessThanOrEqual(10);

  // More labels, and one customer whose complaint carries their surname.
  for (const c of sample.slice(10)) await customerWrites(c.subject, c.text, c.category);
  // Trained on, not held back: the model must have learnt their words for forgetting them to mean anything.
  let trainedTicket = 0;
  while (isHeldBack(`t-grzegrzolka-${ws.id}-${trainedTicket}`)) trainedTicket++;
  const grzegrzolka = await customerWrites(
    'Reklamacja',
    'Reklamuję uszkodzony czajnik. Grzegorz Grzegrzółka',
    'reklamacja',
    `t-grzegrzolka-${ws.id}-${trainedTicket}`,
  );
  const more = await modelWith(51);
  expect(more.labelCounts.reklamacja).toBe(11);
  expect(more.heldBackAccuracy === null || (more.heldBackAccuracy >= 0 && more.heldBackAccuracy <= 1)).toBe(true);
  console.log(
    `contact reasons e2e: held-back accuracy ${few.heldBackAccuracy} with ${few.trainedOn} trained on, ${more.heldBackAccuracy} with ${more.trainedOn}`,
  );

  // A new ticket nobody labelled: the suggestion is stored when its words arrive and readable by any agent.
  const fresh = await customerWrites(null, 'Dzień dobry, chcę złożyć reklamację, produkt jest uszkodzony i nie działa.', null);
  const suggested = await waitFor(
    'a suggestion for the new ticket',
    async () => {
      const { status, body } = await call('agent', 'GET', `/api/v1/tickets/${fresh.number}/category-suggestion`);
      return status === 200 && body.suggestion ? body : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 300 },
  );
  // Stored when its words came before its ticket's message (else computed on asking: `stored: false`).
  expect(suggested.suggestion.category).toBe('reklamacja');
  expect(suggested.suggestion.confidence).toBeGreaterThan(0.5);
  expect(suggested.labelledAs).toBeNull();
  expect((await call('agent', 'GET', '/api/v1/tickets/99999/category-suggestion')).body.code).toBe('SUGGESTION_NOT_FOUND');
  expect((await call('agent', 'GET', '/api/v1/tickets/abc/category-suggestion')).status).toBe(400);
  expect((await call('agent', 'GET', '/api/v1/reports/contact-reasons/model')).status).toBe(403);

  // The surname is in the model (a rare word, but theirs); the example keeps only stems, never the text.
  const example = await waitFor(
    'the example of the customer to be erased',
    async () =>
      (await reportingStore.collection('contact_reason_examples').findOne({ ticketId: grzegrzolka.ticketId })) ?? undefined,
  );
  expect(JSON.stringify(example)).not.toContain('Grzegrzółka');
  await waitFor('their surname in the model', async () => tokensOf((await storedModel()) as never).has('grzegr') || undefined, {
    timeoutMs: 60_000,
  });

  // Erased: the tickets service destroys the customer's keys and announces the erasure.
  await new SubjectKeyStore(keys, masterKey).destroy(ws.id, [
    identitySubject(grzegrzolka.from),
    customerSubject(grzegrzolka.customerId),
  ]);
  await tickets.publish('customer.erased.v1', {
    workspaceId: ws.id,
    key: grzegrzolka.customerId,
    payload: {
      customerId: grzegrzolka.customerId,
      attachmentRefs: [],
      ticketIds: [grzegrzolka.ticketId],
      contactRefs: [{ channel: 'email', providerMessageId: grzegrzolka.providerMessageId }],
      outboundMessageIds: [],
      at: new Date().toISOString(),
    },
  });
  const after = await modelWith(50);
  expect(after.labelCounts.reklamacja).toBe(10);
  expect(tokensOf((await storedModel()) as never).has('grzegr')).toBe(false);
  expect(await reportingStore.collection('contact_reason_examples').findOne({ ticketId: grzegrzolka.ticketId })).toBeNull();
}, 240_000);
