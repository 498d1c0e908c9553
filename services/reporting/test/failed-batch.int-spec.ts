// A batch the store refuses every time, after its event ids were claimed
// (and, in the second case, after its figures went in): the consumer's
// one-by-one fallback must still count every event it can, once. The
// refusal is real: a document may be at most 16 MB, so a ticket whose category
// is longer fails the batch's first write (the customer's category label) each
// time, and one whose customer id is longer fails its last (the ticket's facts,
// after the counters: no customer id in them).
// Real: the store.
import type { Connection } from 'mongoose';
import { defaultBusinessCalendar } from '@threadline/business-calendar';
import { createEnvelope, type PayloadInputOf, type TypedEnvelope } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import { buildTicketState, testInfra, uniqueName } from '@threadline/testing';
import { ProjectEvents } from '../src/projection/project-events.usecase';
import { ReadModelStore } from '../src/read-models/read-model-store';
import { BuildReport } from '../src/reports/build-report.usecase';
import { reportQuerySchema, resolveQuery } from '../src/reports/report-query';

const WORKSPACE = 'ws-failed-batch';
const SHARD = 'ticket.events.v1/0';
let connection: Connection;

beforeAll(async () => {
  connection = await connectMongo(testInfra().mongoUrl, uniqueName('t_reporting_failed_batch'));
});

afterAll(async () => {
  await connection.close();
});

/** A tickets service event about `ticketId` (its number and version 1: a message does not bump the version). */
const ticketEvent = <T extends 'ticket.created.v1' | 'ticket.message-added.v1'>(
  type: T,
  workspaceId: string,
  ticketId: string,
  payload: Omit<PayloadInputOf<T>, 'ticketId' | 'number' | 'version'>,
): TypedEnvelope =>
  createEnvelope({
    type,
    version: 1,
    source: 'tickets',
    workspaceId,
    key: ticketId,
    payload: { ticketId, number: 1, version: 1, ...payload },
  }) as unknown as TypedEnvelope;

const created = (ticketId: string, category: string | null, customerId = `customer-${ticketId}`, workspaceId = WORKSPACE) =>
  ticketEvent('ticket.created.v1', workspaceId, ticketId, {
    customerId,
    subject: 'Reklamacja przesyłki',
    channel: 'email',
    previousTicketId: null,
    state: buildTicketState({ category }),
    createdAt: '2026-03-10T09:00:00.000Z',
  });

async function ticketsOpened(store: ReadModelStore, workspaceId = WORKSPACE): Promise<unknown> {
  const query = resolveQuery(reportQuerySchema(366, 'volume').parse({ from: '2026-03-10', to: '2026-03-10' }), 'Europe/Warsaw');
  const report = await new BuildReport(store).execute(workspaceId, 'Europe/Warsaw', 'volume', query);
  return report.figures.tickets;
}

it('counts every event of a batch the store refused, one by one and once, when the consumer falls back', async () => {
  const store = new ReadModelStore(connection);
  const project = new ProjectEvents(store, () => ({ timeZone: 'Europe/Warsaw', calendar: defaultBusinessCalendar() }));
  const batch = [created('t-1', 'Reklamacja'), created('t-2', 'Zwrot'), created('t-3', 'Zły znak'.repeat(2_500_000))];

  await expect(project.execute(batch, SHARD)).rejects.toThrow();

  // The consumer's fallback: each event alone; the poison one fails alone (and goes to the dead letters).
  expect(await project.one(batch[0], SHARD)).toBe('done');
  expect(await project.one(batch[1], SHARD)).toBe('done');
  await expect(project.one(batch[2], SHARD)).rejects.toThrow();
  expect(await ticketsOpened(store)).toBe(2);

  // Delivered again (a rebalance, a replay over the live group): counted once still.
  expect(await project.one(batch[0], SHARD)).toBe('duplicate');
  expect(await project.execute(batch.slice(0, 2), SHARD)).toEqual({ done: 0, duplicate: 2, ignored: 0 });
  expect(await ticketsOpened(store)).toBe(2);
});

