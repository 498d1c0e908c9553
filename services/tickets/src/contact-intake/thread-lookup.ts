import { entryIdFromMessageId, type ContactReceivedV1 } from '@threadline/contracts';
import type { CustomerRepository } from '../customers/customer.repository';
import type { CustomerDoc } from '../customers/customer.schema';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { ThreadRefDoc } from '../tickets/timeline-entry.schema';
import { providerThreadKey } from './contact-entry';
import type { NamedTicket } from './thread-decision';
import { ticketNumberFromSubject } from './thread-reference';

/** Merged tickets point onward; a longer chain is a bug, not data. */
const MAX_MERGE_HOPS = 10;

/** The point lookups threading needs, answered by the store (one contact) or a batch's reads (many). */
export interface ThreadingReads {
  ticket(workspaceId: string, ticketId: string): Promise<TicketDoc | null>;
  ticketByNumber(workspaceId: string, number: number): Promise<TicketDoc | null>;
  /** The ticket a timeline entry is on, if the entry exists. */
  ticketOfEntry(workspaceId: string, entryId: string): Promise<string | null>;
  ticketByThreadRef(workspaceId: string, kind: ThreadRefDoc['kind'], value: string): Promise<string | null>;
  /** The customer an id stands for today (merges followed). */
  resolveCustomer(workspaceId: string, customerId: string): Promise<CustomerDoc | null>;
}

export function storeReads(tickets: TicketRepository, customers: CustomerRepository): ThreadingReads {
  return {
    resolveCustomer: (workspaceId, customerId) => customers.resolve(workspaceId, customerId),
    ticket: (workspaceId, ticketId) => tickets.findById(workspaceId, ticketId),
    ticketByNumber: (workspaceId, number) => tickets.findByNumber(workspaceId, number),
    ticketOfEntry: async (workspaceId, entryId) => (await tickets.findTimelineEntry(workspaceId, entryId))?.ticketId ?? null,
    ticketByThreadRef: (workspaceId, kind, value) => tickets.ticketByThreadRef(workspaceId, kind, value),
  };
}

/** The message ids a contact answers, the most direct first. */
function answeredMessageIds(contact: ContactReceivedV1): string[] {
  return [contact.thread.inReplyTo, ...[...contact.thread.references].reverse()].filter((id): id is string => Boolean(id));
}

/**
 * The ticket a contact names: our Message-ID it answers, or its provider thread. A `[#N]` subject
 * token is not one (numbers are guessable): see `namedTicket`.
 */
export async function explicitReference(
  reads: ThreadingReads,
  workspaceId: string,
  contact: ContactReceivedV1,
): Promise<TicketDoc | null> {
  for (const messageId of answeredMessageIds(contact)) {
    const ourEntryId = entryIdFromMessageId(messageId);
    const ticketId = ourEntryId
      ? await reads.ticketOfEntry(workspaceId, ourEntryId)
      : await reads.ticketByThreadRef(workspaceId, 'message-id', messageId);
    if (ticketId) return followMerges(reads, workspaceId, ticketId);
  }
  if (contact.thread.providerThreadId) {
    const ticketId = await reads.ticketByThreadRef(workspaceId, 'provider-thread', providerThreadKey(contact));
    if (ticketId) return followMerges(reads, workspaceId, ticketId);
  }
  return null;
}

/**
 * The ticket a `[#N]` subject token names (merges followed), and whether the writer is that
 * ticket's customer — of the ticket named or of the one it was merged into, either possibly
 * merged into another customer since. Only then does the contact join it (decideThread).
 */
export async function namedTicket(
  reads: ThreadingReads,
  workspaceId: string,
  contact: ContactReceivedV1,
  customer: CustomerDoc,
): Promise<NamedTicket | null> {
  const number = ticketNumberFromSubject(contact.subject);
  if (number === null) return null;
  const found = await reads.ticketByNumber(workspaceId, number);
  const ticket = found ? await followMerges(reads, workspaceId, found._id) : null;
  if (!found || !ticket) return null;
  const owners = await Promise.all(
    [...new Set([found.customerId, ticket.customerId])].map((id) => reads.resolveCustomer(workspaceId, id)),
  );
  return { ticket, byItsCustomer: owners.some((owner) => owner?._id === customer._id) };
}

/**
 * Every lookup `explicitReference` may make for a contact, all at once (a
 * batch reads them together before deciding; the answers are cached).
 */
export async function prefetchReferences(reads: ThreadingReads, workspaceId: string, contact: ContactReceivedV1): Promise<void> {
  const lookups: Promise<unknown>[] = answeredMessageIds(contact).map((messageId) => {
    const ourEntryId = entryIdFromMessageId(messageId);
    return ourEntryId
      ? reads.ticketOfEntry(workspaceId, ourEntryId)
      : reads.ticketByThreadRef(workspaceId, 'message-id', messageId);
  });
  const number = ticketNumberFromSubject(contact.subject);
  if (number !== null) lookups.push(reads.ticketByNumber(workspaceId, number));
  if (contact.thread.providerThreadId) {
    lookups.push(reads.ticketByThreadRef(workspaceId, 'provider-thread', providerThreadKey(contact)));
  }
  await Promise.all(lookups);
}

/** A ticket merged into another leads to that one. */
export async function followMerges(reads: ThreadingReads, workspaceId: string, ticketId: string): Promise<TicketDoc | null> {
  let ticket = await reads.ticket(workspaceId, ticketId);
  for (let hop = 0; ticket?.mergedInto && hop < MAX_MERGE_HOPS; hop++) {
    ticket = await reads.ticket(workspaceId, ticket.mergedInto.ticketId);
  }
  return ticket;
}
