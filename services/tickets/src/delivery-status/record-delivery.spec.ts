import type { DeliveryStatus, TypedEnvelope } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import { RecordDelivery } from './record-delivery.usecase';

const WS = 'ws-1';

function outbound(id: string, status: DeliveryStatus | null): TimelineEntryDoc {
  return {
    _id: id,
    workspaceId: WS,
    ticketId: 't-1',
    kind: 'message',
    direction: 'outbound',
    delivery: status && { status, at: new Date('2026-12-07T08:00:00Z'), error: null },
  } as TimelineEntryDoc;
}

let n = 0;
function news(
  messageId: string,
  status: 'sent' | 'delivered' | 'failed',
  reason: string | null = null,
  ticket: { ticketId: string; number: number } | null = null,
) {
  n++;
  return {
    id: `news-${n}`,
    type: 'delivery.updated.v1',
    workspaceId: WS,
    correlationId: `c-${n}`,
    payload: {
      channel: 'email',
      messageId,
      status,
      reason,
      providerMessageId: null,
      ticketId: ticket?.ticketId ?? null,
      number: ticket?.number ?? null,
      at: `2026-12-07T08:00:${10 + (n % 40)}Z`,
    },
  } as TypedEnvelope<'delivery.updated.v1'>;
}

/** The same news naming their ticket, as connectors send them since `ticketId` was added. */
const named = (event: TypedEnvelope<'delivery.updated.v1'>) =>
  ({ ...event, payload: { ...event.payload, ticketId: 't-1', number: 7 } }) as TypedEnvelope<'delivery.updated.v1'>;

/** The store as the use case sees it, counting the calls it makes; `raced` entries are moved on by someone else. */
function store(entries: TimelineEntryDoc[], raced = new Map<string, DeliveryStatus>()) {
  const timeline = new Map(entries.map((e) => [e._id, structuredClone(e)]));
  const calls = { entryReads: 0, writeCalls: 0, ticketReads: 0 };
  const raceNow = () => {
    for (const [id, status] of raced) timeline.get(id)!.delivery = { status, at: new Date(), error: 'someone else' };
  };
  const findTimelineEntry = async (workspaceId: string, id: string) => {
    calls.entryReads++;
    const entry = timeline.get(id);
    return entry && entry.workspaceId === workspaceId ? structuredClone(entry) : null;
  };
  const repository = {
    findTimelineEntry,
    setDeliveries: async (moves: { entryId: string; from: DeliveryStatus; delivery: TimelineEntryDoc['delivery'] }[]) => {
      calls.writeCalls++;
      raceNow();
      const matched = moves.map(({ entryId, from, delivery }) => {
        const entry = timeline.get(entryId)!;
        if ((entry.delivery?.status ?? 'requested') !== from) return false;
        entry.delivery = delivery;
        return true;
      });
      // As in the store: one count for a command's updates, so a miss marks its neighbours too.
      return matched.map(() => matched.every(Boolean));
    },
    setDeliveriesFromAny: async (
      moves: {
        workspaceId: string;
        ticketId: string;
        entryId: string;
        fromAny: DeliveryStatus[];
        delivery: TimelineEntryDoc['delivery'];
      }[],
    ) => {
      calls.writeCalls++;
      raceNow();
      const matched = moves.map(({ workspaceId, ticketId, entryId, fromAny, delivery }) => {
        const entry = timeline.get(entryId);
        const ours =
          entry?.workspaceId === workspaceId &&
          entry.ticketId === ticketId &&
          entry.kind === 'message' &&
          entry.direction === 'outbound';
        if (!ours || !fromAny.includes(entry.delivery?.status ?? 'requested')) return false;
        entry.delivery = delivery;
        return true;
      });
      return matched.map(() => matched.every(Boolean));
    },
    findById: async (_: string, id: string) => {
      calls.ticketReads++;
      return { _id: id, number: 7, version: 3 } as TicketDoc;
    },
  } as unknown as TicketRepository;
  const published: { id?: string; payload: { messageId: string; status: string; number: number; version: number } }[] = [];
  const publisher = { publish: async (_: string, event: (typeof published)[number]) => void published.push(event) };
  const useCase = new RecordDelivery(repository, publisher as unknown as EventPublisher);
  return { useCase, timeline, calls, published };
}