it('takes back a batch that failed after its figures went in, so the fallback counts each event once', async () => {
  const workspaceId = 'ws-failed-late';
  const store = new ReadModelStore(connection);
  const project = new ProjectEvents(store, () => ({ timeZone: 'Europe/Warsaw', calendar: defaultBusinessCalendar() }));
  const batch = [
    created('t-1', null, 'customer-1', workspaceId),
    created('t-2', null, 'customer-2', workspaceId),
    created('t-3', null, 'klient'.repeat(3_000_000), workspaceId),
  ];

  await expect(project.execute(batch, SHARD)).rejects.toThrow();
  // Its counters were written, then its tickets' facts were refused: nothing of it counts any more.
  expect(await ticketsOpened(store, workspaceId)).toBe(0);

  expect(await project.one(batch[0], SHARD)).toBe('done');
  expect(await project.one(batch[1], SHARD)).toBe('done');
  await expect(project.one(batch[2], SHARD)).rejects.toThrow();
  expect(await ticketsOpened(store, workspaceId)).toBe(2);

  expect(await project.execute(batch.slice(0, 2), SHARD)).toEqual({ done: 0, duplicate: 2, ignored: 0 });
  expect(await ticketsOpened(store, workspaceId)).toBe(2);
});

it('plans again a batch that took a ticket for new whose facts were stored (a creation seen twice), and counts it once', async () => {
  const workspaceId = 'ws-created-twice';
  const store = new ReadModelStore(connection);
  const project = new ProjectEvents(store, () => ({ timeZone: 'Europe/Warsaw', calendar: defaultBusinessCalendar() }));
  expect(await project.one(created('t-1', 'Reklamacja', 'customer-1', workspaceId), SHARD)).toBe('done');
  // The same ticket's creation again under another event id, in a batch with a new ticket: a batch does not read a
  // ticket it sees created, so it finds out only when the facts are refused, takes itself back and plans again, reading.
  const batch = [created('t-1', 'Reklamacja', 'customer-1', workspaceId), created('t-2', 'Zwrot', 'customer-2', workspaceId)];
  expect(await project.execute(batch, SHARD)).toEqual({ done: 2, duplicate: 0, ignored: 0 });
  expect(await ticketsOpened(store, workspaceId)).toBe(2);
  // The whole batch delivered again: each event is found in its ticket's facts.
  expect(await project.execute(batch, SHARD)).toEqual({ done: 0, duplicate: 2, ignored: 0 });
  expect(await ticketsOpened(store, workspaceId)).toBe(2);
});

it('counts a ticket event delivered again in another batch once: its id is in the ticket’s facts', async () => {
  const workspaceId = 'ws-redelivered';
  const store = new ReadModelStore(connection);
  const project = new ProjectEvents(store, () => ({ timeZone: 'Europe/Warsaw', calendar: defaultBusinessCalendar() }));
  // Two answers of one ticket carry the same ticket version: only their ids tell them apart.
  const answer = (ticketId: string, messageId: string, at: string) =>
    ticketEvent('ticket.message-added.v1', workspaceId, ticketId, {
      messageId,
      customerId: `customer-${ticketId}`,
      channel: 'email',
      direction: 'outbound',
      authorId: 'ola',
      at,
    });
  const first = answer('t-1', 'm-1', '2026-03-10T09:30:00.000Z');
  const second = answer('t-1', 'm-2', '2026-03-10T10:00:00.000Z');
  expect(await project.execute([created('t-1', null, 'customer-t-1', workspaceId), first], SHARD)).toEqual({
    done: 2,
    duplicate: 0,
    ignored: 0,
  });
  // The first answer again beside a new one (a rebalance replays part of a fetch): only the new one counts.
  expect(await project.execute([first, second], SHARD)).toEqual({ done: 1, duplicate: 1, ignored: 0 });
  expect(await project.one(second, SHARD)).toBe('duplicate');

  const query = resolveQuery(reportQuerySchema(366, 'agents').parse({ from: '2026-03-10', to: '2026-03-10' }), 'Europe/Warsaw');
  const report = await new BuildReport(store).execute(workspaceId, 'Europe/Warsaw', 'agents', query);
  const { agents } = report.figures as { agents: { agentId: string }[] };
  expect(agents.find((a) => a.agentId === 'ola')).toMatchObject({ replies: 2, firstResponses: 1 });
});
