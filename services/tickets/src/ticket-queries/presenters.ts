import type { CustomerDoc } from '../customers/customer.schema';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';

/** What the API shows of a ticket: no store internals (workspace, search text, derived ids). */
export function presentTicket(ticket: TicketDoc) {
  const {
    _id,
    workspaceId: _ws,
    searchText: _search,
    priorityRank: _rank,
    openedByEntryId: _opened,
    customerEpoch: _epoch,
    slaRevision: _slaRevision,
    replyTarget,
    ...rest
  } = ticket;
  // recipient: the address, number or page the customer last wrote to (routing rules match on it).
  return {
    id: _id,
    ...rest,
    slaState: ticket.slaState ?? null,
    replyChannel: replyTarget?.channel ?? ticket.channel,
    recipient: replyTarget?.recipient ?? null,
  };
}

export function presentCustomerSummary(customer: CustomerDoc | null | undefined) {
  if (!customer) return null;
  return { id: customer._id, name: customer.name, tier: customer.tier, identities: customer.identities };
}

export function presentCustomer(customer: CustomerDoc) {
  return {
    ...presentCustomerSummary(customer),
    notes: customer.notes,
    mergedInto: customer.mergedInto,
    mergedFrom: customer.mergedFrom,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}

export function presentTimelineEntry({ _id, workspaceId: _ws, ...entry }: TimelineEntryDoc) {
  return { id: _id, ...entry };
}

/** Who changed the status and when, oldest first, from the timeline's change entries. */
export function statusHistoryOf(ticket: TicketDoc, timeline: TimelineEntryDoc[]) {
  const history = [{ status: 'new', at: ticket.createdAt, actorKind: 'customer', actorId: null as string | null }];
  for (const entry of timeline) {
    const change = entry.changes?.status;
    if (entry.kind === 'change' && entry.ticketId === ticket._id && change) {
      history.push({
        status: String(change.to),
        at: entry.occurredAt,
        actorKind: entry.actorKind ?? 'system',
        actorId: entry.authorId,
      });
    }
  }
  return history;
}