describe('RecordDelivery', () => {
  it('records a batch of news as each in turn (announced in their order), reading and writing each message once', async () => {
    const { useCase, timeline, calls, published } = store([
      outbound('ack-1', 'requested'),
      outbound('ack-2', null),
      outbound('reply-3', 'delivered'),
      { ...outbound('in-4', null), direction: 'inbound' },
    ]);
    const events = [
      news('ack-1', 'sent'),
      news('ack-2', 'sent'),
      news('ack-1', 'delivered'),
      news('reply-3', 'sent'), // late: delivered already
      news('in-4', 'sent'), // not an outbound message
      news('someone-elses', 'failed'),
      news('ack-2', 'sent'), // repeated
    ];

    expect(await useCase.executeMany(events)).toEqual(['done', 'done', 'done', 'duplicate', 'ignored', 'ignored', 'duplicate']);
    expect(timeline.get('ack-1')!.delivery).toMatchObject({ status: 'delivered', at: new Date(events[2].payload.at) });
    expect(timeline.get('ack-2')!.delivery?.status).toBe('sent');
    expect(timeline.get('reply-3')!.delivery?.status).toBe('delivered');
    expect(published.map((e) => `${e.payload.messageId} ${e.payload.status}`)).toEqual([
      'ack-1 sent',
      'ack-2 sent',
      'ack-1 delivered',
    ]);
    expect(published[0].payload).toMatchObject({ number: 7, version: 3 });
    // One read per message, one write call for the batch, the one ticket read once.
    expect(calls).toEqual({ entryReads: 5, writeCalls: 1, ticketReads: 1 });
  });

  it('announces the same events, with the same ids, as the news handled one at a time', async () => {
    const entries = [outbound('a', null), outbound('b', 'sent')];
    const events = [news('a', 'sent'), news('b', 'failed', '550 no such user'), news('a', 'delivered'), news('b', 'delivered')];
    const batch = store(entries);
    const single = store(entries);

    const together = await batch.useCase.executeMany(events);
    const oneByOne = [];
    for (const event of events) oneByOne.push(await single.useCase.execute(event));

    expect(together).toEqual(oneByOne);
    expect(batch.published).toEqual(single.published);
    expect([...batch.timeline.values()]).toEqual([...single.timeline.values()]);
  });

  it('leaves a message another writer moved on meanwhile, and announces nothing for it', async () => {
    const { useCase, timeline, published } = store(
      [outbound('a', null), outbound('b', null)],
      new Map<string, DeliveryStatus>([['b', 'failed']]),
    );

    expect(await useCase.executeMany([news('a', 'sent'), news('b', 'sent')])).toEqual(['done', 'duplicate']);
    expect(timeline.get('b')!.delivery?.status).toBe('failed');
    expect(published.map((e) => e.payload.messageId)).toEqual(['a']);
  });

  describe('news that name their ticket', () => {
    it('moves and announces as the news read first would, without reading the entries', async () => {
      const entries = [outbound('ack-1', 'requested'), outbound('ack-2', null), outbound('ack-3', null)];
      const events = [news('ack-1', 'sent'), news('ack-2', 'sent'), news('ack-1', 'delivered'), news('ack-3', 'failed', '550')];
      const read = store(entries);
      const unread = store(entries);

      const outcomes = await unread.useCase.executeMany(events.map(named));

      expect(outcomes).toEqual(await read.useCase.executeMany(events));
      expect(outcomes).toEqual(['done', 'done', 'done', 'done']);
      expect(unread.published).toEqual(read.published);
      expect([...unread.timeline.values()]).toEqual([...read.timeline.values()]);
      // No entry read: one write call for the batch, the one ticket read once.
      expect(unread.calls).toEqual({ entryReads: 0, writeCalls: 1, ticketReads: 1 });
    });

    it('settles by reading what the update did not confirm: repeated or late news, not ours, and their neighbours', async () => {
      const entries = [
        outbound('ack-1', null),
        outbound('reply-2', 'delivered'),
        { ...outbound('in-3', null), direction: 'inbound' as const },
        outbound('ack-4', 'sent'),
        outbound('ack-5', null),
      ];
      const events = [
        news('ack-1', 'sent'),
        news('reply-2', 'sent'), // late: delivered already
        news('in-3', 'sent'), // not an outbound message
        news('someone-elses', 'failed'),
        news('ack-4', 'sent'), // repeated
        news('ack-4', 'delivered'), // a step on from the repeated one
        news('ack-5', 'sent'),
      ];
      const read = store(entries);
      const unread = store(entries);

      const outcomes = await unread.useCase.executeMany(events.map(named));

      expect(outcomes).toEqual(await read.useCase.executeMany(events));
      expect(outcomes).toEqual(['done', 'duplicate', 'ignored', 'ignored', 'duplicate', 'done', 'done']);
      expect(unread.published).toEqual(read.published);
      expect(unread.published.map((e) => `${e.payload.messageId} ${e.payload.status}`)).toEqual([
        'ack-1 sent',
        'ack-4 delivered',
        'ack-5 sent',
      ]);
      expect([...unread.timeline.values()]).toEqual([...read.timeline.values()]);
    });

    it('leaves a message another writer moved on meanwhile, and announces nothing for it', async () => {
      const raced = new Map<string, DeliveryStatus>([['b', 'failed']]);
      const { useCase, timeline, published } = store([outbound('a', null), outbound('b', null)], raced);

      expect(await useCase.executeMany([named(news('a', 'sent')), named(news('b', 'sent'))])).toEqual(['done', 'duplicate']);
      expect(timeline.get('b')!.delivery?.status).toBe('failed');
      expect(published.map((e) => e.payload.messageId)).toEqual(['a']);
    });

    it('reads the entry of news whose ticket is not the entry’s, and records them as before', async () => {
      const { useCase, timeline, calls } = store([{ ...outbound('a', null), ticketId: 't-9' }]);

      expect(await useCase.executeMany([named(news('a', 'sent'))])).toEqual(['done']);
      expect(timeline.get('a')!.delivery?.status).toBe('sent');
      expect(calls.entryReads).toBe(1);
    });
  });
});
