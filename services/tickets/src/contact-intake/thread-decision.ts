import type { TicketDoc } from '../tickets/ticket.schema';

export interface ThreadingPolicy {
  /** A contact joins the customer's open ticket if that saw a contact within this window. */
  continuityMs: number;
  /** A reply to a closed ticket reopens it if it was closed within this period; later it starts a new, linked one. */
  reopenMs: number;
}

export type ThreadDecision = (
  { kind: 'join'; ticket: TicketDoc } | { kind: 'reopen'; ticket: TicketDoc } | { kind: 'new'; previousTicketId: string | null }
) & {
  /** The number a `[#N]` subject token named but the contact did not follow (its writer is not that ticket's customer). */
  unfollowed?: number;
};

/** A ticket a `[#N]` subject token names, and whether the one writing is its customer (after merges). */
export interface NamedTicket {
  ticket: TicketDoc;
  byItsCustomer: boolean;
}

/**
 * Where a contact goes, given the ticket it explicitly refers to (e-mail
 * reference, provider thread), the ticket its subject names (`[#N]`), or else
 * the customer's latest ticket. Ticket numbers are sequential, so anyone can
 * write a `[#N]`: it is followed only from that ticket's customer; from anyone
 * else the contact goes where it would without it, and the number is reported
 * so the agent sees which ticket it named.
 */
export function decideThread(
  input: {
    explicit: TicketDoc | null;
    /** Looked at only when there is no explicit reference. */
    named?: NamedTicket | null;
    latest: TicketDoc | null;
    receivedAt: Date;
    /** A voicemail: a message waiting for a call back, a ticket of its own rather than a turn in an open one. */
    standalone?: boolean;
  },
  policy: ThreadingPolicy,
): ThreadDecision {
  const named = input.explicit ? null : (input.named ?? null);
  const explicit = input.explicit ?? (named?.byItsCustomer ? named.ticket : null);
  const decision = decideByReference({ ...input, explicit }, policy);
  return named && !named.byItsCustomer ? { ...decision, unfollowed: named.ticket.number } : decision;
}

function decideByReference(
  input: { explicit: TicketDoc | null; latest: TicketDoc | null; receivedAt: Date; standalone?: boolean },
  policy: ThreadingPolicy,
): ThreadDecision {
  if (input.standalone) return { kind: 'new', previousTicketId: null };
  const at = input.receivedAt.getTime();
  if (input.explicit) {
    const ticket = input.explicit;
    if (ticket.status !== 'closed') return { kind: 'join', ticket };
    const closedAt = (ticket.resolvedAt ?? ticket.statusChangedAt).getTime();
    if (at - closedAt <= policy.reopenMs) return { kind: 'reopen', ticket };
    return { kind: 'new', previousTicketId: ticket._id };
  }
  const latest = input.latest;
  if (latest && latest.status !== 'closed' && at - latest.lastContactAt.getTime() <= policy.continuityMs) {
    return { kind: 'join', ticket: latest };
  }
  return { kind: 'new', previousTicketId: null };
}
