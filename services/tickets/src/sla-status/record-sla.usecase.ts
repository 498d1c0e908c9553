import type { AnyEvent, EnvelopeOf } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import type { TicketRepository } from '../tickets/ticket.repository';
import { slaLine } from './sla-lines';

export type SlaEvent = EnvelopeOf<'sla.clock-changed.v1' | 'sla.warning.v1' | 'sla.breached.v1'>;

export const isSlaEvent = (event: AnyEvent): event is SlaEvent =>
  event.type === 'sla.clock-changed.v1' || event.type === 'sla.warning.v1' || event.type === 'sla.breached.v1';

/**
 * The sla service's news on the ticket: its due moment and SLA state (only a
 * newer clock revision replaces the stored one), and a timeline line for a
 * warning or breach (its id from the event's, so a repeated event adds none).
 */
export class RecordSla {
  constructor(private readonly tickets: TicketRepository) {}

  async execute(event: SlaEvent): Promise<HandlerOutcome> {
    const { workspaceId, payload } = event;
    const ticket = await this.tickets.findById(workspaceId, payload.ticketId);
    if (!ticket) return 'ignored';
    let lineAdded = false;
    if (event.type !== 'sla.clock-changed.v1') {
      const kind = event.type === 'sla.warning.v1' ? 'warning' : 'breached';
      lineAdded = await this.tickets.addTimelineEntryOnce({
        _id: deterministicId(workspaceId, 'sla', event.id),
        workspaceId,
        ticketId: ticket._id,
        kind: 'change',
        occurredAt: new Date(payload.at),
        recordedAt: new Date(),
        authorId: null,
        action: `sla.${kind}`,
        actorKind: 'system',
        text: slaLine(kind, event.payload),
        changes: { sla: { from: ticket.slaState ?? null, to: payload.summary.state } },
      });
    }
    const stateSet = await this.tickets.setSla(ticket._id, {
      state: payload.summary.state,
      dueAt: payload.summary.dueAt ? new Date(payload.summary.dueAt) : null,
      revision: payload.summary.revision,
    });
    return lineAdded || stateSet ? 'done' : 'duplicate';
  }
}
