import { LRUCache } from 'lru-cache';
import type { PartitionAssignment } from '@threadline/kafka';
import type { TicketDoc } from '../tickets/ticket.schema';

/**
 * Which customer each identity was linked to when a batch last read its link, kept across batches
 * (one per process: every partition's batches use it). A link is written once and then only
 * re-pointed by a merge (the record it named is merged into the one it now names) or deleted by an
 * erasure (which empties the record's identities); so a remembered link is used only if the
 * customer it leads to, read fresh by the batch, still lists the identity — else the link is read.
 * That saves the batch one read per identity of a known customer, and needs no owner.
 */
export class KnownLinks {
  /** Null: nothing remembered (`TICKETS_INTAKE_KNOWN_LINKS=0`). */
  private readonly customers: LRUCache<string, string> | null;

  /** @param max links remembered at most; the least recently used go first. */
  constructor(max: number) {
    this.customers = max > 0 ? new LRUCache({ max }) : null;
  }

  customerOf(key: string): string | undefined {
    return this.customers?.get(key);
  }

  remember(key: string, customerId: string): void {
    this.customers?.set(key, customerId);
  }

  forget(key: string): void {
    this.customers?.delete(key);
  }
}

/**
 * The tickets one partition's batches last left, so the next batch takes a customer's latest ticket
 * from here instead of reading it. Only the partition's owner holds it (a rebalance drops it), but
 * others write tickets too — commands bump `version`, other partitions' contacts move
 * `lastContactAt`, a customer merge moves `customerId` — so a remembered ticket is trusted only up
 * to the batch's first write, which is conditional on all three (`IntakeBatch.checkRemembered`):
 * a miss drops the memory and the batch is decided again from the store.
 */
export class PartitionMemory {
  private readonly tickets: LRUCache<string, TicketDoc>;

  constructor(max: number) {
    this.tickets = new LRUCache({ max });
  }

  /** A copy: the batch changes its tickets as it decides, the memory only takes what it saved. */
  ticket(workspaceId: string, ticketId: string): TicketDoc | undefined {
    const known = this.tickets.get(`${workspaceId}/${ticketId}`);
    return known && structuredClone(known);
  }

  remember(ticket: TicketDoc): void {
    this.tickets.set(`${ticket.workspaceId}/${ticket._id}`, structuredClone(ticket));
  }

  forget(workspaceId: string, ticketId: string): void {
    this.tickets.delete(`${workspaceId}/${ticketId}`);
  }
}

/** The intake's memory across batches: links for the process, tickets per partition held. */
export class IntakeMemory {
  readonly links: KnownLinks;
  private readonly partitions = new Map<string, PartitionMemory>();

  /**
   * @param knownLinks identity links remembered at most (0: none)
   * @param knownTickets tickets remembered at most per partition (0: none, every batch reads them)
   */
  constructor(
    knownLinks: number,
    private readonly knownTickets: number,
  ) {
    this.links = new KnownLinks(knownLinks);
  }

  /** The partition's memory (made on first use), or null when tickets are not remembered. */
  of(topic: string, partition: number): PartitionMemory | null {
    if (this.knownTickets === 0) return null;
    const key = `${topic}/${partition}`;
    let memory = this.partitions.get(key);
    if (!memory) this.partitions.set(key, (memory = new PartitionMemory(this.knownTickets)));
    return memory;
  }

  /**
   * Keeps only the partitions this member holds now (none while a rebalance is under way). A batch
   * still running on a dropped partition finishes with the memory it took, which nobody reads again.
   */
  keepOnly(assignment: PartitionAssignment): void {
    for (const key of this.partitions.keys()) {
      const [topic, partition] = [key.slice(0, key.lastIndexOf('/')), Number(key.slice(key.lastIndexOf('/') + 1))];
      if (!assignment[topic]?.includes(partition)) this.partitions.delete(key);
    }
  }

  /** After a batch failed part-way (it is handled again one by one): its partition starts afresh. */
  drop(topic: string, partition: number): void {
    this.partitions.delete(`${topic}/${partition}`);
  }
}
