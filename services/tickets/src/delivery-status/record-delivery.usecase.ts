import { AsyncResource } from 'node:async_hooks';
import pLimit from 'p-limit';
import { DELIVERY_STATUSES, deterministicEventId, type DeliveryStatus, type TypedEnvelope } from '@threadline/contracts';
import type { EventPublisher, HandlerOutcome } from '@threadline/kafka';
import { withCorrelation } from '@threadline/observability';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';

/**
 * Point reads of delivery batches in flight at once, across the process. Reads asked for together go
 * to the store as one `$in` query (`findInWorkspace`): this bounds a batch's memory, not round trips.
 */
const storeReads = pLimit(500);
const limited = <T>(fn: () => Promise<T>): Promise<T> => storeReads(AsyncResource.bind(fn));

/** Delivery only moves forward; a failure is final (a late "delivered" does not hide a bounce). */
const RANK: Record<DeliveryStatus, number> = { requested: 0, sent: 1, delivered: 2, failed: 3 };

type DeliveryNews = TypedEnvelope<'delivery.updated.v1'>;
type Delivery = NonNullable<TimelineEntryDoc['delivery']>;
/** What an announcement needs of a message's entry: its id and its ticket. */
type EntryRef = Pick<TimelineEntryDoc, '_id' | 'workspaceId' | 'ticketId'>;

/** One outbound message's news in a batch, in order, with each one's place in the batch. */
interface MessageNews {
  workspaceId: string;
  messageId: string;
  /** The ticket every one of its news names (connectors since the field was added); null: some do not. */
  ticketId: string | null;
  news: { event: DeliveryNews; i: number }[];
}

/** A message's news decided against its stored status: the steps forward, in order (the rest are duplicates). */
interface Moves {
  message: MessageNews;
  entry: EntryRef;
  from: DeliveryStatus;
  steps: { event: DeliveryNews; i: number }[];
  /** Where its last step leaves the entry. */
  delivery: Delivery;
}

const deliveryOf = ({ payload: news }: DeliveryNews): Delivery => ({
  status: news.status,
  at: new Date(news.at),
  error: news.reason,
});

const sameDelivery = (a: Delivery | null | undefined, b: Delivery) =>
  !!a && a.status === b.status && new Date(a.at).getTime() === b.at.getTime() && (a.error ?? null) === (b.error ?? null);

/** The steps forward from `from`: each news of a higher rank than the last step (or `from`). */
function movesFrom(message: MessageNews, entry: EntryRef, from: DeliveryStatus): Moves | null {
  const steps: Moves['steps'] = [];
  for (const one of message.news) {
    if (RANK[one.event.payload.status] > RANK[steps.at(-1)?.event.payload.status ?? from]) steps.push(one);
  }
  return steps.length === 0 ? null : { message, entry, from, steps, delivery: deliveryOf(steps[steps.length - 1].event) };
}

function byMessage(events: DeliveryNews[]): MessageNews[] {
  const messages = new Map<string, MessageNews>();
  events.forEach((event, i) => {
    const { workspaceId, payload } = event;
    const key = `${workspaceId}/${payload.messageId}`;
    let message = messages.get(key);
    if (!message)
      messages.set(key, (message = { workspaceId, messageId: payload.messageId, ticketId: payload.ticketId, news: [] }));
    if (message.ticketId !== payload.ticketId) message.ticketId = null;
    message.news.push({ event, i });
  });
  return [...messages.values()];
}

/**
 * Puts a channel's delivery news on the outbound message's timeline entry:
 * the agent sees sent, delivered or failed (with the reason), never a silent
 * loss. Out-of-order and repeated news are harmless: only a step forward is applied.
 *
 * A batch of news (a morning's acknowledgements reported sent) costs the same
 * round trips as one. News that name their ticket (`ticketId`, from the
 * connector's outbound.requested.v1) are not read first: each message is moved
 * to its last step by an update conditional on a status below its first step,
 * which, when it matches, is exactly the move the read would have decided. A
 * message whose update did not match (repeated news, not ours), and news that
 * do not name their ticket, take the reading path: each message's entry read
 * once (point lookups together), the steps decided in memory, each entry moved
 * once to its last step in few update commands. Then each ticket is read once,
 * and every step announced in one Kafka send. A message's news share a
 * partition, so the batch sees them in order; each step's event id derives from
 * the entry and the status, so a repeated batch announces nothing new.
 */
