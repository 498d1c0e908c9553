import { AsyncResource } from 'node:async_hooks';
import pLimit from 'p-limit';
import type { Identity } from '@threadline/contracts';
import { CustomerRepository, identityKey, storedIdentity } from '../customers/customer.repository';
import type { CustomerDoc } from '../customers/customer.schema';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { ReplyTarget, TicketDoc } from '../tickets/ticket.schema';
import type { ThreadRefDoc, TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import type { KnownLinks, KnownTickets } from './intake-memory';
import type { ThreadingReads } from './thread-lookup';

/** Merged records point onward; a chain longer than this is a bug, not data. */
const MAX_MERGE_HOPS = 20;

/**
 * Batch reads in flight at once, across the process. Reads of one collection asked for together
 * go to the store as one `$in` query (`findInWorkspace`), so this bounds a batch's memory and the
 * size of those queries, not the store's load: a batch's wave of reads is one round trip each.
 */
const READS_IN_FLIGHT = 500;
/** Shared by every batch of the process (the partitions' batches run side by side). */
const storeReads = pLimit(READS_IN_FLIGHT);

/** A ticket taken from memory, as remembered: what the batch's first write demands of the store. */
interface Remembered {
  workspaceId: string;
  version: number;
  customerId: string;
  lastContactAt: Date;
  /**
   * A contact was decided onto a new ticket rather than this one (its latest) on the remembered
   * `lastContactAt`: the store must still have exactly that (a newer one could have joined it).
   * Otherwise a newer one only confirms a join (`lastContactAt` never moves back).
   */
  exact: boolean;
}

type NewTicket = Omit<TicketDoc, 'number'> & { number: number };

/**
 * What the earlier rounds of one batch wrote before they met another writer: the tickets by the
 * entry that opened each, and the entries (written before their new tickets, so such an entry can
 * name a ticket that was refused). The next round completes those contacts instead of counting them
 * as seen before.
 */
export class EarlierRounds {
  readonly ticketsOpened = new Map<string, string>();
  readonly entriesWritten = new Set<string>();
  /**
   * Entries (`workspaceId/entryId`) the store did not have when a round read them, and that no
   * round has tried to write since: a contact's entry is written only by the consumer of its
   * partition, so the next round does not read them again (a race costs the batch's other reads
   * only, not one more lookup per contact).
   */
  readonly entriesAbsent = new Set<string>();
}

/**
 * One batch of contacts' view of the store. Every document is read once, by
 * point lookups issued together (FerretDB answers `_id` equality from its
 * primary key; `$in` it evaluates itself, over the whole collection); what the
 * batch decides is kept here, so a later contact of the batch sees what an
 * earlier one did; and `save` writes it all in bulk, in the order the
 * one-contact path writes (customers and links, tickets, the customer's latest
 * ticket, references, ticket activity, timeline entries), but for one step:
 * the entries of the tickets the batch opens go before those tickets, so no
 * ticket is ever listed without its opening contact (an entry whose ticket is
 * not written yet is shown nowhere). A crash part-way leaves entries without
 * their ticket, or a ticket without its customer's latest-ticket mark and
 * references; a redelivery finds such an entry and completes its contact
 * (`AttachContacts.decide`).
 */
export class IntakeBatch implements ThreadingReads {
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly newCustomers: CustomerDoc[] = [];
  private readonly newLinks: { workspaceId: string; customerId: string; identity: Identity }[] = [];
  private readonly identitiesAdded = new Map<string, { workspaceId: string; identities: Identity[] }>();
  private readonly newTickets = new Map<string, NewTicket>();
  private readonly lastTickets = new Map<string, { workspaceId: string; customerId: string; ticketId: string; epoch: number }>();
  private readonly newRefs: Omit<ThreadRefDoc, '_id'>[] = [];
  private readonly inbound = new Map<string, { workspaceId: string; ticketId: string; at: Date; replyTarget: ReplyTarget }>();
  private readonly newEntries: TimelineEntryDoc[] = [];
  /** Stored entries of contacts this batch completes that now belong on another ticket. */
  private readonly movedEntries: TimelineEntryDoc[] = [];
  /** Tickets answered from the process's memory, not yet confirmed by a write (see `checkRemembered`). */
  private readonly remembered = new Map<string, Remembered>();
  /** The contact being decided: its place among the contacts `save` writes (null: none, e.g. while prefetching). */
  private deciding: number | null = null;
  /** The keys each contact of the round read or wrote while decided: who depends on whom (see `decideAgain`). */
  private touched: Set<string>[] = [];
  /** Contacts of the round that met another writer, with those that share a key with them: left out of `save`. */
  private again = new Set<number>();
  /** The other writers the round met: a stale memory, or another partition's or instance's write (metrics). */
  private met: { stale: boolean; contacts: number }[] = [];

  /**
   * @param earlier what earlier rounds of the same contacts wrote before meeting another writer:
   *   a contact goes back to the ticket it opened (see `openedBy`), and its entry is its own (see `wroteEarlier`).
   */
  constructor(
    private readonly customers: CustomerRepository,
    private readonly tickets: TicketRepository,
    private readonly earlier: EarlierRounds,
    private readonly knownLinks: KnownLinks,
    /** The tickets the process's earlier batches left (null: every ticket is read). */
    private readonly known: KnownTickets | null = null,
  ) {}

  // Reads: each key once per batch; what the batch wrote answers from memory.

  ticket(workspaceId: string, ticketId: string): Promise<TicketDoc | null> {
    return this.once(
      `ticket/${workspaceId}/${ticketId}`,
      async () => {
        const known = this.known?.ticket(workspaceId, ticketId);
        if (known) {
          const { version, customerId, lastContactAt } = known;
          this.remembered.set(ticketId, { workspaceId, version, customerId, lastContactAt, exact: false });
          return known;
        }
        return storeReads(AsyncResource.bind(() => this.tickets.findById(workspaceId, ticketId)));
      },
      false,
    );
  }

  /**
   * A contact was decided onto a new ticket, not onto this latest one of its customer: if the
   * ticket came from memory, its `lastContactAt` must still be the one remembered.
   */
  decidedAgainst(ticketId: string): void {
    const remembered = this.remembered.get(ticketId);
    if (remembered) remembered.exact = true;
  }

  async ticketByNumber(workspaceId: string, number: number): Promise<TicketDoc | null> {
    const found = await this.once(`number/${workspaceId}/${number}`, async () => {
      const found = await this.tickets.findByNumber(workspaceId, number);
      return found ? this.seed(`ticket/${workspaceId}/${found._id}`, found) : null;
    });
    // The same document as under its id: whoever reaches it by number depends on it as by id.
    if (found) this.touch(`ticket/${workspaceId}/${found._id}`);
    return found;
  }

  entry(workspaceId: string, entryId: string): Promise<TimelineEntryDoc | null> {
    const absent = this.earlier.entriesAbsent;
    const key = `${workspaceId}/${entryId}`;
    if (absent.has(key)) this.seed(`entry/${key}`, null);
    return this.once(`entry/${key}`, async () => {
      const entry = await this.tickets.findTimelineEntry(workspaceId, entryId);
      if (!entry) absent.add(key);
      return entry;
    });
  }

  async ticketOfEntry(workspaceId: string, entryId: string): Promise<string | null> {
    return (await this.entry(workspaceId, entryId))?.ticketId ?? null;
  }

  ticketByThreadRef(workspaceId: string, kind: ThreadRefDoc['kind'], value: string): Promise<string | null> {
    return this.once(`ref/${workspaceId}/${kind}/${value}`, () => this.tickets.ticketByThreadRef(workspaceId, kind, value));
  }

  /** The customer an identity is linked to (before following merges), or null. */
  async ownerOf(workspaceId: string, identity: Identity): Promise<string | null> {
    const key = identityKey(workspaceId, identity);
    return this.once(
      `link/${key}`,
      async () => {
        const known = this.knownLinks.customerOf(key);
        if (known) {
          // Not through `once`'s slot: the customer's read takes its own (and is kept for the batch).
          const customer = await this.resolveCustomer(workspaceId, known);
          if (customer?.identities.some((listed) => identityKey(workspaceId, listed as Identity) === key)) {
            // A merged record leads on: the next batches start at the one it was merged into (one read, not two).
            if (customer._id !== known) this.knownLinks.remember(key, customer._id);
            return known;
          }
        }
        const customerId = (await storeReads(AsyncResource.bind(() => this.customers.linkOf(workspaceId, identity))))?.customerId;
        if (customerId) this.knownLinks.remember(key, customerId);
        else this.knownLinks.forget(key);
        return customerId ?? null;
      },
      false,
    );
  }

  customer(workspaceId: string, customerId: string): Promise<CustomerDoc | null> {
    return this.once(`customer/${workspaceId}/${customerId}`, () => this.customers.findById(workspaceId, customerId));
  }

  /** The customer an id stands for today: merged records lead to the one they were merged into. */
  async resolveCustomer(workspaceId: string, customerId: string): Promise<CustomerDoc | null> {
    let customer = await this.customer(workspaceId, customerId);
    for (let hop = 0; customer?.mergedInto && hop < MAX_MERGE_HOPS; hop++) {
      customer = await this.customer(workspaceId, customer.mergedInto);
    }
    return customer;
  }

  // Decisions: applied to the documents in memory and queued for `save`.

  /**
   * The contact decided next (its place among the contacts `save` writes): what it reads or writes
   * is noted, so a write another writer refuses leaves out only the contacts it concerns (see `decideAgain`).
   */
  decide(index: number): void {
    this.deciding = index;
    this.touched[index] = new Set();
  }

  /** The round's first `count` contacts are decided (one after them that needs the one-contact path is not of it). */
  decided(count: number): void {
    this.deciding = null;
    this.touched.length = count;
  }

  addCustomer(customer: CustomerDoc, identities: Identity[]): CustomerDoc {
    this.newCustomers.push(customer);
    this.put(`customer/${customer.workspaceId}/${customer._id}`, customer);
    this.link(customer, identities, false);
    return customer;
  }

  /** Links identities nobody owns to the customer (and adds them to its record, unless the record is new). */
  link(customer: CustomerDoc, identities: Identity[], addToRecord = true): void {
    for (const identity of identities) {
      this.newLinks.push({ workspaceId: customer.workspaceId, customerId: customer._id, identity });
      this.put(`link/${identityKey(customer.workspaceId, identity)}`, customer._id);
    }
    if (!addToRecord || identities.length === 0) return;
    const isNew = this.newCustomers.includes(customer);
    customer.identities.push(...identities.map(storedIdentity));
    if (!isNew) {
      const added = this.identitiesAdded.get(customer._id)?.identities ?? [];
      this.identitiesAdded.set(customer._id, { workspaceId: customer.workspaceId, identities: [...added, ...identities] });
    }
  }

  openTicket(draft: Omit<TicketDoc, 'number'>): TicketDoc {
    // Its number is drawn when the batch is saved (one counter update per workspace).
    const ticket: NewTicket = { ...draft, number: 0 };
    this.newTickets.set(ticket._id, ticket);
    this.put(`ticket/${ticket.workspaceId}/${ticket._id}`, ticket);
    return ticket;
  }

  setLastTicket(customer: CustomerDoc, ticketId: string, epoch: number): void {
    customer.lastTicketId = ticketId;
    customer.ticketEpoch = Math.max(customer.ticketEpoch, epoch);
    this.lastTickets.set(customer._id, {
      workspaceId: customer.workspaceId,
      customerId: customer._id,
      ticketId,
      epoch: customer.ticketEpoch,
    });
  }

  /**
   * The first ticket to claim a reference keeps it: the unique insert decides, so a reference the
   * batch has not read (a contact's own Message-ID, new but for a redelivery, whose stored entry
   * the batch reads anyway) is claimed without a read; one it holds, claimed, stays as it is.
   */
  async claimThreadRef(ticket: TicketDoc, kind: ThreadRefDoc['kind'], value: string): Promise<void> {
    const key = `ref/${ticket.workspaceId}/${kind}/${value}`;
    this.touch(key);
    if (this.cache.has(key) && (await this.cache.get(key))) return;
    this.newRefs.push({ workspaceId: ticket.workspaceId, ticketId: ticket._id, kind, value });
    this.put(key, ticket._id);
  }

  /** A newer contact moves the ticket's activity and where to answer (see `TicketRepository.recordInboundContact`). */
  recordInboundContact(ticket: TicketDoc, at: Date, replyTarget: ReplyTarget): void {
    if (ticket.lastContactAt.getTime() > at.getTime()) return;
    ticket.lastContactAt = at;
    ticket.replyTarget = replyTarget;
    // A ticket this batch opens is written with it; an existing one gets one update with the latest.
    if (!this.newTickets.has(ticket._id)) {
      this.inbound.set(ticket._id, { workspaceId: ticket.workspaceId, ticketId: ticket._id, at, replyTarget });
    }
  }

  addEntry(entry: TimelineEntryDoc): void {
    this.newEntries.push(entry);
    this.put(`entry/${entry.workspaceId}/${entry._id}`, entry);
  }

  /** A stored entry whose contact was decided again onto another ticket (its own never got written). */
  moveEntry(entry: TimelineEntryDoc): void {
    this.movedEntries.push(entry);
    this.put(`entry/${entry.workspaceId}/${entry._id}`, entry);
  }

  /** The entry was decided by this round of the batch (a contact twice in it). */
  decidedHere(entryId: string): boolean {
    return this.newEntries.some((entry) => entry._id === entryId) || this.movedEntries.some((entry) => entry._id === entryId);
  }

  /** An earlier round of this batch wrote the entry, then met another writer: its contact is not done. */
  wroteEarlier(entryId: string): boolean {
    return this.earlier.entriesWritten.has(entryId);
  }

  /**
   * The ticket this contact opened in a round that was written and then met another writer.
   * Decided again, the contact could land elsewhere (a merge meanwhile changes its customer, so
   * the ticket's id too) and leave that ticket empty; so it goes back to it.
   */
  openedBy(entryId: string): string | null {
    return this.earlier.ticketsOpened.get(entryId) ?? null;
  }

  /** What this round and the rounds before it wrote: for the next round. */
  get rounds(): EarlierRounds {
    return this.earlier;
  }

  isNewTicket(ticketId: string): boolean {
    return this.newTickets.has(ticketId);
  }

  isNewCustomer(customer: CustomerDoc): boolean {
    return this.newCustomers.includes(customer);
  }

  /**
   * Writes what the batch decided; answers the ids of timeline entries that were already there, and
   * the contacts (their places, see `decide`) left out because they met another writer: a stale
   * memory of a ticket, or a customer, identity link or ticket another partition or instance wrote
   * first. Those, and every contact that shares a customer, link, ticket, reference or entry with
   * them, are decided again by the caller on a fresh read; the others are written as decided.
   */
  async save(): Promise<{ wereThere: Set<string>; again: Set<number>; met: { stale: boolean; contacts: number }[] }> {
    const stale = await this.checkRemembered();
    if (stale.length > 0) this.decideAgain(stale, true);
    const { refusedCustomers, refusedLinks } = await this.customers.saveBatch({
      // With the mark of the tickets the batch opens for them, written after: no update of its own. Another
      // partition finding the mark's ticket not written yet opens that same one (`markedTicketPending`:
      // same customer, same epoch), not a second; so does the redelivery after a crash before the tickets.
      created: this.newCustomers,
      links: this.newLinks,
      identitiesAdded: [...this.identitiesAdded].map(([customerId, { identities }]) => ({ customerId, identities })),
    });
    if (refusedCustomers.size > 0 || refusedLinks.size > 0) {
      // What was not refused stands (same ids, unique inserts): deciding again finds it, as it finds the others' writes.
      this.decideAgain([
        ...this.newCustomers.filter(({ _id }) => refusedCustomers.has(_id)).map((c) => `customer/${c.workspaceId}/${c._id}`),
        ...[...refusedLinks].map((key) => `link/${key}`),
      ]);
    }
    // Written as decided: the next batches need not read them (checked on use, as a link read is).
    for (const { workspaceId, customerId, identity } of this.newLinks) {
      this.knownLinks.remember(identityKey(workspaceId, identity), customerId);
    }
    // Whatever happens below, these entries may be in the store from now on.
    for (const entry of [...this.newEntries, ...this.movedEntries]) {
      this.earlier.entriesAbsent.delete(`${entry.workspaceId}/${entry._id}`);
    }
    // Entries of the new tickets first: a ticket shows in the list once written, and must show its contact.
    const onNewTicket = (entry: TimelineEntryDoc) => this.newTickets.has(entry.ticketId);
    const early = new Set([...this.newEntries, ...this.movedEntries].filter(onNewTicket));
    // Every new entry of a batch is one the intake built (`addEntry`): written as it is.
    const wereThere = await this.tickets.addContactEntriesOnce(this.newEntries.filter((entry) => early.has(entry)));
    await this.tickets.moveTimelineEntries(this.movedEntries.filter((entry) => early.has(entry)));
    const openedMeanwhile = await this.saveTickets();
    if (openedMeanwhile.length > 0) {
      this.decideAgain(openedMeanwhile.map((ticket) => `ticket/${ticket.workspaceId}/${ticket._id}`));
      // Written, but their contacts are not done: the next round completes them (see `wroteEarlier`).
      for (const entry of early) {
        if (!wereThere.has(entry._id) && !this.isWritten(entry)) this.earlier.entriesWritten.add(entry._id);
      }
    }
    const created = new Set(this.newCustomers.map((customer) => customer._id));
    await this.customers.setLastTickets([...this.lastTickets.values()].filter((mark) => !created.has(mark.customerId)));
    await this.tickets.addThreadRefs(this.newRefs);
    await this.tickets.recordInboundContacts([...this.inbound.values()]);
    // On a ticket that was there: last, so once a contact shows on the timeline, the ticket knows it.
    await this.tickets.moveTimelineEntries(this.movedEntries.filter((entry) => !early.has(entry)));
    for (const id of await this.tickets.addContactEntriesOnce(this.newEntries.filter((entry) => !early.has(entry)))) {
      wereThere.add(id);
    }
    const result = { wereThere, again: this.again, met: this.met };
    this.clearWrites();
    return result;
  }

  /**
   * Another writer got to these keys first (or the memory of these tickets was stale): the contacts
   * that read or wrote them are left out of this round, and so, in turn, is every contact that shares
   * a key with one left out (it saw that contact's decision: its ticket, its customer's latest ticket,
   * a reference it claimed). Their writes not yet made are dropped; the rest of the round is written
   * as decided, since none of it depends on them. A conflict no decided contact touched (a ticket
   * taken from memory that no contact went on) leaves the round as it is.
   */
  private decideAgain(keys: string[], stale = false): void {
    const users = new Map<string, number[]>();
    this.touched.forEach((touched, i) => {
      if (this.again.has(i)) return;
      for (const key of touched) users.set(key, [...(users.get(key) ?? []), i]);
    });
    const left = new Set(keys);
    const queue = [...keys];
    let contacts = 0;
    for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
      for (const i of users.get(key) ?? []) {
        if (this.again.has(i)) continue;
        this.again.add(i);
        contacts++;
        for (const next of this.touched[i]) {
          if (!left.has(next)) {
            left.add(next);
            queue.push(next);
          }
        }
      }
    }
    this.met.push({ stale, contacts });
    if (contacts === 0) return;
    const kept = <T>(items: T[], keyOf: (item: T) => string) => {
      const keep = items.filter((item) => !left.has(keyOf(item)));
      items.splice(0, items.length, ...keep);
    };
    const keptIn = <T>(items: Map<string, T>, keyOf: (item: T) => string) => {
      for (const [id, item] of items) if (left.has(keyOf(item))) items.delete(id);
    };
    kept(this.newCustomers, (c) => `customer/${c.workspaceId}/${c._id}`);
    kept(this.newLinks, (l) => `link/${identityKey(l.workspaceId, l.identity)}`);
    for (const [customerId, { workspaceId }] of this.identitiesAdded) {
      if (left.has(`customer/${workspaceId}/${customerId}`)) this.identitiesAdded.delete(customerId);
    }
    keptIn(this.newTickets, (t) => `ticket/${t.workspaceId}/${t._id}`);
    keptIn(this.lastTickets, (m) => `customer/${m.workspaceId}/${m.customerId}`);
    kept(this.newRefs, (r) => `ref/${r.workspaceId}/${r.kind}/${r.value}`);
    keptIn(this.inbound, (c) => `ticket/${c.workspaceId}/${c.ticketId}`);
    kept(this.newEntries, (e) => `entry/${e.workspaceId}/${e._id}`);
    kept(this.movedEntries, (e) => `entry/${e.workspaceId}/${e._id}`);
  }

  /** The entry is still among the round's writes (not left out by `decideAgain`). */
  private isWritten(entry: TimelineEntryDoc): boolean {
    return this.newEntries.includes(entry) || this.movedEntries.includes(entry);
  }

  /**
   * After one contact went through the one-contact path (a customer merge): forgets what that
   * path may have changed — the customers its identities lead to and every identity they hold,
   * their tickets, the ticket it joined, its entry and references — so the rest of the batch
   * reads those again and keeps every other answer.
   */
  async forgetAfterOne(
    workspaceId: string,
    identities: Identity[],
    entryId: string,
    refs: Omit<ThreadRefDoc, '_id' | 'workspaceId' | 'ticketId'>[],
  ): Promise<void> {
    const customers = new Set<string>();
    const links = new Set(identities.map((identity) => `link/${identityKey(workspaceId, identity)}`));
    // A Set's iteration reaches what is added during it: every identity of every customer found.
    for (const key of links) {
      let customerId = (await this.cache.get(key)) as string | null | undefined;
      for (let hop = 0; customerId && !customers.has(customerId) && hop < MAX_MERGE_HOPS; hop++) {
        customers.add(customerId);
        const customer = (await this.cache.get(`customer/${workspaceId}/${customerId}`)) as CustomerDoc | null | undefined;
        for (const identity of customer?.identities ?? []) links.add(`link/${identityKey(workspaceId, identity as Identity)}`);
        customerId = customer?.mergedInto ?? null;
      }
    }
    customers.add(CustomerRepository.draft(workspaceId, identities, null)._id);
    for (const key of links) this.cache.delete(key);
    for (const customerId of customers) this.cache.delete(`customer/${workspaceId}/${customerId}`);
    for (const [key, value] of this.cache) {
      if (key.startsWith('number/')) this.cache.delete(key);
      if (!key.startsWith(`ticket/${workspaceId}/`)) continue;
      const ticket = (await value) as TicketDoc | null;
      if (ticket && customers.has(ticket.customerId)) this.forgetTicket(workspaceId, ticket._id);
    }
    for (const ref of refs) this.cache.delete(`ref/${workspaceId}/${ref.kind}/${ref.value}`);
    this.cache.delete(`entry/${workspaceId}/${entryId}`);
    this.earlier.entriesAbsent.delete(`${workspaceId}/${entryId}`);
    const joined = await this.entry(workspaceId, entryId);
    if (joined) this.forgetTicket(workspaceId, joined.ticketId);
  }

  /** Read again from the store when next asked for (not from memory: that path may have changed it). */
  private forgetTicket(workspaceId: string, ticketId: string): void {
    this.cache.delete(`ticket/${workspaceId}/${ticketId}`);
    this.remembered.delete(ticketId);
    this.known?.forget(workspaceId, ticketId);
  }

  /**
   * The batch's first write: the tickets it took from memory, each updated only if the store still
   * has it as remembered (`TicketRepository.recordInboundContactsIf`), with the inbound contact the
   * batch records on it — a write it makes anyway, so a remembered ticket costs no read. What did not
   * match is read: a contact newer than the batch's moved `lastContactAt` first (fine, as for a read
   * ticket), or the memory was stale: it is dropped, and the contacts that went on it are decided
   * again, before anything else of them is written. Answers the stale tickets' keys.
   */
  private async checkRemembered(): Promise<string[]> {
    if (this.remembered.size === 0) return [];
    const remembered = [...this.remembered];
    const unmatched = await this.tickets.recordInboundContactsIf(
      remembered.map(([ticketId, was]) => {
        const contact = this.inbound.get(ticketId) ?? null;
        return {
          ticketId,
          version: was.version,
          customerId: was.customerId,
          // A later `lastContactAt` (other partitions' contacts) only confirms a join or a contact left out as older.
          lastContactAt: was.exact ? { exactly: was.lastContactAt } : contact ? { atMost: contact.at } : null,
          contact,
        };
      }),
    );
    const stale: string[] = [];
    const read = await Promise.all(
      unmatched.map((ticketId) =>
        storeReads(AsyncResource.bind(() => this.tickets.findById(this.remembered.get(ticketId)!.workspaceId, ticketId))),
      ),
    );
    for (const [i, ticketId] of unmatched.entries()) {
      const was = this.remembered.get(ticketId)!;
      const contact = this.inbound.get(ticketId);
      const stored = read[i];
      const lastContactAt = stored?.lastContactAt.getTime();
      const fits =
        stored?.version === was.version &&
        stored.customerId === was.customerId &&
        // Exactly: as remembered, or as this very check wrote it (a neighbour in its command missed).
        (!was.exact || lastContactAt === was.lastContactAt.getTime() || lastContactAt === contact?.at.getTime());
      if (!fits) {
        stale.push(ticketId);
        continue;
      }
      // A newer contact got there first: the batch's copy takes where to answer from the store, as it stands.
      const held = (await this.cache.get(`ticket/${was.workspaceId}/${ticketId}`)) as TicketDoc | null | undefined;
      if (held && stored.lastContactAt.getTime() > held.lastContactAt.getTime()) {
        held.lastContactAt = stored.lastContactAt;
        held.replyTarget = stored.replyTarget;
      }
    }
    const keys = stale.map((ticketId) => {
      const { workspaceId } = this.remembered.get(ticketId)!;
      this.known?.forget(workspaceId, ticketId);
      return `ticket/${workspaceId}/${ticketId}`;
    });
    for (const [ticketId] of remembered) this.inbound.delete(ticketId);
    // Confirmed (or left out with their contacts): from now on they are as good as read (later writes are not conditional).
    this.remembered.clear();
    return keys;
  }

  /** What the batch holds of these tickets (as saved), for the next batches. */
  rememberTickets(tickets: (TicketDoc | null)[]): void {
    if (!this.known) return;
    for (const ticket of tickets) if (ticket) this.known.remember(ticket);
  }

  /** What `save` wrote is the store's now: later writes of this batch start from nothing. */
  private clearWrites(): void {
    this.touched = [];
    this.again = new Set();
    this.met = [];
    this.newCustomers.length = 0;
    this.newLinks.length = 0;
    this.identitiesAdded.clear();
    this.newTickets.clear();
    this.lastTickets.clear();
    this.newRefs.length = 0;
    this.inbound.clear();
    this.newEntries.length = 0;
    this.movedEntries.length = 0;
  }

  /** Writes the new tickets; answers those another partition or instance opened meanwhile (the same ids). */
  private async saveTickets(): Promise<NewTicket[]> {
    const byWorkspace = new Map<string, NewTicket[]>();
    for (const ticket of this.newTickets.values()) {
      byWorkspace.set(ticket.workspaceId, [...(byWorkspace.get(ticket.workspaceId) ?? []), ticket]);
    }
    for (const [workspaceId, tickets] of byWorkspace) {
      const first = await this.tickets.reserveNumbers(workspaceId, tickets.length);
      tickets.forEach((ticket, i) => (ticket.number = first + i));
    }
    const refused = await this.tickets.insertOnce([...this.newTickets.values()]);
    for (const ticket of this.newTickets.values()) {
      if (!refused.has(ticket._id)) this.earlier.ticketsOpened.set(ticket.openedByEntryId, ticket._id);
    }
    const openedMeanwhile: NewTicket[] = [];
    for (const ticketId of refused) {
      // Mostly a number another instance drew at the same time (FerretDB's counter is not atomic): draw again.
      const ticket = this.newTickets.get(ticketId);
      if (!ticket) continue;
      const { number: _drawn, ...draft } = ticket;
      const { ticket: stored, created } = await this.tickets.createOnce(draft);
      // The others are written before the contacts of these are decided again: their entries are written already.
      if (!created) {
        openedMeanwhile.push(ticket);
        continue;
      }
      ticket.number = stored.number;
      this.earlier.ticketsOpened.set(ticket.openedByEntryId, ticket._id);
    }
    return openedMeanwhile;
  }

  /** @param slot the load is one store read, to take one of the process's slots (else it takes its own). */
  private once<T>(key: string, load: () => Promise<T>, slot = true): Promise<T> {
    this.touch(key);
    let value = this.cache.get(key) as Promise<T> | undefined;
    if (!value) {
      // Run in the caller's async context, not that of whichever read freed the slot: the
      // store operations are counted per batch (`countStoreOperations`).
      value = slot ? storeReads(AsyncResource.bind(load)) : load();
      this.cache.set(key, value);
    }
    return value;
  }

  /** What the batch decided, answered from now on instead of what the store said. */
  private put<T>(key: string, value: T): void {
    this.touch(key);
    this.cache.set(key, Promise.resolve(value));
  }

  /** Puts a document the batch already holds under its key; an earlier copy stays (it may carry the batch's changes). */
  private seed<T>(key: string, value: T): T {
    if (!this.cache.has(key)) this.cache.set(key, Promise.resolve(value));
    return value;
  }

  /** The contact being decided depends on this key (see `decide`). */
  private touch(key: string): void {
    if (this.deciding !== null) this.touched[this.deciding].add(key);
  }
}
