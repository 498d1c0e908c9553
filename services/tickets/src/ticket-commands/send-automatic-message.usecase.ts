import { randomUUID } from 'node:crypto';
import type { AutomaticMessageBody } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import type { CustomerRepository } from '../customers/customer.repository';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import { workableTicket, type CommandContext } from './command';
import { answerThreading, customerAddress, defaultReplyChannel } from './customer-address';
import { sendOutbound } from './outbound-message';
import { withTicketToken } from './reply-subject';

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
    const ticket = await workableTicket(this.deps.tickets, ctx.workspaceId, number);
    const channel = body.channel ?? defaultReplyChannel(ticket);
    const to = await customerAddress(this.deps.customers, ticket, channel);
    const id = deterministicId(ctx.workspaceId, 'automatic-message', ctx.commandId ?? randomUUID());
    const subject =
      channel === 'email' ? withTicketToken(body.subject ?? ticket.subject ?? 'Zgłoszenie / Request', ticket.number) : null;
    return sendOutbound(this.deps, {
      id,
      ticket,
      version: ticket.version,
      channel,
      to,
      subject,
      text: body.text,
      authorId: ctx.actor.agentId,
      automatic: true,
      threading: answerThreading(ticket, channel),
    });
  }
}
