// Counter documents are inserted once per batch and folded by their
// partition's owner: live traffic (a batch per event) must neither grow the
// documents a report reads without bound nor change a figure, and a fold
// that a crash cut short (replaced documents left behind) counts nothing twice.
// Real: the store.
import type { Connection } from 'mongoose';
import { defaultBusinessCalendar } from '@threadline/business-calendar';
import { createEnvelope, type TypedEnvelope } from '@threadline/contracts';
import { connectMongo } from '@threadline/persistence';
import { buildTicketState, testInfra, uniqueName } from '@threadline/testing';
import { ProjectEvents } from '../src/projection/project-events.usecase';
import { ReadModelStore } from '../src/read-models/read-model-store';
import { BuildReport } from '../src/reports/build-report.usecase';
import { reportQuerySchema, resolveQuery } from '../src/reports/report-query';

const WORKSPACE = 'ws-folds';
const SHARD = 'ticket.events.v1/0';
const QUEUES = ['reklamacje', 'zamówienia'];
let connection: Connection;

beforeAll(async () => {
  connection = await connectMongo(testInfra().mongoUrl, uniqueName('t_reporting_folds'));
});

afterAll(async () => {
  await connection.close();
});

const created = (n: number): TypedEnvelope =>
  createEnvelope({
    type: 'ticket.created.v1',
    version: 1,
    source: 'tickets',
    workspaceId: WORKSPACE,
    key: `t-${n}`,
    payload: {
      ticketId: `t-${n}`,
      number: n,
      version: 1,
      customerId: `customer-${n}`,
      subject: 'Zamówienie nie dotarło',
      channel: 'email',
      previousTicketId: null,
      state: buildTicketState({ queue: QUEUES[n % 2] }),
      createdAt: '2026-03-10T09:00:00.000Z',
    },
  }) as TypedEnvelope;

async function volume(store: ReadModelStore, from: string, to: string) {
  const query = resolveQuery(reportQuerySchema(366, 'volume').parse({ from, to }), 'Europe/Warsaw');
  const report = await new BuildReport(store).execute(WORKSPACE, 'Europe/Warsaw', 'volume', query);
  const figures = report.figures as { tickets: number; by: { queue: { value: string; tickets: number }[] } };
  return { tickets: figures.tickets, queues: figures.by.queue.map((q) => [q.value, q.tickets]) };
}

it('folds the documents of a batch per event into few, with the same figures, and skips what a cut-short fold left', async () => {
  const store = new ReadModelStore(connection);
  const project = new ProjectEvents(store, () => ({ timeZone: 'Europe/Warsaw', calendar: defaultBusinessCalendar() }));
  for (let n = 1; n <= 40; n++) expect(await project.one(created(n), SHARD)).toBe('done');

  const expected = {
    tickets: 40,
    queues: [
      ['reklamacje', 20],
      ['zamówienia', 20],
    ],
  };
  expect(await volume(store, '2026-03-10', '2026-03-10')).toEqual(expected);
  expect(await volume(store, '2026-03-01', '2026-03-31')).toEqual(expected);
  const monthAll = connection.collection('report_monthly');
  const documents = await monthAll.find({ workspaceId: WORKSPACE, month: '2026-03', kind: 'breakdowns' }).toArray();
  expect(documents.length).toBeLessThan(16);

  // A fold was written but the documents it replaced were not all deleted (a crash): they count nothing.
  const fold = documents.find((d) => typeof d.fold === 'number')!;
  const { fold: generation, replaces, ...batchLike } = fold;
  void generation;
  await monthAll.insertOne({
    ...batchLike,
    _id: replaces[0],
    values: [{ kind: 'all', value: 'all', figures: { tickets: 100 } }],
  } as never);
  expect(await volume(store, '2026-03-01', '2026-03-31')).toEqual(expected);

  // The next fold deletes the leftover before it replaces the fold it was hidden by.
  for (let n = 41; n <= 60; n++) await project.one(created(n), SHARD);
  expect(await volume(store, '2026-03-01', '2026-03-31')).toEqual({
    tickets: 60,
    queues: [
      ['reklamacje', 30],
      ['zamówienia', 30],
    ],
  });
  expect(await monthAll.findOne({ _id: replaces[0] })).toBeNull();
});
