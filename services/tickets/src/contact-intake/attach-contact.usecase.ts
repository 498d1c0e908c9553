import { deterministicEventId, entryIdFromMessageId, type ContactReceivedV1, type TypedEnvelope } from '@threadline/contracts';
import { NonRetriableError, type EventPublisher, type HandlerOutcome } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import type { CustomerRepository } from '../customers/customer.repository';
import type { CustomerDoc } from '../customers/customer.schema';
import { NoUsableIdentityError, usableIdentities, type IdentifyCustomer } from '../customers/identify-customer';
import type { TicketChanges } from '../tickets/ticket-changes';
import type { TicketRepository } from '../tickets/ticket.repository';
import { ticketDraft } from '../tickets/ticket-draft';
import { searchable, type ReplyTarget, type TicketDoc } from '../tickets/ticket.schema';
import { contactEntryId, type TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import type { AcknowledgeNewTicket } from '../acknowledgements/acknowledge-new-ticket.usecase';
import { decideThread, type NamedTicket, type ThreadDecision, type ThreadingPolicy } from './thread-decision';
import { displayNameOf, ticketNumberFromSubject, unfollowedNote } from './thread-reference';

export interface AttachContactDeps {
  customers: CustomerRepository;
  identify: IdentifyCustomer;
  tickets: TicketRepository;
  changes: TicketChanges;
  publisher: EventPublisher;
  policy: ThreadingPolicy;
  acknowledge: AcknowledgeNewTicket;
}

/**
 * A voicemail, and a caller's request to be called back, open a ticket of
 * their own, tagged so agents find the call-backs to make (`?tag=voicemail`, `?tag=callback`).
 */
export const VOICEMAIL_TAG = 'voicemail';
export const CALLBACK_TAG = 'callback';

function standaloneTag(contact: ContactReceivedV1): string | null {
  if (contact.channel !== 'voice') return null;
  if (contact.call?.outcome === 'voicemail') return VOICEMAIL_TAG;
  if (contact.call?.outcome === 'callback') return CALLBACK_TAG;
  return null;
}

/** Merged tickets point onward; a longer chain is a bug, not data. */
const MAX_MERGE_HOPS = 10;

/**
 * A contact joins a ticket: by an explicit reference (our e-mail Message-IDs,
 * a `[#N]` subject token, a provider thread), else the customer's open ticket
 * within the continuity window, else a new ticket. A reply to a closed ticket
 * reopens it within the reopen period, later starts a new ticket linked to it.
 *
 * Idempotent without transactions: the timeline entry's id derives from
 * (workspace, channel, provider message id); a new ticket's id from
 * (customer, how many tickets they opened), so two instances opening a ticket
 * for one customer at once open the same one; events carry deterministic ids.
 * A redelivery after a crash at any step completes the work and duplicates nothing.
 */
export class AttachContact {
  constructor(private readonly deps: AttachContactDeps) {}

  async execute(event: TypedEnvelope<'contact.received.v1'>): Promise<HandlerOutcome> {
    const { workspaceId, payload: contact } = event;
    const entryId = contactEntryId(workspaceId, contact.channel, contact.providerMessageId);
    const already = await this.deps.tickets.findTimelineEntry(workspaceId, entryId);
    if (already) {
      const ticket = await this.deps.tickets.findById(workspaceId, already.ticketId);
      if (ticket) await this.announce(event, ticket, already);
      if (ticket?.openedByEntryId === already._id) await this.deps.acknowledge.execute(ticket, contact, event.id);
      return 'duplicate';
    }

    let customer: CustomerDoc;
    try {
      customer = await this.deps.identify.execute(workspaceId, contact.from, displayNameOf(contact.from));
    } catch (error) {
      // Nothing to find or create a customer by: retrying cannot help; the dead-letter topic keeps it.
      if (error instanceof NoUsableIdentityError) throw new NonRetriableError(error.message);
      throw error;
    }
    const receivedAt = new Date(contact.receivedAt);
    const ticket = await this.ticketFor(event, customer, entryId, receivedAt);

    const entry: TimelineEntryDoc = {
      _id: entryId,
      workspaceId,
      ticketId: ticket._id,
      kind: 'message',
      direction: 'inbound',
      channel: contact.channel,
      providerMessageId: contact.providerMessageId,
      customerId: customer._id,
      authorId: null,
      from: contact.from.map(({ kind, value }) => ({ kind, value })),
      subject: contact.subject,
      text: contact.text,
      newText: contact.newText,
      html: contact.html,
      attachments: contact.attachments,
      occurredAt: receivedAt,
      recordedAt: new Date(),
    };
    // References and activity first, the entry last but one: once a contact shows on the timeline, the ticket knows it.
    await this.rememberReferences(ticket, contact);
    if (ticket.openedByEntryId !== entryId) {
      await this.deps.tickets.recordInboundContact(ticket._id, receivedAt, replyTargetOf(contact));
    }
    const inserted = await this.deps.tickets.addTimelineEntryOnce(entry);
    const current = await this.customerWroteIn(ticket, customer, entryId, receivedAt);
    await this.announce(event, current, entry);
    if (current.openedByEntryId === entryId) await this.deps.acknowledge.execute(current, contact, event.id);
    return inserted ? 'done' : 'duplicate';
  }

  /** The customer writing in: a closed ticket reopens, one waiting for them is theirs to answer again. */
  private async customerWroteIn(ticket: TicketDoc, customer: CustomerDoc, entryId: string, at: Date): Promise<TicketDoc> {
    if (ticket.status !== 'closed' && ticket.status !== 'waiting_customer') return ticket;
    const result = await this.deps.changes.apply({
      workspaceId: ticket.workspaceId,
      ticketId: ticket._id,
      actor: { kind: 'customer', id: customer._id },
      action: ticket.status === 'closed' ? 'ticket.reopen' : 'ticket.customer-replied',
      commandId: `contact:${entryId}`,
      at,
      decide: (current) =>
        current.status === 'closed' || current.status === 'waiting_customer'
          ? { status: 'open', statusChangedAt: at, ...(current.status === 'closed' ? { resolvedAt: null } : {}) }
          : null,
    });
    return result.ticket;
  }

  private async ticketFor(event: TypedEnvelope<'contact.received.v1'>, customer: CustomerDoc, entryId: string, receivedAt: Date) {
    const { workspaceId, payload: contact } = event;
    const explicit = await this.explicitReference(workspaceId, contact);
    const named = explicit ? null : await this.namedTicket(workspaceId, contact, customer);
    const followsReference = explicit !== null || named?.byItsCustomer === true;
    const latest = !followsReference && customer.lastTicketId ? await this.follow(workspaceId, customer.lastTicketId) : null;
    const tag = standaloneTag(contact);
    const decision = decideThread({ explicit, named, latest, receivedAt, standalone: tag !== null }, this.deps.policy);
    const ticket = await this.placeOn(event, customer, entryId, receivedAt, decision, tag);
    if (decision.unfollowed !== undefined) await this.noteUnfollowed(ticket, entryId, receivedAt, decision.unfollowed);
    return ticket;
  }

  private async placeOn(
    event: TypedEnvelope<'contact.received.v1'>,
    customer: CustomerDoc,
    entryId: string,
    receivedAt: Date,
    decision: ThreadDecision,
    tag: string | null,
  ): Promise<TicketDoc> {
    const { workspaceId, payload: contact } = event;

    if (decision.kind === 'new') {
      const epoch = customer.ticketEpoch + 1;
      const { ticket } = await this.deps.tickets.createOnce(
        ticketDraft({
          // Same customer, same epoch → same id: concurrent first contacts share one ticket.
          id: deterministicId(workspaceId, 'ticket', customer._id, String(epoch)),
          workspaceId,
          customerId: customer._id,
          channel: contact.channel,
          subject: contact.subject,
          receivedAt,
          openedByEntryId: entryId,
          customerEpoch: epoch,
          replyTarget: replyTargetOf(contact),
          previousTicketId: decision.previousTicketId,
          queue: contact.queue,
          tags: tag ? [tag] : [],
          searchText: searchable(contact.subject, customer.name, ...customer.identities.map((i) => i.value)),
        }),
      );
      await this.deps.customers.setLastTicket(customer._id, ticket._id, ticket.customerEpoch);
      return ticket;
    }

    const ticket = decision.ticket;
    if (customer.lastTicketId !== ticket._id && ticket.customerId === customer._id) {
      await this.deps.customers.setLastTicket(customer._id, ticket._id, customer.ticketEpoch);
    }
    return ticket;
  }

  /** The ticket a contact names: our Message-ID it answers, or its provider thread. */
  private async explicitReference(workspaceId: string, contact: ContactReceivedV1): Promise<TicketDoc | null> {
    const { tickets } = this.deps;
    for (const messageId of [contact.thread.inReplyTo, ...[...contact.thread.references].reverse()]) {
      if (!messageId) continue;
      const ourEntryId = entryIdFromMessageId(messageId);
      const ticketId = ourEntryId
        ? (await tickets.findTimelineEntry(workspaceId, ourEntryId))?.ticketId
        : await tickets.ticketByThreadRef(workspaceId, 'message-id', messageId);
      if (ticketId) return this.follow(workspaceId, ticketId);
    }
    if (contact.thread.providerThreadId) {
      const ticketId = await tickets.ticketByThreadRef(workspaceId, 'provider-thread', providerThreadKey(contact));
      if (ticketId) return this.follow(workspaceId, ticketId);
    }
    return null;
  }

  /** The ticket a `[#N]` subject token names (merges followed), and whether this customer is the one it belongs to. */
  private async namedTicket(workspaceId: string, contact: ContactReceivedV1, customer: CustomerDoc): Promise<NamedTicket | null> {
    const number = ticketNumberFromSubject(contact.subject);
    if (number === null) return null;
    const found = await this.deps.tickets.findByNumber(workspaceId, number);
    const ticket = found ? await this.follow(workspaceId, found._id) : null;
    if (!found || !ticket) return null;
    // The customer of the ticket named, or of the one it was merged into; either may since have been merged into another.
    const owners = await Promise.all(
      [...new Set([found.customerId, ticket.customerId])].map((id) => this.deps.customers.resolve(workspaceId, id)),
    );
    return { ticket, byItsCustomer: owners.some((owner) => owner?._id === customer._id) };
  }

  /** The agent sees that the contact named a ticket it was not put on (someone else's, or a guess). */
  private async noteUnfollowed(ticket: TicketDoc, entryId: string, receivedAt: Date, number: number): Promise<void> {
    await this.deps.tickets.addTimelineEntryOnce({
      _id: `${entryId}:unfollowed`,
      workspaceId: ticket.workspaceId,
      ticketId: ticket._id,
      kind: 'note',
      // Just after the message it is about.
      occurredAt: new Date(receivedAt.getTime() + 1),
      recordedAt: new Date(),
      authorId: null,
      automatic: true,
      text: unfollowedNote(number),
    });
  }

  /** A ticket merged into another leads to that one. */
  private async follow(workspaceId: string, ticketId: string): Promise<TicketDoc | null> {
    let ticket = await this.deps.tickets.findById(workspaceId, ticketId);
    for (let hop = 0; ticket?.mergedInto && hop < MAX_MERGE_HOPS; hop++) {
      ticket = await this.deps.tickets.findById(workspaceId, ticket.mergedInto.ticketId);
    }
    return ticket;
  }

  /** Later contacts that quote this mail, or continue this provider thread, find the ticket by it. */
  private async rememberReferences(ticket: TicketDoc, contact: ContactReceivedV1): Promise<void> {
    if (contact.channel === 'email' && !contact.providerMessageId.startsWith('sha256:')) {
      await this.deps.tickets.addThreadRef(ticket.workspaceId, ticket._id, 'message-id', contact.providerMessageId);
    }
    if (contact.thread.providerThreadId) {
      await this.deps.tickets.addThreadRef(ticket.workspaceId, ticket._id, 'provider-thread', providerThreadKey(contact));
    }
  }

  private async announce(event: TypedEnvelope<'contact.received.v1'>, ticket: TicketDoc, entry: TimelineEntryDoc): Promise<void> {
    const common = { workspaceId: ticket.workspaceId, key: ticket._id, causationId: event.id };
    // Both are queued before either is awaited: one Kafka batch, in this order, on the ticket's partition.
    const published: Promise<unknown>[] = [];
    if (ticket.openedByEntryId === entry._id) {
      published.push(
        this.deps.publisher.publish('ticket.created.v1', {
          ...common,
          id: deterministicEventId('ticket.created.v1', ticket._id),
          payload: {
            ticketId: ticket._id,
            number: ticket.number,
            version: 1,
            customerId: ticket.customerId,
            subject: ticket.subject,
            channel: ticket.channel,
            previousTicketId: ticket.previousTicketId,
            state: {
              status: 'new',
              priority: 'normal',
              queue: ticket.queue,
              assigneeId: null,
              tags: ticket.tags,
              category: null,
            },
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
          version: ticket.version,
          messageId: entry._id,
          customerId: entry.customerId ?? ticket.customerId,
          channel: entry.channel ?? ticket.channel,
          direction: entry.direction ?? 'inbound',
          authorId: entry.authorId,
          at: entry.occurredAt.toISOString(),
        },
      }),
    );
    await Promise.all(published);
  }
}

function providerThreadKey(contact: Pick<ContactReceivedV1, 'channel' | 'thread'>): string {
  return `${contact.channel}:${contact.thread.providerThreadId}`;
}

/** Where an agent's reply goes by default: back the way this contact came. */
export function replyTargetOf(contact: ContactReceivedV1): ReplyTarget {
  // A chat message left while nobody was online has no chat session to answer in: its e-mail gets the answer.
  const offlineChat =
    contact.channel === 'chat' && !contact.thread.providerThreadId && contact.from.some((i) => i.kind === 'email');
  if (offlineChat) {
    return {
      channel: 'email',
      identity: usableIdentities(contact.from).find((i) => i.kind === 'email') ?? usableIdentities(contact.from)[0],
      providerThreadId: null,
      messageRef: null,
      references: [],
      recipient: null,
      wroteAt: new Date(contact.receivedAt),
    };
  }
  const wanted = contact.channel === 'voice' || contact.channel === 'sms' ? 'phone' : contact.channel;
  const identity = usableIdentities(contact.from).find((i) => i.kind === wanted) ?? usableIdentities(contact.from)[0];
  return {
    channel: contact.channel,
    identity,
    providerThreadId: contact.thread.providerThreadId,
    messageRef:
      contact.channel === 'email' && !contact.providerMessageId.startsWith('sha256:') ? contact.providerMessageId : null,
    references: contact.thread.references,
    recipient: contact.recipient,
    wroteAt: new Date(contact.receivedAt),
  };
}
