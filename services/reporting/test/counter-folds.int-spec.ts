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
    values: JSON.stringify([{ kind: 'all', value: 'all', figures: { tickets: 100 } }]),
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

it('leaves one document per partition and month or year once a replay is caught up, with the same figures', async () => {
  const MONTHS = ['2025-01-15', '2025-02-14', '2025-03-14'];
  /** A replay's batch: 120 tickets opened over three months (each month and the year weigh every batch's events). */
  const batch = (workspaceId: string, b: number) =>
    Array.from({ length: 120 }, (_, i) => {
      const n = b * 120 + i + 1;
      const event = created(n) as TypedEnvelope<'ticket.created.v1'>;
      return createEnvelope({
        type: 'ticket.created.v1',
        version: 1,
        source: 'tickets',
        workspaceId,
        key: `t-${n}`,
        payload: { ...event.payload, createdAt: `${MONTHS[n % 3]}T09:00:00.000Z` },
      }) as TypedEnvelope;
    });
  const replay = async (workspaceId: string, caughtUpAtTheEnd: boolean) => {
    const store = new ReadModelStore(connection);
    const project = new ProjectEvents(store, () => ({ timeZone: 'Europe/Warsaw', calendar: defaultBusinessCalendar() }));
    for (let b = 0; b < 6; b++)
      expect((await project.execute(batch(workspaceId, b), SHARD, { caughtUp: caughtUpAtTheEnd && b === 5 })).done).toBe(120);
    return store;
  };
  const report = async (store: ReadModelStore, workspaceId: string, from: string, to: string) => {
    const query = resolveQuery(reportQuerySchema(366, 'volume').parse({ from, to }), 'Europe/Warsaw');
    return (await new BuildReport(store).execute(workspaceId, 'Europe/Warsaw', 'volume', query)).figures;
  };
  const documents = (collection: string, filter: object) => connection.collection(collection).countDocuments(filter);

  const caughtUp = await replay('ws-replay-caught-up', true);
  const stillComing = await replay('ws-replay-still-coming', false);

  // Still coming: every batch's document stays (folded only after 16); caught up: one per period and document kind.
  for (const kind of ['breakdowns', 'combination']) {
    expect(await documents('report_yearly', { workspaceId: 'ws-replay-still-coming', year: '2025', kind })).toBe(6);
    expect(await documents('report_yearly', { workspaceId: 'ws-replay-caught-up', year: '2025', kind })).toBe(1);
    for (const month of ['2025-01', '2025-02', '2025-03'])
      expect(await documents('report_monthly', { workspaceId: 'ws-replay-caught-up', month, kind })).toBe(1);
  }
  for (const [from, to] of [
    ['2025-01-01', '2025-12-31'],
    ['2025-02-01', '2025-02-28'],
    ['2025-01-10', '2025-03-20'],
  ]) {
    const folded = await report(caughtUp, 'ws-replay-caught-up', from, to);
    expect(folded).toEqual(await report(stillComing, 'ws-replay-still-coming', from, to));
    if (from === '2025-01-01')
      expect(folded).toMatchObject({ tickets: 720, by: { queue: [{ tickets: 360 }, { tickets: 360 }] } });
  }
});
