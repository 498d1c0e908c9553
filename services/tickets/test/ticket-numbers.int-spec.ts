// Ticket numbers under concurrent creation, on the real store. FerretDB's
// findAndModify is not atomic, so this is where two creators meet one number.
import { connectMongo, ensureIndexes } from '@threadline/persistence';
import { commonTestEnv, uniqueName } from '@threadline/testing';
import type { Connection } from 'mongoose';
import { ticketDraft } from '../src/tickets/ticket-draft';
import { TicketRepository } from '../src/tickets/ticket.repository';

let connection: Connection;
let tickets: TicketRepository;

beforeAll(async () => {
  const env = commonTestEnv('tickets');
  connection = await connectMongo(env.MONGO_URL, env.MONGO_DATABASE);
  tickets = new TicketRepository(connection);
  await ensureIndexes(connection);
});
afterAll(() => connection.close());

const draft = (workspaceId: string, id: string) =>
  ticketDraft({
    id,
    workspaceId,
    customerId: 'c',
    channel: 'email',
    subject: null,
    receivedAt: new Date(),
    openedByEntryId: id,
    customerEpoch: 1,
  });

it('gives 60 tickets created at once 60 different numbers', async () => {
  const workspaceId = uniqueName('ws');
  const created = await Promise.all(Array.from({ length: 60 }, (_, i) => tickets.createOnce(draft(workspaceId, `t${i}`))));
  const numbers = created.map((c) => c.ticket.number);
  expect(new Set(numbers).size).toBe(60);
  expect(created.every((c) => c.created)).toBe(true);
});

it('returns the stored ticket, not a second one, when the same ticket is created again', async () => {
  const workspaceId = uniqueName('ws');
  const first = await tickets.createOnce(draft(workspaceId, 'same'));
  const again = await tickets.createOnce(draft(workspaceId, 'same'));
  expect(again).toEqual({ ticket: expect.objectContaining({ _id: 'same', number: first.ticket.number }), created: false });
});

it('keeps each workspace on its own sequence', async () => {
  const [a, b] = [uniqueName('ws'), uniqueName('ws')];
  await tickets.createOnce(draft(a, 'a1'));
  await tickets.createOnce(draft(a, 'a2'));
  expect((await tickets.createOnce(draft(b, 'b1'))).ticket.number).toBe(1);
});
