// The intake writes the timeline entries and thread references it builds straight through the driver
// (`addContactEntriesOnce`, `addThreadRefs`), without mongoose's document: on the real store, each must be
// stored exactly as mongoose stores it (same fields, values, types and order), or readers would see two shapes.
import { connectMongo } from '@threadline/persistence';
import { buildContact, buildEmailContact, commonTestEnv, uniqueName } from '@threadline/testing';
import type { Connection } from 'mongoose';
import { contactTimelineEntry, unfollowedNoteEntry } from '../src/contact-intake/contact-entry';
import { TicketRepository, threadRefId } from '../src/tickets/ticket.repository';
import {
  threadRefSchema,
  timelineEntrySchema,
  type ThreadRefDoc,
  type TimelineEntryDoc,
} from '../src/tickets/timeline-entry.schema';
import type { TicketDoc } from '../src/tickets/ticket.schema';
import { receivedContact } from './received-contact';

const env = commonTestEnv('tickets');
const workspaceId = uniqueName('ws');
let store: Connection;

type ContactPayload = Parameters<typeof buildContact>[2] & object;

const received = (payload: ReturnType<typeof buildEmailContact>) => receivedContact(workspaceId, payload);

beforeAll(async () => {
  store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
});

afterAll(async () => {
  await store.dropDatabase();
  await store.close();
});

it('stores the entries the intake builds as mongoose stores them', async () => {
  const attachments: ContactPayload['attachments'] = [
    { ref: 'attachment:aa', filename: 'faktura.pdf', contentType: 'application/pdf', size: 1234, inline: false },
    { ref: 'attachment:bb', filename: null, contentType: 'image/png', size: 99 } as never,
  ];
  const contacts = [
    received(buildEmailContact({ html: '<p>Dzień dobry</p>', attachments, newText: 'Dzień dobry' })),
    received(buildEmailContact({ subject: null })),
    received(buildContact('sms', [{ kind: 'phone', value: '+48600100200' }])),
    received(
      buildContact('messenger', [{ kind: 'messenger', value: '7300000001', pageId: '104729385610001' }], {
        thread: { inReplyTo: null, references: [], providerThreadId: 'page-thread-1' },
      }),
    ),
  ];
  const ticket = { _id: 't-1', workspaceId } as TicketDoc;
  const built: TimelineEntryDoc[] = contacts.flatMap((event, i) => [
    contactTimelineEntry(event, `e-${i}`, 't-1', 'c-1'),
    unfollowedNoteEntry(ticket, `e-${i}`, new Date(event.payload.receivedAt), 17),
  ]);
  // One copy through mongoose's document (cast and validated), one as it is.
  const viaMongoose = store.model<TimelineEntryDoc>('TimelineViaMongoose', timelineEntrySchema, 'timeline_via_mongoose');
  await viaMongoose.bulkWrite(built.map((document) => ({ insertOne: { document } })));
  const tickets = new TicketRepository(store);
  expect(await tickets.addContactEntriesOnce(built)).toEqual(new Set());
  // Written again (a redelivery): refused by the id, as before.
  expect(await tickets.addContactEntriesOnce(built.slice(0, 2))).toEqual(new Set(['e-0', 'e-0:unfollowed']));

  const raw = (name: string) => store.db!.collection(name).find({}).sort({ _id: 1 }).toArray();
  const [expected, actual] = await Promise.all([raw('timeline_via_mongoose'), raw('timeline')]);
  expect(actual).toHaveLength(built.length);
  expect(actual).toStrictEqual(expected);
  // Field order too (toStrictEqual ignores it).
  expect(actual.map((doc) => Object.keys(doc))).toEqual(expected.map((doc) => Object.keys(doc)));
});

it('stores the thread references the intake claims as mongoose stores them', async () => {
  const refs: Omit<ThreadRefDoc, '_id'>[] = [
    { workspaceId, ticketId: 't-1', kind: 'message-id', value: '<a1@customer.example>' },
    { workspaceId, ticketId: 't-2', kind: 'provider-thread', value: 'messenger:page-thread-1' },
  ];
  const viaMongoose = store.model<ThreadRefDoc>('ThreadRefViaMongoose', threadRefSchema, 'thread_refs_via_mongoose');
  await viaMongoose.bulkWrite(
    refs.map((ref) => ({ insertOne: { document: { _id: threadRefId(ref.workspaceId, ref.kind, ref.value), ...ref } } })),
  );
  await new TicketRepository(store).addThreadRefs(refs);
  // Claimed again by another ticket: the first keeps it.
  await new TicketRepository(store).addThreadRefs([{ ...refs[0], ticketId: 't-9' }]);

  const raw = (name: string) => store.db!.collection(name).find({}).sort({ _id: 1 }).toArray();
  const [expected, actual] = await Promise.all([raw('thread_refs_via_mongoose'), raw('thread_refs')]);
  expect(actual).toHaveLength(2);
  expect(actual).toStrictEqual(expected);
  expect(actual.map((doc) => Object.keys(doc))).toEqual(expected.map((doc) => Object.keys(doc)));
});
