import type { CustomerDoc, CustomerIdentity } from '../customers/customer.schema';
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
    versionCommand: _versionCommand,
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

/** A customer with the identities their links name (`CustomerRepository.identitiesOf`), not the record's cache. */
export interface CustomerWithIdentities {
  customer: CustomerDoc;
  identities: CustomerIdentity[];
}

export function presentCustomerSummary(found: CustomerWithIdentities | null | undefined) {
  if (!found) return null;
  const { customer, identities } = found;
  return { id: customer._id, name: customer.name, tier: customer.tier, identities };
}

export function presentCustomer(found: CustomerWithIdentities) {
  const { customer } = found;
  return {
    ...presentCustomerSummary(found),
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
