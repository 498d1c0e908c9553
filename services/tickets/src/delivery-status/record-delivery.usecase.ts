import { AsyncResource } from 'node:async_hooks';
import pLimit from 'p-limit';
import { deterministicEventId, type DeliveryStatus, type TypedEnvelope } from '@threadline/contracts';
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

/** One outbound message's news in a batch: the steps forward from its stored status, in order. */
interface Moves {
  entry: TimelineEntryDoc;
  from: DeliveryStatus;
  steps: { event: DeliveryNews; delivery: Delivery }[];
}

const deliveryOf = ({ payload: news }: DeliveryNews): Delivery => ({
  status: news.status,
  at: new Date(news.at),
  error: news.reason,
});

const sameDelivery = (a: Delivery | null | undefined, b: Delivery) =>
  !!a && a.status === b.status && new Date(a.at).getTime() === b.at.getTime() && (a.error ?? null) === (b.error ?? null);

/**
 * Puts a channel's delivery news on the outbound message's timeline entry:
 * the agent sees sent, delivered or failed (with the reason), never a silent
 * loss. Out-of-order and repeated news are harmless: only a step forward is applied.
 *
 * A batch of news (a morning's acknowledgements reported sent) costs the same
 * round trips as one: each message's entry read once (point lookups together),
 * the steps decided in memory, each entry moved once to its last step in few
 * update commands, each ticket read once, and every step announced in one Kafka
 * send. A message's news share a partition, so the batch sees them in order;
 * each step's event id derives from the entry and the status, so a repeated
 * batch announces nothing new.
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
    const entries = await this.entriesOf(events);
    const outcomes: HandlerOutcome[] = [];
    const moves = new Map<string, Moves>();
    for (const [i, event] of events.entries()) {
      const entry = entries[i];
      // Not ours (a bounce of a mail someone else sent), or not an outbound message: nothing to update.
      if (!entry || entry.kind !== 'message' || entry.direction !== 'outbound') {
        outcomes.push('ignored');
        continue;
      }
      let moved = moves.get(entry._id);
      if (!moved) moves.set(entry._id, (moved = { entry, from: entry.delivery?.status ?? 'requested', steps: [] }));
      const current = moved.steps.at(-1)?.delivery.status ?? moved.from;
      if (RANK[event.payload.status] <= RANK[current]) {
        outcomes.push('duplicate');
        continue;
      }
      moved.steps.push({ event, delivery: deliveryOf(event) });
      outcomes.push('done');
    }
    const applied = await this.write([...moves.values()].filter((m) => m.steps.length > 0));
    // A move another writer beat us to is a duplicate, as when one event's conditional update finds nothing.
    const lost = new Set(
      [...moves.values()]
        .filter((m) => m.steps.length > 0 && !applied.has(m.entry._id))
        .flatMap((m) => m.steps.map((s) => s.event)),
    );
    // In the order the news came.
    await this.announce(
      events.flatMap((event, i) => {
        const entry = entries[i];
        return outcomes[i] === 'done' && entry && applied.has(entry._id) ? [{ entry, event }] : [];
      }),
    );
    return outcomes.map((outcome, i) => (lost.has(events[i]) ? 'duplicate' : outcome));
  }

  /** Each event's entry (null: none in its workspace); each message's read once, all together. */
  private entriesOf(events: DeliveryNews[]): Promise<(TimelineEntryDoc | null)[]> {
    const reads = new Map<string, Promise<TimelineEntryDoc | null>>();
    return Promise.all(
      events.map(({ workspaceId, payload: { messageId } }) => {
        const key = `${workspaceId}/${messageId}`;
        let read = reads.get(key);
        if (!read) reads.set(key, (read = limited(() => this.tickets.findTimelineEntry(workspaceId, messageId))));
        return read;
      }),
    );
  }

  /**
   * Each entry moved from the status it was read in to its last step; answers the entries moved. An update
   * command that did not match all it carried has its entries read again: ours where they now hold our step.
   */
  private async write(moves: Moves[]): Promise<Set<string>> {
    const matched = await this.tickets.setDeliveries(
      moves.map(({ entry, from, steps }) => ({ entryId: entry._id, from, delivery: steps[steps.length - 1].delivery })),
    );
    const applied = new Set(moves.filter((_, i) => matched[i]).map((m) => m.entry._id));
    const unsure = moves.filter((_, i) => !matched[i]);
    const now = await Promise.all(
      unsure.map(({ entry }) => limited(() => this.tickets.findTimelineEntry(entry.workspaceId, entry._id))),
    );
    unsure.forEach((m, i) => sameDelivery(now[i]?.delivery, m.steps[m.steps.length - 1].delivery) && applied.add(m.entry._id));
    return applied;
  }

  /** ticket.delivery-updated.v1 for every step, with its ticket as it is now (each ticket read once, together); one Kafka send. */
  private async announce(steps: { entry: TimelineEntryDoc; event: DeliveryNews }[]): Promise<void> {
    const reads = new Map<string, Promise<TicketDoc | null>>();
    const ticketOf = ({ workspaceId, ticketId }: TimelineEntryDoc) => {
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
