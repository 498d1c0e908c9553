// The intake records a contact on its ticket (`recordInboundContacts`, `recordInboundContactsIf`) straight through
// the driver, without mongoose's casting (`UpdateOptions.asStored`): on the real store, each ticket must end exactly
// as the same update through mongoose leaves it (same fields, values, types and order), or readers would see two shapes.
import type { Identity } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import { buildContact, buildEmailContact, commonTestEnv, uniqueName } from '@threadline/testing';
import type { Connection } from 'mongoose';
import { replyTargetOf } from '../src/contact-intake/contact-entry';
import { TicketRepository } from '../src/tickets/ticket.repository';
import { ticketSchema, type ReplyTarget, type TicketDoc } from '../src/tickets/ticket.schema';
import { receivedContact } from './received-contact';

const env = commonTestEnv('tickets');
const workspaceId = uniqueName('ws');
let store: Connection;

/** Where the intake answers this contact, as it builds it from the validated event (defaults applied). */
function targetOf(payload: ReturnType<typeof buildEmailContact>): ReplyTarget {
  return replyTargetOf(receivedContact(workspaceId, payload).payload);
}

const targets: ReplyTarget[] = [
  targetOf(
    buildEmailContact({
      thread: { inReplyTo: '<a0@firma.example>', references: ['<a0@firma.example>'], providerThreadId: null },
    }),
  ),
  targetOf(buildEmailContact({ providerMessageId: 'sha256:abc' })),
  targetOf(buildContact('sms', [{ kind: 'phone', value: '+48600100200' }], { recipient: '+48500000000' })),
  targetOf(
    buildContact('messenger', [{ kind: 'messenger', value: '7300000001', pageId: '104729385610001' }], {
      thread: { inReplyTo: null, references: [], providerThreadId: 'page-thread-1' },
    }),
  ),
  // A chat left while nobody was online: answered by e-mail.
  targetOf(buildContact('chat', [{ kind: 'email', value: 'jan@example.pl', displayName: 'Jan' }])),
  // Built by hand, its fields in another order and one the schema lacks (the schema decides both).
  {
    wroteAt: new Date('2026-12-01T10:00:00Z'),
    references: [],
    identity: { displayName: 'Ola', value: 'ola@example.pl', kind: 'email', extra: 'x' } as unknown as Identity,
    channel: 'email',
    providerThreadId: null,
    messageRef: '<o1@example.pl>',
  },
];

beforeAll(async () => {
  store = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
});

afterAll(async () => {
  await store.dropDatabase();
  await store.close();
});

/** The same tickets in both collections, as the tickets service stored them (what the updates leave alone is not compared). */
async function seed(ids: string[]) {
  const base = (_id: string) => ({
    _id,
    workspaceId,
    version: 3,
    customerId: 'c-1',
    lastContactAt: new Date('2026-01-01T00:00:00Z'),
    replyTarget: null,
  });
  await store.db!.collection('tickets').insertMany(ids.map(base) as never[]);
  await store.db!.collection('tickets_via_mongoose').insertMany(ids.map(base) as never[]);
}

const raw = (name: string, ids: string[]) =>
  store
    .db!.collection(name)
    .find({ _id: { $in: ids as never[] } })
    .sort({ _id: 1 })
    .toArray();

it('records inbound contacts on tickets as mongoose stores them', async () => {
  const ids = targets.map((_, i) => `t-in-${i}`);
  await seed(ids);
  const contacts = targets.map((replyTarget, i) => ({ ticketId: ids[i], at: new Date(Date.UTC(2026, 11, 1, i)), replyTarget }));
  const viaMongoose = store.model<TicketDoc>('TicketViaMongoose', ticketSchema, 'tickets_via_mongoose');
  await viaMongoose.bulkWrite(
    contacts.map(({ ticketId, at, replyTarget }) => ({
      updateOne: { filter: { _id: ticketId, lastContactAt: { $lte: at } }, update: { $set: { lastContactAt: at, replyTarget } } },
    })),
  );
  await new TicketRepository(store).recordInboundContacts(contacts);

  const [expected, actual] = await Promise.all([raw('tickets_via_mongoose', ids), raw('tickets', ids)]);
  expect(actual).toHaveLength(targets.length);
  expect(actual.every((ticket) => ticket.replyTarget !== null)).toBe(true);
  expect(actual).toStrictEqual(expected);
  // Field order too, the reply target's and its identity's (toStrictEqual ignores it).
  const keys = (docs: typeof actual) =>
    docs.map((doc) => [Object.keys(doc), Object.keys(doc.replyTarget), Object.keys(doc.replyTarget.identity)]);
  expect(keys(actual)).toEqual(keys(expected));
});

it('records inbound contacts only where the remembered ticket still matches, as mongoose would', async () => {
  const ids = targets.map((_, i) => `t-if-${i}`);
  await seed(ids);
  // Half as remembered, half remembered wrong (another version): those stay as they were.
  const checks = targets.map((replyTarget, i) => ({
    ticketId: ids[i],
    version: i % 2 === 0 ? 3 : 2,
    customerId: 'c-1',
    lastContactAt: i === 0 ? { exactly: new Date('2026-01-01T00:00:00Z') } : { atMost: new Date(Date.UTC(2026, 11, 2, i)) },
    contact: { at: new Date(Date.UTC(2026, 11, 2, i)), replyTarget },
  }));
  const viaMongoose = store.model<TicketDoc>('TicketViaMongooseIf', ticketSchema, 'tickets_via_mongoose');
  await viaMongoose.bulkWrite(
    checks.map(({ ticketId, version, customerId, lastContactAt, contact }) => ({
      updateOne: {
        filter: {
          _id: ticketId,
          version,
          customerId,
          lastContactAt: 'exactly' in lastContactAt ? lastContactAt.exactly : { $lte: lastContactAt.atMost },
        },
        update: { $set: { lastContactAt: contact.at, replyTarget: contact.replyTarget } },
      },
    })),
  );
  const unmatched = await new TicketRepository(store).recordInboundContactsIf(checks);

  // Each command carries up to four updates and answers one count: a miss marks its neighbours too.
  expect(unmatched).toEqual(ids);
  const [expected, actual] = await Promise.all([raw('tickets_via_mongoose', ids), raw('tickets', ids)]);
  expect(actual.filter((ticket) => ticket.replyTarget !== null)).toHaveLength(Math.ceil(targets.length / 2));
  expect(actual).toStrictEqual(expected);
  const keys = (docs: typeof actual) =>
    docs.map((doc) => [Object.keys(doc), Object.keys(doc.replyTarget ?? {}), Object.keys(doc.replyTarget?.identity ?? {})]);
  expect(keys(actual)).toEqual(keys(expected));
});
