import type { PartitionAssignment } from '@threadline/kafka';
import { LRUCache } from 'lru-cache';
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
 * The tickets this process's batches last left (every partition's: one customer writes on several
 * channels, so several partitions take turns on one ticket), so the next batch takes a customer's
 * latest ticket from here instead of reading it. Others write tickets too — commands bump
 * `version`, other instances' contacts move `lastContactAt`, a customer merge moves `customerId` —
 * so a remembered ticket is trusted only up to the batch's first write, which is conditional on all
 * three (`IntakeBatch.checkRemembered`): a miss drops the ticket and the batch is decided again
 * from the store.
 */
export class KnownTickets {
  private readonly tickets: LRUCache<string, TicketDoc>;

  constructor(max: number) {
    this.tickets = new LRUCache({ max });
  }

  /** A copy: the batch changes its tickets as it decides, the memory only takes what it saved. */
  ticket(workspaceId: string, ticketId: string): TicketDoc | undefined {
    const known = this.tickets.get(`${workspaceId}/${ticketId}`);
    return known && copyOf(known);
  }

  /**
   * Batches of several partitions save side by side: one that read a ticket before another moved it
   * on does not put the older copy back (a later version, or the same with a later contact, stays).
   */
  remember(ticket: TicketDoc): void {
    const key = `${ticket.workspaceId}/${ticket._id}`;
    const known = this.tickets.peek(key);
    const older =
      known &&
      (known.version > ticket.version ||
        (known.version === ticket.version && known.lastContactAt.getTime() > ticket.lastContactAt.getTime()));
    if (!older) this.tickets.set(key, copyOf(ticket));
  }

  forget(workspaceId: string, ticketId: string): void {
    this.tickets.delete(`${workspaceId}/${ticketId}`);
  }

  clear(): void {
    this.tickets.clear();
  }
}

/**
 * A deep copy of a stored document (plain objects, arrays, dates and primitives, as the store answers
 * them), as `structuredClone` makes it at a fraction of its CPU (it serialises and deserialises:
 * ~1% of the intake's). Anything else is left to `structuredClone`.
 */
export function copyOf<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = copyOf(field);
  return copy as T;
}

/** The intake's memory across batches, one per process: identity links and tickets. */
export class IntakeMemory {
  readonly links: KnownLinks;
  /** Null: tickets are not remembered (`TICKETS_INTAKE_KNOWN_TICKETS=0`), every batch reads them. */
  readonly tickets: KnownTickets | null;
  /** The partitions held when the tickets were remembered (see `reassigned`). */
  private held = '[]';

  /**
   * @param knownLinks identity links remembered at most (0: none)
   * @param knownTickets tickets remembered at most (0: none)
   */
  constructor(knownLinks: number, knownTickets: number) {
    this.links = new KnownLinks(knownLinks);
    this.tickets = knownTickets > 0 ? new KnownTickets(knownTickets) : null;
  }

  /**
   * The partitions this member holds, told on every rebalance (nothing while one runs). When they
   * change, the tickets remembered were written by partitions that may be another member's from now
   * on, whose writes would make them misses (each a batch decided again): forgotten. A rebalance that
   * gives back the same partitions (a slow member rejoining) keeps them. Links stay (checked on every use).
   */
  reassigned(assignment: PartitionAssignment): void {
    const held = JSON.stringify(
      Object.entries(assignment)
        .filter(([, partitions]) => partitions.length > 0)
        .map(([topic, partitions]) => [topic, [...partitions].sort((a, b) => a - b)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    if (held === '[]') return;
    if (held !== this.held) this.tickets?.clear();
    this.held = held;
  }

  /** A batch failed part-way (its contacts go one by one, behind the memory's back): its tickets are read again. */
  failed(): void {
    this.tickets?.clear();
  }
}
