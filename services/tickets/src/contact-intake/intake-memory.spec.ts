import type { TicketDoc } from '../tickets/ticket.schema';
import { IntakeMemory, KnownLinks } from './intake-memory';

const ticket = (id: string, version = 1) =>
  ({ _id: id, workspaceId: 'ws-1', version, customerId: 'c-1', lastContactAt: new Date(0) }) as TicketDoc;

describe('IntakeMemory', () => {
  it('keeps a partition only while this member holds it', () => {
    const memory = new IntakeMemory(10, 10);
    memory.of('contacts', 0)!.remember(ticket('t-0'));
    memory.of('contacts', 1)!.remember(ticket('t-1'));

    memory.keepOnly({ contacts: [1, 2] });
    expect(memory.of('contacts', 0)!.ticket('ws-1', 't-0')).toBeUndefined();
    expect(memory.of('contacts', 1)!.ticket('ws-1', 't-1')?.version).toBe(1);

    // A rebalance under way: nothing is held.
    memory.keepOnly({});
    expect(memory.of('contacts', 1)!.ticket('ws-1', 't-1')).toBeUndefined();
  });

  it('answers copies, so what a batch changes while deciding is not remembered until it saves', () => {
    const partition = new IntakeMemory(10, 10).of('contacts', 0)!;
    partition.remember(ticket('t-0'));
    partition.ticket('ws-1', 't-0')!.version = 7;
    expect(partition.ticket('ws-1', 't-0')!.version).toBe(1);
    expect(partition.ticket('ws-2', 't-0')).toBeUndefined();
  });

  it('forgets the least recently used ticket past its bound, and remembers none at 0', () => {
    const partition = new IntakeMemory(10, 2).of('contacts', 0)!;
    partition.remember(ticket('t-a'));
    partition.remember(ticket('t-b'));
    partition.ticket('ws-1', 't-a');
    partition.remember(ticket('t-c'));
    expect(['t-a', 't-b', 't-c'].map((id) => partition.ticket('ws-1', id) !== undefined)).toEqual([true, false, true]);
    expect(new IntakeMemory(10, 0).of('contacts', 0)).toBeNull();
  });
});

describe('KnownLinks', () => {
  it('remembers up to its bound, least recently used out first', () => {
    const links = new KnownLinks(2);
    links.remember('email:a', 'c-a');
    links.remember('email:b', 'c-b');
    links.customerOf('email:a');
    links.remember('email:c', 'c-c');
    expect(['email:a', 'email:b', 'email:c'].map((key) => links.customerOf(key))).toEqual(['c-a', undefined, 'c-c']);
    links.forget('email:a');
    expect(links.customerOf('email:a')).toBeUndefined();
    const none = new KnownLinks(0);
    none.remember('email:a', 'c-a');
    expect(none.customerOf('email:a')).toBeUndefined();
  });
});