export class RecordDelivery {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly publisher: EventPublisher,
  ) {}

  async execute(event: DeliveryNews): Promise<HandlerOutcome> {
    return (await this.executeMany([event]))[0];
  }

  /** One outcome per event, in order: as `execute` applied to each in turn. */
  async executeMany(events: DeliveryNews[]): Promise<HandlerOutcome[]> {
    const outcomes: HandlerOutcome[] = events.map(() => 'ignored');
    /** The entry each applied step is announced with. */
    const applied: (EntryRef | undefined)[] = [];
    const decide = (moves: Moves) => {
      for (const { i } of moves.message.news) outcomes[i] = 'duplicate';
      for (const { i } of moves.steps) {
        outcomes[i] = 'done';
        applied[i] = moves.entry;
      }
    };
    const messages = byMessage(events);
    const unsure = await this.moveUnread(
      messages.filter((m) => m.ticketId !== null),
      decide,
    );
    const duplicates = (m: MessageNews) => m.news.forEach(({ i }) => (outcomes[i] = 'duplicate'));
    await this.moveRead([...messages.filter((m) => m.ticketId === null), ...unsure.keys()], unsure, decide, duplicates);
    // In the order the news came.
    await this.announce(events.flatMap((event, i) => (applied[i] ? [{ entry: applied[i], event }] : [])));
    return outcomes;
  }

  /**
   * Messages whose news name their ticket, moved without a read (see the class); answers those whose command did
   * not match all it carried, each with the delivery it tried, for the reading path to settle.
   */
  private async moveUnread(messages: MessageNews[], decide: (moves: Moves) => void): Promise<Map<MessageNews, Delivery>> {
    const planned = messages.flatMap(
      (message) =>
        movesFrom(
          message,
          { _id: message.messageId, workspaceId: message.workspaceId, ticketId: message.ticketId! },
          'requested',
        ) ?? [],
    );
    if (planned.length === 0) return new Map();
    const matched = await this.tickets.setDeliveriesFromAny(
      planned.map(({ entry, steps, delivery }) => ({
        workspaceId: entry.workspaceId,
        ticketId: entry.ticketId,
        entryId: entry._id,
        fromAny: DELIVERY_STATUSES.filter((status) => RANK[status] < RANK[steps[0].event.payload.status]),
        delivery,
      })),
    );
    planned.forEach((moves, i) => matched[i] && decide(moves));
    return new Map(planned.filter((_, i) => !matched[i]).map((m) => [m.message, m.delivery]));
  }

  /**
   * The reading path: each message's entry read once, its moves decided from the status it holds and written
   * conditionally on it. A message `tried` without a read, its command unconfirmed, is ours if its entry now holds
   * the delivery tried (a neighbour in its command missed, not it).
   */
  private async moveRead(
    messages: MessageNews[],
    tried: Map<MessageNews, Delivery>,
    decide: (moves: Moves) => void,
    lost: (m: MessageNews) => void,
  ) {
    const entries = await Promise.all(
      messages.map(({ workspaceId, messageId }) => limited(() => this.tickets.findTimelineEntry(workspaceId, messageId))),
    );
    const toWrite: Moves[] = [];
    messages.forEach((message, i) => {
      const entry = entries[i];
      // Not ours (a bounce of a mail someone else sent), or not an outbound message: nothing to update.
      if (!entry || entry.kind !== 'message' || entry.direction !== 'outbound') return;
      const delivery = tried.get(message);
      if (delivery && sameDelivery(entry.delivery, delivery)) {
        const moves = movesFrom(message, entry, 'requested');
        if (moves) decide(moves);
        return;
      }
      const moves = movesFrom(message, entry, entry.delivery?.status ?? 'requested');
      if (moves) toWrite.push(moves);
      else lost(message);
    });
    const written = await this.write(toWrite);
    // A move another writer beat us to is a duplicate, as when one event's conditional update finds nothing.
    for (const moves of toWrite) (written.has(moves.entry._id) ? decide : (m: Moves) => lost(m.message))(moves);
  }

  /**
   * Each entry moved from the status it was read in to its last step; answers the entries moved. An update
   * command that did not match all it carried has its entries read again: ours where they now hold our step.
   */
  private async write(moves: Moves[]): Promise<Set<string>> {
    if (moves.length === 0) return new Set();
    const matched = await this.tickets.setDeliveries(
      moves.map(({ entry, from, delivery }) => ({ entryId: entry._id, from, delivery })),
    );
    const applied = new Set(moves.filter((_, i) => matched[i]).map((m) => m.entry._id));
    const unsure = moves.filter((_, i) => !matched[i]);
    const now = await Promise.all(
      unsure.map(({ entry }) => limited(() => this.tickets.findTimelineEntry(entry.workspaceId, entry._id))),
    );
    unsure.forEach((m, i) => sameDelivery(now[i]?.delivery, m.delivery) && applied.add(m.entry._id));
    return applied;
  }

  /** ticket.delivery-updated.v1 for every step, with its ticket as it is now (each ticket read once, together); one Kafka send. */
  private async announce(steps: { entry: EntryRef; event: DeliveryNews }[]): Promise<void> {
    const reads = new Map<string, Promise<TicketDoc | null>>();
    const ticketOf = ({ workspaceId, ticketId }: EntryRef) => {
      const key = `${workspaceId}/${ticketId}`;
      let read = reads.get(key);
      if (!read) reads.set(key, (read = limited(() => this.tickets.findById(workspaceId, ticketId))));
      return read;
    };
    const tickets = await Promise.all(steps.map(({ entry }) => ticketOf(entry)));
    await Promise.all(
      steps.map(({ entry, event }, i) => {
        const ticket = tickets[i];
        if (!ticket) return null;
        return withCorrelation(
          { correlationId: event.correlationId, causationId: event.id, workspaceId: event.workspaceId },
          () =>
            this.publisher.publish('ticket.delivery-updated.v1', {
              id: deterministicEventId('ticket.delivery-updated.v1', entry._id, event.payload.status),
              workspaceId: event.workspaceId,
              key: ticket._id,
              causationId: event.id,
              payload: {
                ticketId: ticket._id,
                number: ticket.number,
                version: ticket.version,
                messageId: entry._id,
                channel: event.payload.channel,
                status: event.payload.status,
                reason: event.payload.reason,
                at: event.payload.at,
              },
            }),
        );
      }),
    );
  }
}
