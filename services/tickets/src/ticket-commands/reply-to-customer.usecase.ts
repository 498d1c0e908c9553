import { randomUUID } from 'node:crypto';
import type { Channel } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { countStoreOperations, deterministicId } from '@threadline/persistence';
import type { CustomerRepository } from '../customers/customer.repository';
import type { TicketChanges } from '../tickets/ticket-changes';
import type { TicketRepository } from '../tickets/ticket.repository';
import { changeRequest, workableTicket, type CommandContext } from './command';
import { answerThreading, customerAddress, defaultReplyChannel } from './customer-address';
import { publishOutbound, storeOutbound, type OutboundMessage } from './outbound-message';
import { replySubject, withTicketToken } from './reply-subject';
import type { ReplyBody } from './ticket-command.schemas';

/**
 * An agent's reply to the customer: an outbound message on the timeline (delivery
 * "requested"), an outbound.requested.v1 for the channel's connector, and the
 * first-response time if this is the first reply.
 */
export class ReplyToCustomer {
  constructor(
    private readonly deps: {
      tickets: TicketRepository;
      customers: CustomerRepository;
      changes: TicketChanges;
      publisher: EventPublisher;
      /** Store operations per reply (a load-independent measure of the command's cost). */
      metrics?: { record(operations: number): void };
    },
  ) {}

  async execute(ctx: CommandContext, number: number, body: ReplyBody) {
    const { result, operations } = await countStoreOperations(() => this.reply(ctx, number, body));
    this.deps.metrics?.record(operations);
    return result;
  }

  private async reply(ctx: CommandContext, number: number, body: ReplyBody) {
    const ticket = await workableTicket(this.deps.tickets, ctx.workspaceId, number);
    const channel: Channel = body.channel ?? defaultReplyChannel(ticket);
    const to = await customerAddress(this.deps.customers, ticket, channel);
    const now = new Date();
    const replyId = deterministicId(ctx.workspaceId, 'reply', ctx.commandId ?? randomUUID());
    const subject =
      channel === 'email' ? withTicketToken(body.subject ?? replySubject(ticket.subject), ticket.number) : (body.subject ?? null);
    const message: OutboundMessage = {
      id: replyId,
      ticket,
      version: ticket.version,
      channel,
      to,
      subject,
      text: body.text,
      authorId: ctx.actor.agentId,
      automatic: false,
      threading: answerThreading(ticket, channel),
    };
    // The message is written beside the change's own writes and announced in the same Kafka send as the change:
    // a reply costs one round of writes and one acknowledgement after its claim, not one after another.
    const { change, written } = await this.deps.changes.applyWith(
      {
        ...changeRequest(ctx, ticket, 'ticket.reply', now),
        current: ticket,
        decide: (current) => {
          const status = body.status ?? (current.status === 'new' ? 'open' : current.status);
          return {
            firstResponseAt: current.firstResponseAt ?? now,
            status,
            ...(status !== current.status ? { statusChangedAt: now, resolvedAt: status === 'closed' ? now : null } : {}),
          };
        },
      },
      {
        write: () => storeOutbound(this.deps.tickets, message),
        publish: (stored, changed) => publishOutbound(this.deps.publisher, { ...message, version: changed.version }, stored),
      },
    );
    return { ticket: change.ticket, message: written };
  }
}
