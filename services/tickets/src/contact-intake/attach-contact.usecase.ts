import { deterministicEventId, type TypedEnvelope } from '@threadline/contracts';
import type { EventPublisher, HandlerOutcome } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import type { CustomerRepository } from '../customers/customer.repository';
import type { CustomerDoc } from '../customers/customer.schema';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import { displayNameOf, ticketNumberFromSubject } from './thread-reference';

export interface AttachContactDeps {
  customers: CustomerRepository;
  tickets: TicketRepository;
  publisher: EventPublisher;
  continuityHours: number;
}

/**
 * A contact joins a ticket: found by an explicit `[#N]` reference, else the
 * customer's open ticket within the continuity window, else a new ticket.
 *
 * Idempotent without transactions: the timeline entry and a ticket opened by
 * this contact both have ids derived from (workspace, channel, provider
 * message id), and events are re-published with deterministic ids, so a
 * redelivery after a crash at any step completes the work and duplicates
 * nothing.
 */
export class AttachContact {
  constructor(private readonly deps: AttachContactDeps) {}

  async execute(event: TypedEnvelope<'contact.received.v1'>): Promise<HandlerOutcome> {
    const { workspaceId, payload: contact } = event;
    const entryId = deterministicId(workspaceId, 'contact', contact.channel, contact.providerMessageId);
    const already = await this.deps.tickets.findTimelineEntry(workspaceId, entryId);
    if (already) {
      const ticket = await this.deps.tickets.findById(workspaceId, already.ticketId);
      if (ticket) await this.announce(event, ticket, already, ticket._id === newTicketId(workspaceId, contact));
      return 'duplicate';
    }

    const customer = await this.deps.customers.findOrCreate(workspaceId, contact.from, displayNameOf(contact.from));
    const receivedAt = new Date(contact.receivedAt);
    const { ticket, created } = await this.ticketFor(event, customer, receivedAt);
    if (customer.openTicketId !== ticket._id && ticket.status !== 'closed') {
      await this.deps.customers.setOpenTicket(workspaceId, customer._id, ticket._id);
    }

    const entry: TimelineEntryDoc = {
      _id: entryId,
      workspaceId,
      ticketId: ticket._id,
      kind: 'message',
      direction: 'inbound',
      channel: contact.channel,
      providerMessageId: contact.providerMessageId,
      customerId: customer._id,
      from: contact.from.map(({ kind, value }) => ({ kind, value })),
      subject: contact.subject,
      text: contact.text,
      html: contact.html,
      attachments: contact.attachments,
      occurredAt: receivedAt,
      recordedAt: new Date(),
    };
    const inserted = await this.deps.tickets.addTimelineEntryOnce(entry);
    if (!created) await this.deps.tickets.recordInboundContact(ticket, receivedAt);
    await this.announce(event, ticket, entry, created);
    return inserted ? 'done' : 'duplicate';
  }

  private async ticketFor(event: TypedEnvelope<'contact.received.v1'>, customer: CustomerDoc, receivedAt: Date) {
    const { workspaceId, payload: contact } = event;
    const referenced = ticketNumberFromSubject(contact.subject);
    if (referenced !== null) {
      const ticket = await this.deps.tickets.findByNumber(workspaceId, referenced);
      if (ticket) return { ticket, created: false };
    }
    // A customer's contacts share a partition key, so they arrive here one at a time:
    // two contacts cannot both miss the open ticket and open two.
    const open = customer.openTicketId ? await this.deps.tickets.findById(workspaceId, customer.openTicketId) : null;
    const since = receivedAt.getTime() - this.deps.continuityHours * 3600_000;
    if (open && open.status !== 'closed' && open.lastContactAt.getTime() >= since) return { ticket: open, created: false };
    const now = new Date();
    return this.deps.tickets.createOnce({
      _id: newTicketId(workspaceId, contact),
      workspaceId,
      subject: contact.subject,
      status: 'new',
      priority: 'normal',
      customerId: customer._id,
      channel: contact.channel,
      assigneeId: null,
      createdAt: now,
      updatedAt: now,
      lastContactAt: receivedAt,
    });
  }

  private async announce(
    event: TypedEnvelope<'contact.received.v1'>,
    ticket: TicketDoc,
    entry: TimelineEntryDoc,
    ticketCreatedByThisContact: boolean,
  ): Promise<void> {
    const common = { workspaceId: ticket.workspaceId, key: ticket._id, causationId: event.id };
    // Both are queued before either is awaited: one Kafka batch, in this order, on the ticket's partition.
    const published: Promise<unknown>[] = [];
    if (ticketCreatedByThisContact) {
      published.push(
        this.deps.publisher.publish('ticket.created.v1', {
          ...common,
          id: deterministicEventId('ticket.created.v1', ticket._id),
          payload: {
            ticketId: ticket._id,
            number: ticket.number,
            customerId: ticket.customerId,
            subject: ticket.subject,
            channel: ticket.channel,
            createdAt: ticket.createdAt.toISOString(),
          },
        }),
      );
    }
    published.push(
      this.deps.publisher.publish('ticket.message-added.v1', {
        ...common,
        id: deterministicEventId('ticket.message-added.v1', entry._id),
        payload: {
          ticketId: ticket._id,
          number: ticket.number,
          messageId: entry._id,
          customerId: entry.customerId,
          channel: entry.channel,
          direction: entry.direction,
          at: entry.occurredAt.toISOString(),
        },
      }),
    );
    await Promise.all(published);
  }
}

function newTicketId(workspaceId: string, contact: { channel: string; providerMessageId: string }): string {
  return deterministicId(workspaceId, 'ticket', contact.channel, contact.providerMessageId);
}
