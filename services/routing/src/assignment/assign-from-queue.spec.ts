import { AssignFromQueue, type AssignFromQueueDeps } from './assign-from-queue';
import type { TicketNeeds } from './agent-fit';
import type { TicketHold } from './ticket-holds.repository';
import { WorkspaceCalendars } from './workspace-calendars';

const now = new Date('2026-12-07T09:00:00+01:00');
const needs: TicketNeeds = { channel: 'chat', language: 'pl', category: null };
const hold = (ticketId: string, holder: string): TicketHold => ({
  workspaceId: 'ws',
  ticketId,
  number: 1,
  channel: 'chat',
  queue: 'sklep',
  holder,
  version: 2,
  partition: 0,
});

/** A queue of Ola and Piotr, both present, least-loaded; `held` is what the holds say. */
function queueOf(held: TicketHold[], businessHoursOnly = false) {
  const deps = {
    queues: {
      find: async () => ({
        queue: 'sklep',
        members: ['ola', 'piotr'],
        mode: 'least-loaded',
        autoAssign: true,
        businessHoursOnly,
        lastAssigned: null,
      }),
    },
    // The workspace's calendar: the default office week in Warsaw, Polish holidays closed.
    calendars: new WorkspaceCalendars(null, 60_000, { warn: () => undefined } as never),
    presence: { isPresent: async () => true },
    profiles: { find: async () => null },
    holds: { heldBy: async (_ws: string, agentId: string) => held.filter((h) => h.holder === agentId) },
  } as unknown as AssignFromQueueDeps;
  return new AssignFromQueue(deps);
}

describe('AssignFromQueue', () => {
  it('counts a ticket it just gave before the holds show it, and only once after', async () => {
    const held: TicketHold[] = [];
    const assign = queueOf(held);
    expect(await assign.choose('ws', 'sklep', needs, now)).toEqual({ agentId: 'ola' });
    assign.gave('ws', 'ola', 't1', 'chat', now);
    // The holds do not show t1 yet: Ola counts 1 all the same, so the next goes to Piotr.
    expect(await assign.choose('ws', 'sklep', needs, now)).toEqual({ agentId: 'piotr' });
    held.push(hold('t1', 'ola'));
    expect((await assign.agentNow('ws', 'ola', now)).load.get('chat')).toBe(1);
  });

  it('forgets a given ticket after a minute (its event was lost or went elsewhere)', async () => {
    const assign = queueOf([]);
    assign.gave('ws', 'ola', 't1', 'chat', now);
    expect((await assign.agentNow('ws', 'ola', now)).load.get('chat')).toBe(1);
    expect((await assign.agentNow('ws', 'ola', new Date(now.getTime() + 61_000))).load.get('chat')).toBeUndefined();
  });

  it('gives nothing out of a business-hours queue outside the workspace calendar: at night, on a Polish holiday', async () => {
    const assign = queueOf([], true);
    expect(await assign.choose('ws', 'sklep', needs, now)).toEqual({ agentId: 'ola' });
    const closed = { failure: 'kolejka sklep poza godzinami pracy' };
    expect(await assign.choose('ws', 'sklep', needs, new Date('2026-12-07T22:00:00+01:00'))).toEqual(closed);
    // Boże Narodzenie, a Friday.
    expect(await assign.choose('ws', 'sklep', needs, new Date('2026-12-25T10:00:00+01:00'))).toEqual(closed);
    // A queue without business hours gives out work at any time.
    expect(await queueOf([]).choose('ws', 'sklep', needs, new Date('2026-12-25T10:00:00+01:00'))).toEqual({ agentId: 'ola' });
  });
});
