import type { Identity, TypedEnvelope } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import { withCorrelation } from '@threadline/observability';
import { CustomerRepository } from '../customers/customer.repository';
import type { CustomerDoc } from '../customers/customer.schema';
import { NoUsableIdentityError, usableIdentities } from '../customers/identify-customer';
import type { ChangeRequest } from '../tickets/ticket-changes';
import type { TicketDoc } from '../tickets/ticket.schema';
import { contactEntryId, type TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import type { AttachContact, AttachContactDeps } from './attach-contact.usecase';
import { announceContact } from './announce-contact';
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
import { EarlierRounds, IntakeBatch } from './intake-batch';
import { IntakeMemory } from './intake-memory';
import { decideThread, type ThreadDecision } from './thread-decision';
import { explicitReference, followMerges, namedTicket, prefetchReferences } from './thread-lookup';
import { displayNameOf } from './thread-reference';

type ContactEvent = TypedEnvelope<'contact.received.v1'>;

/** Identity links remembered by default (`TICKETS_INTAKE_KNOWN_LINKS`). */
export const DEFAULT_KNOWN_LINKS = 50_000;

/** Rounds a batch decides again after meeting another writer, before it leaves the contacts still undone to the one-by-one path. */
const MAX_RACES = 3;

/** What the batch decided for one contact. */
interface Attached {
  event: ContactEvent;
  /** The ticket as the batch holds it (null: a stored entry whose ticket is gone). */
  ticket: TicketDoc | null;
  entry: TimelineEntryDoc;
  /** Its entry was on the timeline before this batch (a redelivery) or earlier in it. */
  repeated: boolean;
  /** The status change the contact implies (a reopen), applied after the entries are written. */
  change: ChangeRequest | null;
}

/**
 * The contacts of one Kafka batch (one partition, so nobody else consumes
 * them meanwhile) attached as `AttachContact` attaches each in turn, with a
 * fraction of the store operations: read together, decided in memory in
 * order (an earlier contact's new customer, ticket or reference is there for
 * the next), written in bulk. Same ids, same unique inserts, same events, so
 * the effect is the one-by-one effect, and a redelivered batch changes nothing.
 * A contact that needs a customer merge (or has no usable identity) is left
 * to `AttachContact`, after what came before it is saved. Contacts that meet
 * another partition's or instance's write are decided again, with those that
 * depend on them, and the rest of the batch is saved as decided (`IntakeBatch.save`).
 */
export class AttachContacts {
  constructor(
    private readonly deps: AttachContactDeps,
    private readonly one: AttachContact,
    /**
     * Told each time a round of a batch meets another writer, or (`stale`) finds its memory out of date,
     * with how many of its contacts are decided again (metrics).
     */
    private readonly onRace?: (stale: boolean, contacts: number) => void,
    /** What batches remember for the next ones: identity links, and the tickets they left (checked by the first write). */
    private readonly memory = new IntakeMemory(DEFAULT_KNOWN_LINKS, 0),
  ) {}

  /** The contacts of one partition's batch, in order. */
  async execute(events: ContactEvent[]): Promise<HandlerOutcome[]> {
    const outcomes: HandlerOutcome[] = new Array<HandlerOutcome>(events.length);
    /** The contacts not done yet, by their place in `events`, in order. */
    let rest = events.map((_, i) => i);
    let races = 0;
    let batch: IntakeBatch | null = null;
    let earlier = new EarlierRounds();
    while (rest.length > 0) {
      if (races > MAX_RACES) {
        // Kept meeting others: the rest go one by one, behind the memory's back (its tickets are read afresh).
        this.memory.failed();
        for (const i of rest) outcomes[i] = await this.one.execute(events[i]);
        break;
      }
      if (!batch) {
        batch = new IntakeBatch(this.deps.customers, this.deps.tickets, earlier, this.memory.links, this.memory.tickets);
        await Promise.all(rest.map((i) => this.prefetch(batch!, events[i])));
      }
      const attached: Attached[] = [];
      for (const i of rest) {
        batch.decide(attached.length);
        const decided = await this.decide(batch, events[i]);
        if (!decided) break;
        attached.push(decided);
      }
      batch.decided(attached.length);
      const { done, again } = await this.save(batch, attached);
      done.forEach((outcome, k) => {
        if (outcome) outcomes[rest[k]] = outcome;
      });
      batch.rememberTickets(attached.filter((_, k) => done[k]).map(({ ticket }) => ticket));
      if (again.size > 0) {
        // Another partition (one customer's contacts are keyed by whichever identity each came with)
        // or instance wrote a customer, link or ticket some contacts meant to create, or a remembered
        // ticket had changed. What was written stands (same ids, unique inserts), so deciding those
        // contacts again on a fresh read finds it, as the one-contact path does; the others are done.
        // They come first: the contact that stopped the round (if any) and those after it follow them.
        races++;
        earlier = batch.rounds;
        batch = null;
        rest = [...rest.slice(0, attached.length).filter((_, k) => again.has(k)), ...rest.slice(attached.length)];
        continue;
      }
      if (attached.length < rest.length) {
        const alone = events[rest[attached.length]];
        outcomes[rest[attached.length]] = await this.one.execute(alone);
        // The rest keeps the batch's reads, but for what that contact's merge may have changed.
        const { workspaceId, payload: contact } = alone;
        await batch.forgetAfterOne(
          workspaceId,
          usableIdentities(contact.from),
          contactEntryId(workspaceId, contact.channel, contact.providerMessageId),
          referencesLeftBy(contact),
        );
      }
      rest = rest.slice(attached.length + 1);
    }
    return outcomes;
  }

  /** Everything `decide` will look up for this contact, asked for at once. */
  private async prefetch(batch: IntakeBatch, event: ContactEvent): Promise<void> {
    const { workspaceId, payload: contact } = event;
    let identities: Identity[];
    try {
      identities = usableIdentities(contact.from);
    } catch (error) {
      if (error instanceof NoUsableIdentityError) return;
      throw error;
    }
    const entryId = contactEntryId(workspaceId, contact.channel, contact.providerMessageId);
    const latestOf = async (customerId: string | null) => {
      const customer = customerId ? await batch.resolveCustomer(workspaceId, customerId) : null;
      if (customer?.lastTicketId) await followMerges(batch, workspaceId, customer.lastTicketId);
    };
    await Promise.all([
      batch.entry(workspaceId, entryId).then((entry) => entry && batch.ticket(workspaceId, entry.ticketId)),
      // The record a new customer would get is not read: its unique insert finds it (see `customerOf`).
      Promise.all(identities.map(async (identity) => latestOf(await batch.ownerOf(workspaceId, identity)))),
      // The references it leaves are not read: `decide` claims them by a unique insert (`claimThreadRef`).
      prefetchReferences(batch, workspaceId, contact).then(() => explicitReference(batch, workspaceId, contact)),
    ]);
  }

  /** Where the contact goes, as `AttachContact` decides it; null when it needs that path. */
  private async decide(batch: IntakeBatch, event: ContactEvent): Promise<Attached | null> {
    const { workspaceId, payload: contact } = event;
    const entryId = contactEntryId(workspaceId, contact.channel, contact.providerMessageId);
    const stored = await batch.entry(workspaceId, entryId);
    const storedOn = stored ? await batch.ticket(workspaceId, stored.ticketId) : null;
    if (stored && !this.unfinished(batch, stored, storedOn)) {
      if (storedOn?.openedByEntryId === entryId) await this.completeOpening(batch, event, storedOn);
      return { event, ticket: storedOn, entry: stored, repeated: true, change: null };
    }
    let identities: Identity[];
    try {
      identities = usableIdentities(contact.from);
    } catch (error) {
      if (error instanceof NoUsableIdentityError) return null;
      throw error;
    }
    const customer = await this.customerOf(batch, workspaceId, identities, displayNameOf(contact.from));
    if (!customer) return null;

    const receivedAt = new Date(contact.receivedAt);
    const { ticket, decision } = await this.placeOn(batch, event, customer, entryId, receivedAt);
    for (const ref of referencesLeftBy(contact)) await batch.claimThreadRef(ticket, ref.kind, ref.value);
    if (ticket.openedByEntryId !== entryId) batch.recordInboundContact(ticket, receivedAt, replyTargetOf(contact));
    // A stored entry (see `unfinished`) stays where it is if the contact is decided onto the same ticket again.
    const entry = stored?.ticketId === ticket._id ? stored : contactTimelineEntry(event, entryId, ticket._id, customer._id);
    if (!stored) batch.addEntry(entry);
    else if (entry !== stored) batch.moveEntry(entry);
    if (decision?.unfollowed !== undefined) batch.addEntry(unfollowedNoteEntry(ticket, entryId, receivedAt, decision.unfollowed));
    const change = customerWroteIn(ticket, customer._id, entryId, receivedAt);
    // The next contact of the batch sees the ticket as this one leaves it; the store gets the change after the entries.
    if (change) Object.assign(ticket, change.decide(ticket));
    return { event, ticket, entry, repeated: false, change };
  }

  /**
   * A stored entry whose contact is not done: the batch writes a new ticket's entries before the
   * ticket, so a crash between the two, or an earlier round of this batch that met another writer,
   * leaves an entry whose ticket is not there (or is only in this batch, opened again), or one that
   * round wrote. Its contact is decided again.
   */
  private unfinished(batch: IntakeBatch, stored: TimelineEntryDoc, storedOn: TicketDoc | null): boolean {
    if (batch.decidedHere(stored._id)) return false;
    return batch.wroteEarlier(stored._id) || !storedOn || batch.isNewTicket(storedOn._id);
  }

  /**
   * What a crash after a new ticket was written may have left out: the customer's latest-ticket mark
   * and the references the contact leaves (both written after the tickets). Idempotent, so a contact
   * seen again long after only reads; the customer comes from the ticket, not from the contact's
   * identities (they may have been unlinked since, by an erasure).
   */
  private async completeOpening(batch: IntakeBatch, event: ContactEvent, ticket: TicketDoc): Promise<void> {
    const customer = await batch.customer(event.workspaceId, ticket.customerId);
    if (customer && !customer.mergedInto && customer.ticketEpoch < ticket.customerEpoch) {
      batch.setLastTicket(customer, ticket._id, ticket.customerEpoch);
    }
    for (const ref of referencesLeftBy(event.payload)) await batch.claimThreadRef(ticket, ref.kind, ref.value);
  }

  /** The ticket the contact joins (or opens), as `AttachContact` decides it. */
  private async placeOn(
    batch: IntakeBatch,
    event: ContactEvent,
    customer: CustomerDoc,
    entryId: string,
    receivedAt: Date,
  ): Promise<{ ticket: TicketDoc; decision: ThreadDecision | null }> {
    const { workspaceId, payload: contact } = event;
    const openedBefore = batch.openedBy(entryId);
    const own = openedBefore ? await batch.ticket(workspaceId, openedBefore) : null;
    if (own) {
      if (customer.lastTicketId !== own._id && own.customerId === customer._id) {
        batch.setLastTicket(customer, own._id, Math.max(customer.ticketEpoch, own.customerEpoch));
      }
      return { ticket: own, decision: null };
    }
    const explicit = await explicitReference(batch, workspaceId, contact);
    const named = explicit ? null : await namedTicket(batch, workspaceId, contact, customer);
    const followsReference = explicit !== null || named?.byItsCustomer === true;
    const latest =
      !followsReference && customer.lastTicketId ? await followMerges(batch, workspaceId, customer.lastTicketId) : null;
    const decision = decideThread(
      { explicit, named, latest, receivedAt, standalone: standaloneTag(contact) !== null },
      this.deps.policy,
    );
    let ticket: TicketDoc;
    // Not joined on the `lastContactAt` the batch holds: a remembered one must be the store's still.
    if (decision.kind === 'new' && latest) batch.decidedAgainst(latest._id);
    if (decision.kind === 'new') {
      const pending = !followsReference && markedTicketPending(customer, latest);
      const draft = newTicketOf(event, customer, entryId, decision.previousTicketId, pending);
      // Opened before a crash cut its contact short: the same ticket (a customer new to this batch has none).
      const stored = batch.isNewCustomer(customer) ? null : await batch.ticket(workspaceId, draft._id);
      ticket = stored ?? batch.openTicket(draft);
      batch.setLastTicket(customer, ticket._id, ticket.customerEpoch);
    } else {
      ticket = decision.ticket;
      if (customer.lastTicketId !== ticket._id && ticket.customerId === customer._id) {
        batch.setLastTicket(customer, ticket._id, customer.ticketEpoch);
      }
    }
    return { ticket, decision };
  }

  /** `IdentifyCustomer` without its merge: null when the identities belong to several customers. */
  private async customerOf(
    batch: IntakeBatch,
    workspaceId: string,
    identities: Identity[],
    name: string | null,
  ): Promise<CustomerDoc | null> {
    const links = await Promise.all(identities.map((identity) => batch.ownerOf(workspaceId, identity)));
    const unlinked = identities.filter((_, i) => !links[i]);
    const linkedTo = [...new Set(links.filter((id): id is string => id !== null))];
    const owners = new Map<string, CustomerDoc>();
    for (const id of linkedTo) {
      const owner = await batch.resolveCustomer(workspaceId, id);
      if (owner) owners.set(owner._id, owner);
    }
    if (owners.size > 1 || (linkedTo.length > 0 && owners.size === 0)) return null;
    const [owner] = owners.values();
    if (owner) {
      batch.link(owner, unlinked);
      return owner;
    }
    // Not read first: a record whose links a crash cut short (or an erased customer's, whose id an
    // identity of hers names) refuses the insert, and the batch, decided again, finds it by the links
    // written beside it (`IntakeBatch.save`). A new customer costs no read of its own.
    return batch.addCustomer(CustomerRepository.draft(workspaceId, identities, name), identities);
  }

  /**
   * Writes the batch, then the status changes, acknowledgements and events, contact by contact in order.
   * Answers each contact's outcome (undefined: it met another writer, see `IntakeBatch.save`), and those to decide again.
   */
  private async save(batch: IntakeBatch, all: Attached[]): Promise<{ done: (HandlerOutcome | undefined)[]; again: Set<number> }> {
    if (all.length === 0) return { done: [], again: new Set() };
    const { wereThere, again, met } = await batch.save();
    for (const { stale, contacts } of met) this.onRace?.(stale, contacts);
    const attached = all.filter((_, k) => !again.has(k));
    for (const { change, ticket } of attached) {
      if (change && ticket) Object.assign(ticket, (await this.deps.changes.apply(change)).ticket);
    }
    const acknowledgements = await this.acknowledgements(attached);
    await Promise.all(
      attached.map(({ event, ticket, entry }) =>
        withCorrelation({ correlationId: event.correlationId, causationId: event.id, workspaceId: event.workspaceId }, () => {
          if (!ticket) return null;
          const acknowledgement = acknowledgements.get(entry._id);
          return Promise.all([
            announceContact(this.deps.publisher, event, ticket, entry),
            acknowledgement && this.deps.acknowledge.announce(ticket, event.payload, acknowledgement, event.id),
          ]);
        }),
      ),
    );
    const done = all.map(({ repeated, entry }, k): HandlerOutcome | undefined =>
      again.has(k) ? undefined : repeated || wereThere.has(entry._id) ? 'duplicate' : 'done',
    );
    return { done, again };
  }

  /** A new ticket gets its acknowledgement once (as its workspace's settings say); keyed by the opening contact's entry. */
  private async acknowledgements(attached: Attached[]): Promise<Map<string, TimelineEntryDoc>> {
    const due = new Map<string, TimelineEntryDoc>();
    const tickets = new Set<string>();
    for (const { event, ticket, entry } of attached) {
      if (!ticket || ticket.openedByEntryId !== entry._id || tickets.has(ticket._id)) continue;
      tickets.add(ticket._id);
      const acknowledgement = await this.deps.acknowledge.entryFor(ticket, event.payload);
      if (acknowledgement) due.set(entry._id, acknowledgement);
    }
    const wereThere = await this.deps.tickets.addTimelineEntriesOnce([...due.values()]);
    for (const [entryId, acknowledgement] of due) {
      if (!wereThere.has(acknowledgement._id)) continue;
      // Written before (a redelivery): announce it as first written.
      const stored = await this.deps.tickets.findTimelineEntry(acknowledgement.workspaceId, acknowledgement._id);
      if (stored) due.set(entryId, stored);
    }
    return due;
  }
}
