// A batch meets another partition's write on one customer only: while the batch is writing, another
// partition opens the ticket the batch meant to open for Adam. Only Adam's contacts are decided again
// (his first, which met the other write, and his second, which joined the ticket his first opened);
// the batch's other contacts (Jan, new to the store; Ewa, joining her open ticket) are written as they
// were decided, once, and not read again. The other partition is the one-contact path run at a chosen
// moment of the batch's save (just before it writes its tickets), against the same real store.
import { createEnvelope, TOPICS, type TypedEnvelope } from '@threadline/contracts';
import {
  buildContact,
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  inboundMessages,
  startService,
  ticketsInternalApi,
  uniqueName,
  type Json,
  type RunningService,
} from '@threadline/testing';
import { ticketsService } from '../src/app.module';
import { AttachContact } from '../src/contact-intake/attach-contact.usecase';
import { CustomerRepository } from '../src/customers/customer.repository';
import { TicketRepository } from '../src/tickets/ticket.repository';
import { contactEntryId } from '../src/tickets/timeline-entry.schema';

import { batchIntakeWith } from './batch-intake-with';
type ContactPayload = ReturnType<typeof buildContact>;

let workspaceId: string;
const at = (minute: number) => new Date(Date.now() - 3600_000 + minute * 60_000).toISOString();
const event = (payload: ContactPayload) =>
  createEnvelope({
    type: 'contact.received.v1',
    version: 1,
    source: 'test',
    workspaceId,
    key: workspaceId,
    payload,
  }) as TypedEnvelope<'contact.received.v1'>;
const entryOf = (contact: ContactPayload) => contactEntryId(workspaceId, contact.channel, contact.providerMessageId);

const ewaPhone = { kind: 'phone' as const, value: '+48605111222' };
const janMail = { kind: 'email' as const, value: 'jan.nowak@example.pl', displayName: 'Jan Nowak' };
const adamChat = { kind: 'chat' as const, value: 'visitor-adam' };
/** Adam's chat session: his messages in it belong together. */
const adamSession = { inReplyTo: null, references: [], providerThreadId: 'session-adam' };

const started: RunningService[] = [];
afterAll(() => Promise.all(started.map((s) => s.close())));

