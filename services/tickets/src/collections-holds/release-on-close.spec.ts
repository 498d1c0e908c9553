import type { AnyEvent } from '@threadline/contracts';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { HoldCollections } from './hold-collections.usecase';
import { ReleaseHoldOnClose } from './release-on-close';

const hold = { reason: 'reklamacja', since: new Date('2026-12-01T09:00:00Z'), by: 'routing' };

function setUp(ticket: Partial<TicketDoc> | null) {
  const released: string[] = [];
  const release = new ReleaseHoldOnClose({
    tickets: { findById: async () => ticket } as unknown as TicketRepository,
    holds: {
      release: async (command: { commandId: string }) => {
        released.push(command.commandId);
        return ticket;
      },
    } as unknown as HoldCollections,
  });
  return { release, released };
}

const updated = (to: string) =>
  ({
    id: 'evt-1',
    type: 'ticket.updated.v1',
    workspaceId: 'ws-1',
    payload: { ticketId: 't-1', number: 1, changes: { status: { from: 'open', to } } },
  }) as unknown as AnyEvent;

describe('ReleaseHoldOnClose', () => {
  it('releases a held ticket when it is closed, keyed by the event (a redelivery changes nothing)', async () => {
    const { release, released } = setUp({ _id: 't-1', collectionsHold: hold });
    expect(await release.handle(updated('closed'))).toBe('done');
    expect(released).toEqual(['release-on-close:evt-1']);
  });

  it('leaves a hold alone on any other change, and ignores a closed ticket without one', async () => {
    const held = setUp({ _id: 't-1', collectionsHold: hold });
    expect(await held.release.handle(updated('waiting_department'))).toBe('ignored');
    const free = setUp({ _id: 't-1', collectionsHold: null });
    expect(await free.release.handle(updated('closed'))).toBe('ignored');
    expect([...held.released, ...free.released]).toEqual([]);
  });
});
