import type { ContactReceivedV1, TypedEnvelope } from '@threadline/contracts';
import { NonRetriableError, type EventPublisher, type HandlerOutcome } from '@threadline/kafka';
import type { CustomerRepository } from '../customers/customer.repository';
import type { CustomerDoc } from '../customers/customer.schema';
import { NoUsableIdentityError, type IdentifyCustomer } from '../customers/identify-customer';
import type { TicketChanges } from '../tickets/ticket-changes';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import { contactEntryId, type TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import type { AcknowledgeNewTicket } from '../acknowledgements/acknowledge-new-ticket.usecase';
import { announceContact } from './announce-contact';
import { AttachContacts } from './attach-contacts.usecase';
import {
  contactTimelineEntry,
  customerWroteIn,
  newTicketOf,
  referencesLeftBy,
  replyTargetOf,
  standaloneTag,
  unfollowedNoteEntry,
} from './contact-entry';
import { decideThread, type ThreadDecision, type ThreadingPolicy } from './thread-decision';
import { explicitReference, followMerges, namedTicket, storeReads, type ThreadingReads } from './thread-lookup';
import { displayNameOf } from './thread-reference';

export { CALLBACK_TAG, replyTargetOf, VOICEMAIL_TAG } from './contact-entry';

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
 * `AttachContacts` does the same for a batch; this is its fallback.
 */
export class AttachContact {
  private readonly reads: ThreadingReads;

  constructor(private readonly deps: AttachContactDeps) {
    this.reads = storeReads(deps.tickets, deps.customers);
  }

  /** The same attaching for a batch of contacts, falling back to this one for what needs it. */
  batched(onRace?: () => void): AttachContacts {
    return new AttachContacts(this.deps, this, onRace);
  }

  async execute(event: TypedEnvelope<'contact.received.v1'>): Promise<HandlerOutcome> {
    const { workspaceId, payload: contact } = event;
    const entryId = contactEntryId(workspaceId, contact.channel, contact.providerMessageId);
    const already = await this.deps.tickets.findTimelineEntry(workspaceId, entryId);
    const storedOn = already ? await this.deps.tickets.findById(workspaceId, already.ticketId) : null;
    if (already && storedOn) {
      await this.announce(event, storedOn, already);
      if (storedOn.openedByEntryId === already._id) await this.deps.acknowledge.execute(storedOn, contact, event.id);
      return 'duplicate';
    }
    // An entry without its ticket: the batch writes a new ticket's entries first and a crash came
    // before the ticket. Decided again below; the entry moves if the contact lands elsewhere now.

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
    const entry = already?.ticketId === ticket._id ? already : contactTimelineEntry(event, entryId, ticket._id, customer._id);
    // References and activity first, the entry last but one: once a contact shows on the timeline, the ticket knows it.
    await this.rememberReferences(ticket, contact);
    if (ticket.openedByEntryId !== entryId) {
      await this.deps.tickets.recordInboundContact(ticket._id, receivedAt, replyTargetOf(contact));
    }
    const inserted = already ? await this.moveEntry(already, entry) : await this.deps.tickets.addTimelineEntryOnce(entry);
    const current = await this.customerWroteIn(ticket, customer, entryId, receivedAt);
    await this.announce(event, current, entry);
    if (current.openedByEntryId === entryId) await this.deps.acknowledge.execute(current, contact, event.id);
    return inserted ? 'done' : 'duplicate';
  }

  /** The customer writing in: a closed ticket reopens, one waiting for them is theirs to answer again. */
  private async customerWroteIn(ticket: TicketDoc, customer: CustomerDoc, entryId: string, at: Date): Promise<TicketDoc> {
    const change = customerWroteIn(ticket, customer._id, entryId, at);
    return change ? (await this.deps.changes.apply(change)).ticket : ticket;
  }

  private async ticketFor(event: TypedEnvelope<'contact.received.v1'>, customer: CustomerDoc, entryId: string, receivedAt: Date) {
    const { workspaceId, payload: contact } = event;
    const explicit = await explicitReference(this.reads, workspaceId, contact);
    const named = explicit ? null : await namedTicket(this.reads, workspaceId, contact, customer);
    const followsReference = explicit !== null || named?.byItsCustomer === true;
    const latest =
      !followsReference && customer.lastTicketId ? await followMerges(this.reads, workspaceId, customer.lastTicketId) : null;
    const tag = standaloneTag(contact);
    const decision = decideThread({ explicit, named, latest, receivedAt, standalone: tag !== null }, this.deps.policy);
    const ticket = await this.placeOn(event, customer, entryId, decision);
    if (decision.unfollowed !== undefined) {
      await this.deps.tickets.addTimelineEntryOnce(unfollowedNoteEntry(ticket, entryId, receivedAt, decision.unfollowed));
    }
    return ticket;
  }

  private async placeOn(
    event: TypedEnvelope<'contact.received.v1'>,
    customer: CustomerDoc,
    entryId: string,
    decision: ThreadDecision,
  ): Promise<TicketDoc> {
    if (decision.kind === 'new') {
      const { ticket } = await this.deps.tickets.createOnce(newTicketOf(event, customer, entryId, decision.previousTicketId));
      await this.deps.customers.setLastTicket(customer._id, ticket._id, ticket.customerEpoch);
      return ticket;
    }
    const ticket = decision.ticket;
    if (customer.lastTicketId !== ticket._id && ticket.customerId === customer._id) {
      await this.deps.customers.setLastTicket(customer._id, ticket._id, customer.ticketEpoch);
    }
    return ticket;
  }

  /** Later contacts that quote this mail, or continue this provider thread, find the ticket by it. */
  private async rememberReferences(ticket: TicketDoc, contact: ContactReceivedV1): Promise<void> {
    for (const ref of referencesLeftBy(contact)) {
      await this.deps.tickets.addThreadRef(ticket.workspaceId, ticket._id, ref.kind, ref.value);
    }
  }

  /** The stored entry of a contact decided again, onto the ticket it was decided onto now. */
  private async moveEntry(stored: TimelineEntryDoc, entry: TimelineEntryDoc): Promise<boolean> {
    if (stored.ticketId !== entry.ticketId) await this.deps.tickets.moveTimelineEntries([entry]);
    return true;
  }

  private announce(event: TypedEnvelope<'contact.received.v1'>, ticket: TicketDoc, entry: TimelineEntryDoc) {
    return announceContact(this.deps.publisher, event, ticket, entry);
  }
}
