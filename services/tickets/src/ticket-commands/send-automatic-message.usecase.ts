import { randomUUID } from 'node:crypto';
import { deterministicEventId, type AutomaticMessageBody } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import type { CustomerRepository } from '../customers/customer.repository';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import { CommandRejectedError, TicketMissingError } from './command-errors';
import { answerThreading, customerAddress, defaultReplyChannel } from './customer-address';
import { withTicketToken } from './ticket-commands.service';
import type { CommandContext } from './ticket-commands.service';

/**
 * A message the platform sends the customer on its own (a routing rule's
 * template reply): an outbound timeline entry marked automatic, sent as an
 * acknowledgement so connectors mark it as such (e-mail: Auto-Submitted) and
 * it never triggers auto-replies in turn. Unlike an agent's reply it is not
 * the first response and leaves the status alone. Once per Idempotency-Key:
 * the entry and event ids derive from it.
 */
export class SendAutomaticMessage {
  constructor(private readonly deps: { tickets: TicketRepository; customers: CustomerRepository; publisher: EventPublisher }) {}

  async execute(ctx: CommandContext, number: number, body: AutomaticMessageBody): Promise<TimelineEntryDoc> {
    const ticket = await this.deps.tickets.findByNumber(ctx.workspaceId, number);
    if (!ticket) throw new TicketMissingError(`no ticket #${number}`);
    if (ticket.mergedInto) {
      throw new CommandRejectedError('TICKET_MERGED', `#${number} was merged into #${ticket.mergedInto.number}`);
    }
    const channel = body.channel ?? defaultReplyChannel(ticket);
    const to = await customerAddress(this.deps.customers, ticket, channel);
    const id = deterministicId(ctx.workspaceId, 'automatic-message', ctx.commandId ?? randomUUID());
    const subject =
      channel === 'email' ? withTicketToken(body.subject ?? ticket.subject ?? 'Zgłoszenie / Request', ticket.number) : null;
    const now = new Date();
    const entry: TimelineEntryDoc = {
      _id: id,
      workspaceId: ctx.workspaceId,
      ticketId: ticket._id,
      kind: 'message',
      direction: 'outbound',
      channel,
      providerMessageId: id,
      customerId: ticket.customerId,
      authorId: ctx.actor.agentId,
      automatic: true,
      subject,
      text: body.text,
      html: null,
      attachments: [],
      delivery: { status: 'requested', at: now, error: null },
      occurredAt: now,
      recordedAt: now,
    };
    await this.deps.tickets.addTimelineEntryOnce(entry);
    const stored = (await this.deps.tickets.findTimelineEntry(ctx.workspaceId, id)) ?? entry;
    const common = { workspaceId: ctx.workspaceId, key: ticket._id };
    await Promise.all([
      this.deps.publisher.publish('outbound.requested.v1', {
        ...common,
        id: deterministicEventId('outbound.requested.v1', id),
        payload: {
          ticketId: ticket._id,
          number: ticket.number,
          messageId: id,
          channel,
          to,
          subject,
          text: body.text,
          ...answerThreading(ticket, channel),
          kind: 'acknowledgement',
          authorId: ctx.actor.agentId,
          requestedAt: stored.occurredAt.toISOString(),
        },
      }),
      this.deps.publisher.publish('ticket.message-added.v1', {
        ...common,
        id: deterministicEventId('ticket.message-added.v1', id),
        payload: {
          ticketId: ticket._id,
          number: ticket.number,
          version: ticket.version,
          messageId: id,
          customerId: ticket.customerId,
          channel,
          direction: 'outbound',
          authorId: ctx.actor.agentId,
          at: stored.occurredAt.toISOString(),
        },
      }),
    ]);
    return stored;
  }
}
