import type { TicketDoc } from '../tickets/ticket.schema';
import { copyOf, IntakeMemory, KnownLinks } from './intake-memory';

const ticket = (id: string, version = 1) =>
  ({ _id: id, workspaceId: 'ws-1', version, customerId: 'c-1', lastContactAt: new Date(0) }) as TicketDoc;

const at = (ms: number) => ({ lastContactAt: new Date(ms) });

describe('IntakeMemory', () => {
  it('shares its tickets among the partitions, and forgets them when the partitions move or a batch fails', () => {
    const memory = new IntakeMemory(10, 10);
    memory.reassigned({ contacts: [0, 1] });
    memory.tickets!.remember(ticket('t-0'));
    // A rebalance under way, then the same partitions back (a slow member rejoining): kept.
    memory.reassigned({});
    memory.reassigned({ contacts: [1, 0], other: [] });
    expect(memory.tickets!.ticket('ws-1', 't-0')?.version).toBe(1);
    // Others now: forgotten.
    memory.reassigned({ contacts: [1] });
    expect(memory.tickets!.ticket('ws-1', 't-0')).toBeUndefined();

    memory.tickets!.remember(ticket('t-1'));
    memory.links.remember('email:a', 'c-a');
    memory.failed();
    expect(memory.tickets!.ticket('ws-1', 't-1')).toBeUndefined();
    // Links are checked on every use: they stay.
    expect(memory.links.customerOf('email:a')).toBe('c-a');
  });

  it('answers copies, so what a batch changes while deciding is not remembered until it saves', () => {
    const known = new IntakeMemory(10, 10).tickets!;
    known.remember(ticket('t-0'));
    known.ticket('ws-1', 't-0')!.version = 7;
    expect(known.ticket('ws-1', 't-0')!.version).toBe(1);
    expect(known.ticket('ws-2', 't-0')).toBeUndefined();
  });

  it('keeps the newer copy when batches of two partitions save one ticket side by side', () => {
    const known = new IntakeMemory(10, 10).tickets!;
    known.remember({ ...ticket('t-0'), ...at(2000) });
    known.remember({ ...ticket('t-0'), ...at(1000) });
    expect(known.ticket('ws-1', 't-0')!.lastContactAt).toEqual(new Date(2000));
    known.remember({ ...ticket('t-0', 2), ...at(500) });
    expect(known.ticket('ws-1', 't-0')).toMatchObject({ version: 2, lastContactAt: new Date(500) });
    known.remember({ ...ticket('t-0', 1), ...at(9000) });
    expect(known.ticket('ws-1', 't-0')!.version).toBe(2);
    known.remember({ ...ticket('t-0', 2), ...at(3000) });
    expect(known.ticket('ws-1', 't-0')!.lastContactAt).toEqual(new Date(3000));
  });

  it('forgets the least recently used ticket past its bound, and remembers none at 0', () => {
    const known = new IntakeMemory(10, 2).tickets!;
    known.remember(ticket('t-a'));
    known.remember(ticket('t-b'));
    known.ticket('ws-1', 't-a');
    known.remember(ticket('t-c'));
    expect(['t-a', 't-b', 't-c'].map((id) => known.ticket('ws-1', id) !== undefined)).toEqual([true, false, true]);
    expect(new IntakeMemory(10, 0).tickets).toBeNull();
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

describe('copyOf', () => {
  it('copies a stored document as structuredClone does, sharing nothing with it', () => {
    const stored = {
      _id: 't-0',
      version: 3,
      mergedInto: null,
      resolvedAt: undefined,
      lastContactAt: new Date(1000),
      tags: ['voicemail'],
      replyTarget: {
        channel: 'email',
        identity: { kind: 'email', value: 'a@example.pl' },
        references: ['<m1@x>', '<m2@x>'],
        wroteAt: new Date(2000),
      },
      sla: { firstResponse: { dueAt: new Date(3000), breached: false } },
      bytes: Buffer.from('x'),
    };
    const copy = copyOf(stored);
    expect(copy).toStrictEqual(structuredClone(stored));
    expect(copy.replyTarget).not.toBe(stored.replyTarget);
    expect(copy.replyTarget.identity).not.toBe(stored.replyTarget.identity);
    expect(copy.tags).not.toBe(stored.tags);
    expect(copy.lastContactAt).not.toBe(stored.lastContactAt);
    copy.replyTarget.wroteAt.setTime(0);
    expect(stored.replyTarget.wroteAt.getTime()).toBe(2000);
  });
});
