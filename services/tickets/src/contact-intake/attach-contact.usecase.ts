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
import type { IntakeMemory } from './intake-memory';
import { AttachContacts } from './attach-contacts.usecase';
import {
  contactTimelineEntry,
  customerWroteIn,
  markedTicketPending,
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

/** A new ticket's entry, written before the ticket; `inserted`: not there before. */
interface WrittenEntry {
  entry: TimelineEntryDoc;
  inserted: boolean;
}

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
  batched(onRace?: (stale: boolean, contacts: number) => void, memory?: IntakeMemory): AttachContacts {
    return new AttachContacts(this.deps, this, onRace, memory);
  }

  async execute(event: TypedEnvelope<'contact.received.v1'>): Promise<HandlerOutcome> {
    const { workspaceId, payload: contact } = event;
    const entryId = contactEntryId(workspaceId, contact.channel, contact.providerMessageId);
    const already = await this.deps.tickets.findTimelineEntry(workspaceId, entryId);
    const storedOn = already ? await this.deps.tickets.findById(workspaceId, already.ticketId) : null;
    if (already && storedOn) {
      if (storedOn.openedByEntryId === already._id) await this.completeOpening(storedOn, contact);
      await this.announce(event, storedOn, already);
      if (storedOn.openedByEntryId === already._id) await this.deps.acknowledge.execute(storedOn, contact, event.id);
      return 'duplicate';
    }
    // An entry without its ticket: a new ticket's entry is written first, and a crash came
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
    const { ticket, written } = await this.ticketFor(event, customer, entryId, receivedAt, already);
    const entry = written?.entry ?? this.entryOn(ticket, event, entryId, customer, already);
    // References and activity first, the entry last but one: once a contact shows on the timeline, the
    // ticket knows it. A new ticket's entry went first (see `placeOn`).
    await this.rememberReferences(ticket, contact);
    if (ticket.openedByEntryId !== entryId) {
      await this.deps.tickets.recordInboundContact(ticket._id, receivedAt, replyTargetOf(contact));
    }
    const inserted = written?.inserted ?? (await this.writeEntry(already, entry));
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

  private async ticketFor(
    event: TypedEnvelope<'contact.received.v1'>,
    customer: CustomerDoc,
    entryId: string,
    receivedAt: Date,
    stored: TimelineEntryDoc | null,
  ): Promise<{ ticket: TicketDoc; written: WrittenEntry | null }> {
    const { workspaceId, payload: contact } = event;
    const explicit = await explicitReference(this.reads, workspaceId, contact);
    const named = explicit ? null : await namedTicket(this.reads, workspaceId, contact, customer);
    const followsReference = explicit !== null || named?.byItsCustomer === true;
    const latest =
      !followsReference && customer.lastTicketId ? await followMerges(this.reads, workspaceId, customer.lastTicketId) : null;
    const tag = standaloneTag(contact);
    const decision = decideThread({ explicit, named, latest, receivedAt, standalone: tag !== null }, this.deps.policy);
    const pending = !followsReference && markedTicketPending(customer, latest);
    const placed = await this.placeOn(event, customer, entryId, decision, stored, pending);
    if (decision.unfollowed !== undefined) {
      await this.deps.tickets.addTimelineEntryOnce(unfollowedNoteEntry(placed.ticket, entryId, receivedAt, decision.unfollowed));
    }
    return placed;
  }

  private async placeOn(
    event: TypedEnvelope<'contact.received.v1'>,
    customer: CustomerDoc,
    entryId: string,
    decision: ThreadDecision,
    stored: TimelineEntryDoc | null,
    /** The customer's newest ticket is marked but not written yet: this contact opens that one. */
    pending: boolean,
  ): Promise<{ ticket: TicketDoc; written: WrittenEntry | null }> {
    if (decision.kind === 'new') {
      const draft = newTicketOf(event, customer, entryId, decision.previousTicketId, pending);
      // The entry before its new ticket: a ticket is never listed without its opening contact. Another
      // instance opening this ticket (same id) meanwhile makes it this contact's ticket all the same.
      const entry = this.entryOn(draft, event, entryId, customer, stored);
      const inserted = await this.writeEntry(stored, entry);
      const { ticket } = await this.deps.tickets.createOnce(draft);
      await this.deps.customers.setLastTicket(customer._id, ticket._id, ticket.customerEpoch);
      return { ticket, written: { entry, inserted } };
    }
    const ticket = decision.ticket;
    if (customer.lastTicketId !== ticket._id && ticket.customerId === customer._id) {
      await this.deps.customers.setLastTicket(customer._id, ticket._id, customer.ticketEpoch);
    }
    return { ticket, written: null };
  }

  /**
   * What a crash after a new ticket was written may have left out (its entry went first): the
   * customer's latest-ticket mark and the references. The customer comes from the ticket, not from
   * the contact's identities (an erasure may have unlinked them since); one who moved on stays.
   */
  private async completeOpening(ticket: TicketDoc, contact: ContactReceivedV1): Promise<void> {
    const customer = await this.deps.customers.findById(ticket.workspaceId, ticket.customerId);
    if (customer && !customer.mergedInto && customer.ticketEpoch < ticket.customerEpoch) {
      await this.deps.customers.setLastTicket(customer._id, ticket._id, ticket.customerEpoch);
    }
    await this.rememberReferences(ticket, contact);
  }

  /** Later contacts that quote this mail, or continue this provider thread, find the ticket by it. */
  private async rememberReferences(ticket: TicketDoc, contact: ContactReceivedV1): Promise<void> {
    for (const ref of referencesLeftBy(contact)) {
      await this.deps.tickets.addThreadRef(ticket.workspaceId, ticket._id, ref.kind, ref.value);
    }
  }

  /** The contact's entry on `ticket`: the stored one if it is there already. */
  private entryOn(
    ticket: Pick<TicketDoc, '_id'>,
    event: TypedEnvelope<'contact.received.v1'>,
    entryId: string,
    customer: CustomerDoc,
    stored: TimelineEntryDoc | null,
  ): TimelineEntryDoc {
    return stored?.ticketId === ticket._id ? stored : contactTimelineEntry(event, entryId, ticket._id, customer._id);
  }

  /** The contact's entry; a stored one (its ticket was never written) moves if decided onto another ticket now. */
  private async writeEntry(stored: TimelineEntryDoc | null, entry: TimelineEntryDoc): Promise<boolean> {
    if (!stored) return this.deps.tickets.addTimelineEntryOnce(entry);
    if (stored.ticketId !== entry.ticketId) await this.deps.tickets.moveTimelineEntries([entry]);
    return true;
  }

  private announce(event: TypedEnvelope<'contact.received.v1'>, ticket: TicketDoc, entry: TimelineEntryDoc) {
    return announceContact(this.deps.publisher, event, ticket, entry);
  }
}
