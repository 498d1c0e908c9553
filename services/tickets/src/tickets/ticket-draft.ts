import type { Channel, CustomerTier } from '@threadline/contracts';
import { PRIORITY_RANK, type ReplyTarget, type TicketDoc } from './ticket.schema';

export interface TicketDraftInput {
  id: string;
  workspaceId: string;
  customerId: string;
  customerTier?: CustomerTier | null;
  channel: Channel;
  subject: string | null;
  /** When the contact that opens it arrived. */
  receivedAt: Date;
  openedByEntryId: string;
  customerEpoch: number;
  replyTarget?: ReplyTarget | null;
  previousTicketId?: string | null;
  searchText?: string;
  /** The queue the contacted address feeds, if any. */
  queue?: string | null;
  /** What kind of ticket it is, as tags (a voicemail is tagged `voicemail`). */
  tags?: string[];
}

/** A new ticket as a contact opens it: status new, normal priority, nobody's yet. */
export function ticketDraft(input: TicketDraftInput): Omit<TicketDoc, 'number'> {
  const now = new Date();
  return {
    _id: input.id,
    workspaceId: input.workspaceId,
    version: 1,
    subject: input.subject,
    status: 'new',
    priority: 'normal',
    priorityRank: PRIORITY_RANK.normal,
    queue: input.queue ?? null,
    assigneeId: null,
    tags: input.tags ?? [],
    category: null,
    customerId: input.customerId,
    customerTier: input.customerTier ?? null,
    channel: input.channel,
    replyTarget: input.replyTarget ?? null,
    statusChangedAt: now,
    createdAt: now,
    updatedAt: now,
    lastContactAt: input.receivedAt,
    firstResponseAt: null,
    resolvedAt: null,
    slaDueAt: null,
    slaState: null,
    slaRevision: 0,
    openedByEntryId: input.openedByEntryId,
    customerEpoch: input.customerEpoch,
    previousTicketId: input.previousTicketId ?? null,
    mergedInto: null,
    mergedTicketIds: [],
    searchText: input.searchText ?? '',
  };
}
