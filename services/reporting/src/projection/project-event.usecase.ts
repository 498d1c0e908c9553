import type { TypedEnvelope } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import type { ReadModelStore } from '../read-models/read-model-store';
import { contactDeltas } from './contact-deltas';
import { compactDeltas, type CounterDelta } from './counter-delta';
import { projectTicketEvent, type TicketEvent, type TicketFacts } from './ticket-facts';

interface Projection {
  deltas: CounterDelta[];
  /** The ticket's facts to keep, for ticket events. */
  ticket?: TicketFacts;
}

type Projector = (event: TypedEnvelope, timeZone: string, store: ReadModelStore) => Promise<Projection | null>;

const projectTicket: Projector = async (event, timeZone, store) => {
  const ticketEvent = event as TicketEvent;
  const facts = await store.ticket(event.workspaceId, ticketEvent.payload.ticketId);
  const projected = projectTicketEvent(facts, ticketEvent, timeZone);
  return projected && { deltas: projected.deltas, ticket: projected.facts };
};

/**
 * Which events make figures, and how. A new event type (the coming `sla.*`)
 * slots in as one more entry; every type not listed is ignored.
 */
export const PROJECTORS: Partial<Record<TypedEnvelope['type'], Projector>> = {
  'contact.received.v1': async (event, timeZone) => ({
    deltas: contactDeltas((event as TypedEnvelope<'contact.received.v1'>).payload, timeZone),
  }),
  'ticket.created.v1': projectTicket,
  'ticket.message-added.v1': projectTicket,
  'ticket.updated.v1': projectTicket,
  'ticket.merged.v1': projectTicket,
};

/**
 * Projects one event into the read models, once: the event id is claimed by
 * a unique insert before anything is counted, so a redelivered or replayed
 * event is recognised as a duplicate (no read-then-write race between
 * instances). What an event adds is computed before the claim, so a failure
 * there leaves nothing claimed and the consumer retries it.
 */
export class ProjectEvent {
  constructor(
    private readonly store: ReadModelStore,
    private readonly timeZoneOf: (workspaceId: string) => string,
  ) {}

  async execute(event: TypedEnvelope): Promise<HandlerOutcome> {
    const projector = PROJECTORS[event.type];
    if (!projector) return 'ignored';
    const timeZone = this.timeZoneOf(event.workspaceId);
    const projection = await projector(event, timeZone, this.store);
    if (!projection) return 'ignored';
    if (!(await this.store.claim(event.workspaceId, event.id))) return 'duplicate';
    await this.store.apply(event.workspaceId, compactDeltas(projection.deltas));
    if (projection.ticket) await this.store.saveTicket(projection.ticket);
    return 'done';
  }
}