it('decides again only the contacts that met the other write, and writes the others once', async () => {
  workspaceId = uniqueName('ws');
  const tickets = await startService(ticketsService, {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  });
  started.push(tickets);
  const { app } = tickets;
  const one = app.get(AttachContact);
  const store = app.get(TicketRepository);
  const customers = app.get(CustomerRepository);
  // Ewa has an open ticket; Adam a ticket of a month ago (his new session opens a new one); Jan is new.
  await one.execute(event(buildContact('sms', [ewaPhone], { text: 'Gdzie moja paczka?', receivedAt: at(0) })));
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
  await one.execute(event(buildContact('chat', [adamChat], { text: 'Dziękuję za pomoc', receivedAt: monthAgo })));
  const ewa = await customers.findById(workspaceId, (await customers.linkOf(workspaceId, ewaPhone))!.customerId);
  const ewaTicket = ewa!.lastTicketId!;

  // The other partition, once, just before the batch writes its tickets: Adam's next chat message
  // opens the ticket the batch is about to open for him (same customer, same epoch: the same id).
  let otherPartition: (() => Promise<unknown>) | null = () =>
    one.execute(event(buildContact('chat', [adamChat], { text: 'Halo, jest ktoś?', receivedAt: at(4), thread: adamSession })));
  // What the batch reads and writes, by document.
  const reads = new Map<string, number>();
  const read = (id: string) => reads.set(id, (reads.get(id) ?? 0) + 1);
  const entriesWritten: string[] = [];
  const ticketsInserted: string[] = [];
  const tickets_ = Object.assign(Object.create(store) as TicketRepository, {
    async findById(...args: Parameters<TicketRepository['findById']>) {
      read(args[1]);
      return store.findById(...args);
    },
    async addContactEntriesOnce(entries: Parameters<TicketRepository['addContactEntriesOnce']>[0]) {
      entriesWritten.push(...entries.map((entry) => entry._id));
      return store.addContactEntriesOnce(entries);
    },
    async insertOnce(docs: Parameters<TicketRepository['insertOnce']>[0]) {
      const run = otherPartition;
      otherPartition = null;
      await run?.();
      ticketsInserted.push(...docs.map((ticket) => ticket._id));
      return store.insertOnce(docs);
    },
  });
  const customers_ = Object.assign(Object.create(customers) as CustomerRepository, {
    async findById(...args: Parameters<CustomerRepository['findById']>) {
      read(args[1]);
      return customers.findById(...args);
    },
  });
  const races: { stale: boolean; contacts: number }[] = [];
  const batch = batchIntakeWith(app, { tickets: tickets_, customers: customers_ }, (stale, contacts) =>
    races.push({ stale, contacts }),
  );
  const jan = buildEmailContact({ from: [janMail], subject: 'Faktura', receivedAt: at(1), text: 'Proszę o fakturę.' });
  const adam = buildContact('chat', [adamChat], { text: 'Dzień dobry, mam pytanie', receivedAt: at(2), thread: adamSession });
  const ewaNext = buildContact('sms', [ewaPhone], { text: 'Czy coś wiadomo?', receivedAt: at(3) });
  const adamNext = buildContact('chat', [adamChat], { text: 'Chodzi o zwrot', receivedAt: at(5), thread: adamSession });
  const outcomes = await batch.execute([event(jan), event(adam), event(ewaNext), event(adamNext)]);
  expect(outcomes).toEqual(['done', 'done', 'done', 'done']);

  // The race happened, and only Adam's two contacts were decided again.
  expect(races).toEqual([{ stale: false, contacts: 2 }]);
  // Jan's and Ewa's contacts: written once, their documents read once (a second round would read them again).
  expect(entriesWritten.filter((id) => id === entryOf(jan))).toHaveLength(1);
  expect(entriesWritten.filter((id) => id === entryOf(ewaNext))).toHaveLength(1);
  expect(reads.get(ewa!._id)).toBe(1);
  expect(reads.get(ewaTicket)).toBe(1);
  const janCustomer = (await customers.linkOf(workspaceId, janMail))!.customerId;
  const janTicket = (await customers.findById(workspaceId, janCustomer))!.lastTicketId!;
  expect(ticketsInserted.filter((id) => id === janTicket)).toHaveLength(1);

  const api = ticketsInternalApi(tickets, workspaceId);
  const timelineOf = async (ticketId: string) => {
    const { number } = (await store.findById(workspaceId, ticketId))!;
    return inboundMessages((await api.get(`tickets/${number}`)).body.timeline).map((e: Json) => e.text);
  };
  const { body } = await tickets.internalApi(workspaceId).fetch('tickets?sort=number&order=asc');
  const timelines = await Promise.all(body.items.map(async (t: Json) => (await api.get(`tickets/${t.number}`)).body));
  const messages = timelines.map((t) => inboundMessages(t.timeline).map((e: Json) => e.text));
  // Each message on exactly one ticket, and no ticket empty.
  expect(messages.filter((texts) => texts.length === 0)).toEqual([]);
  expect(messages.flat().sort()).toEqual(
    [
      'Gdzie moja paczka?',
      'Dziękuję za pomoc',
      'Proszę o fakturę.',
      'Dzień dobry, mam pytanie',
      'Halo, jest ktoś?',
      'Czy coś wiadomo?',
      'Chodzi o zwrot',
    ].sort(),
  );
  // Adam's contacts decided again ended on the ticket the other partition opened, beside its message.
  expect(messages).toContainEqual(expect.arrayContaining(['Dzień dobry, mam pytanie', 'Halo, jest ktoś?', 'Chodzi o zwrot']));
  expect((await timelineOf(ewaTicket)).sort()).toEqual(['Czy coś wiadomo?', 'Gdzie moja paczka?']);
  expect(await timelineOf(janTicket)).toEqual(['Proszę o fakturę.']);
});
