// A batch writes its new tickets' timeline entries before the tickets (so no
// ticket is listed without its opening contact). A crash between the two
// leaves entries whose ticket is not there; the batch delivered again after
// the restart completes those contacts: each on a ticket, exactly once.
import { TOPICS } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import {
  buildContact,
  buildEmailContact,
  commonTestEnv,
  consumerGroupStartingNow,
  inboundMessages,
  startService,
  testPublisher,
  ticketsInternalApi,
  uniqueName,
  waitFor,
  type Json,
  type RunningService,
} from '@threadline/testing';
import { ticketsService } from '../src/app.module';
import { contactTimelineEntry, newTicketOf } from '../src/contact-intake/contact-entry';
import { CustomerRepository } from '../src/customers/customer.repository';
import { contactEntryId } from '../src/tickets/timeline-entry.schema';

type ContactPayload = ReturnType<typeof buildContact>;

const publisher = testPublisher('test');
const workspaceId = uniqueName('ws');
const at = (minute: number) => new Date(Date.now() - 3600_000 + minute * 60_000).toISOString();

const ewa = { kind: 'email' as const, value: 'ewa.kowalczyk@example.pl', displayName: 'Ewa Kowalczyk' };
const piotrPhone = { kind: 'phone' as const, value: '+48603111222' };
const ewaFirst = buildEmailContact({
  from: [ewa],
  subject: 'Uszkodzona przesyłka',
  receivedAt: at(0),
  text: 'Karton był zgnieciony.',
});
const ewaSecond = buildEmailContact({
  from: [ewa],
  subject: 'Re: Uszkodzona przesyłka',
  receivedAt: at(1),
  text: 'Zdjęcia w załączeniu.',
});
const piotrSms = buildContact('sms', [piotrPhone], { text: 'Proszę o fakturę na firmę', receivedAt: at(2) });

/** The entry the batch wrote for a contact before it stopped, on `ticketId`. */
function entryOf(payload: ContactPayload, ticketId: string) {
  const event = { workspaceId, payload } as Parameters<typeof contactTimelineEntry>[0];
  const entryId = contactEntryId(workspaceId, payload.channel, payload.providerMessageId);
  return contactTimelineEntry(event, entryId, ticketId, CustomerRepository.draft(workspaceId, payload.from, null)._id);
}

/** The ticket Ewa's first mail opens: her first (same customer, same epoch, same id). */
function ewasTicketId(): string {
  const event = { workspaceId, payload: ewaFirst } as Parameters<typeof newTicketOf>[0];
  const entryId = contactEntryId(workspaceId, 'email', ewaFirst.providerMessageId);
  return newTicketOf(event, CustomerRepository.draft(workspaceId, [ewa], null), entryId, null)._id;
}

let tickets: RunningService | undefined;
afterAll(async () => {
  await publisher.disconnect();
  await tickets?.close();
});

it('completes, after a restart, the contacts whose entries were written but not their tickets', async () => {
  const env = {
    ...commonTestEnv('tickets'),
    TICKETS_CONSUMER_GROUP: await consumerGroupStartingNow('tickets', [TOPICS.contactReceived.name]),
  };
  // What the stopped batch left: Ewa's two mails on the ticket it was about to open, and Piotr's
  // SMS on a ticket that will not be decided again (as after a merge of his customer meanwhile).
  const store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  await store
    .collection('timeline')
    .insertMany([
      entryOf(ewaFirst, ewasTicketId()),
      entryOf(ewaSecond, ewasTicketId()),
      entryOf(piotrSms, 'never-written'),
    ] as never[]);
  await store.close();

  await publisher.connect();
  // The same contacts delivered again, under one key: one batch.
  for (const payload of [ewaFirst, ewaSecond, piotrSms]) {
    await publisher.publish('contact.received.v1', { workspaceId, key: workspaceId, payload });
  }
  tickets = await startService(ticketsService, env);
  const service = tickets;
  const api = ticketsInternalApi(service, workspaceId);
  const timelines = async (): Promise<Json[]> => {
    const { body } = await service.internalApi(workspaceId).fetch('tickets?sort=number&order=asc');
    return Promise.all(body.items.map(async (t: Json) => (await api.get(`tickets/${t.number}`)).body));
  };

  const listed = await waitFor('Ewa and Piotr on their tickets', async () => {
    const all = await timelines();
    return all.length === 2 && all.flatMap((t) => inboundMessages(t.timeline)).length === 3 ? all : null;
  });
  expect(
    listed.map((t) => [t.customer.name ?? t.customer.identities[0].value, inboundMessages(t.timeline).map((e: Json) => e.text)]),
  ).toEqual([
    ['Ewa Kowalczyk', ['Karton był zgnieciony.', 'Zdjęcia w załączeniu.']],
    ['+48603111222', ['Proszę o fakturę na firmę']],
  ]);
  // The ticket the stopped batch had decided for her, not another one.
  expect(listed[0].id).toBe(ewasTicketId());
});
