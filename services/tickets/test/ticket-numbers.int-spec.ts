// Ticket numbers under concurrent creation, on the real store. FerretDB's
// findAndModify is not atomic, so this is where two creators meet one number.
import { connectMongo, ensureIndexes, monitorStoreOperations } from '@threadline/persistence';
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
  monitorStoreOperations(connection, (command) => {
    if (command === 'findAndModify') counterCommands++;
  });
  await ensureIndexes(connection);
});

/** The counter's `$inc` commands sent so far. */
let counterCommands = 0;
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

it('gives batches reserving at once disjoint ranges, with one $inc under way at a time and the rest in one more', async () => {
  const workspaceId = uniqueName('ws');
  await tickets.reserveNumbers(workspaceId, 1);
  const before = counterCommands;
  // Six partitions' batches, each opening 20 tickets at the same moment (FerretDB's read-then-write gave them the same numbers).
  const firsts = await Promise.all(Array.from({ length: 6 }, () => tickets.reserveNumbers(workspaceId, 20)));
  const numbers = firsts.flatMap((first) => Array.from({ length: 20 }, (_, i) => first + i));
  expect(new Set(numbers).size).toBe(120);
  expect(Math.min(...numbers)).toBe(2);
  expect(Math.max(...numbers)).toBe(121);
  expect(counterCommands - before).toBe(2);
  // Once the queue is empty the next one goes at once, from where the counter stands.
  expect(await tickets.reserveNumbers(workspaceId, 1)).toBe(122);
});
