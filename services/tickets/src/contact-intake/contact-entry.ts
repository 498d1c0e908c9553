import type { ContactReceivedV1, TypedEnvelope } from '@threadline/contracts';
import { deterministicId } from '@threadline/persistence';
import type { CustomerDoc } from '../customers/customer.schema';
import { usableIdentities } from '../customers/identify-customer';
import type { ChangeRequest } from '../tickets/ticket-changes';
import { ticketDraft } from '../tickets/ticket-draft';
import { searchable, type ReplyTarget, type TicketDoc } from '../tickets/ticket.schema';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import { unfollowedNote } from './thread-reference';

/**
 * What a contact becomes, the same whether it is attached alone
 * (`AttachContact`) or in a batch (`AttachContacts`): its timeline entry, the
 * new ticket it may open, the references it leaves, the change it implies.
 */

/**
 * A voicemail, and a caller's request to be called back, open a ticket of
 * their own, tagged so agents find the call-backs to make (`?tag=voicemail`, `?tag=callback`).
 */
export const VOICEMAIL_TAG = 'voicemail';
export const CALLBACK_TAG = 'callback';

export function standaloneTag(contact: ContactReceivedV1): string | null {
  if (contact.channel !== 'voice') return null;
  if (contact.call?.outcome === 'voicemail') return VOICEMAIL_TAG;
  if (contact.call?.outcome === 'callback') return CALLBACK_TAG;
  return null;
}

export function providerThreadKey(contact: Pick<ContactReceivedV1, 'channel' | 'thread'>): string {
  return `${contact.channel}:${contact.thread.providerThreadId}`;
}

/** The references later contacts find this ticket by: this mail's Message-ID, the provider thread it continues. */
export function referencesLeftBy(contact: ContactReceivedV1): { kind: 'message-id' | 'provider-thread'; value: string }[] {
  const refs: { kind: 'message-id' | 'provider-thread'; value: string }[] = [];
  if (contact.channel === 'email' && !contact.providerMessageId.startsWith('sha256:')) {
    refs.push({ kind: 'message-id', value: contact.providerMessageId });
  }
  if (contact.thread.providerThreadId) refs.push({ kind: 'provider-thread', value: providerThreadKey(contact) });
  return refs;
}

export function contactTimelineEntry(
  event: TypedEnvelope<'contact.received.v1'>,
  entryId: string,
  ticketId: string,
  customerId: string,
): TimelineEntryDoc {
  const contact = event.payload;
  // In the schema's order, of the schema's fields only: the batch writes it as it is (`addContactEntriesOnce`).
  return {
    _id: entryId,
    workspaceId: event.workspaceId,
    ticketId,
    kind: 'message',
    occurredAt: new Date(contact.receivedAt),
    recordedAt: new Date(),
    authorId: null,
    direction: 'inbound',
    channel: contact.channel,
    providerMessageId: contact.providerMessageId,
    customerId,
    from: contact.from.map(({ kind, value }) => ({ kind, value })),
    subject: contact.subject,
    text: contact.text,
    newText: contact.newText,
    html: contact.html,
    attachments: contact.attachments.map(({ ref, filename, contentType, size, inline }) => ({
      ref,
      filename,
      contentType,
      size,
      inline,
    })),
  };
}

/** The id of the customer's `epoch`-th ticket: same customer, same epoch → same id. */
export function customerTicketId(workspaceId: string, customerId: string, epoch: number): string {
  return deterministicId(workspaceId, 'ticket', customerId, String(epoch));
}

/**
 * The customer's latest-ticket mark names its newest ticket, which is not there (yet): a batch writes a
 * new customer with its first ticket's mark, before that ticket (`IntakeBatch.save`), and a crash can
 * come between. A contact that opens a ticket then opens that very one (see `newTicketOf`).
 * @param latest the marked ticket as read (merges followed); null: not there.
 */
export function markedTicketPending(customer: CustomerDoc, latest: TicketDoc | null): boolean {
  return (
    latest === null &&
    customer.lastTicketId !== null &&
    customer.lastTicketId === customerTicketId(customer.workspaceId, customer._id, customer.ticketEpoch)
  );
}

/**
 * The customer's next ticket, opened by this contact. Same customer, same epoch → same id: concurrent
 * first contacts share one ticket; so does a contact that finds its customer's newest ticket marked but
 * not written yet (`pending`, see `markedTicketPending`): it opens that one, not one more.
 */
export function newTicketOf(
  event: TypedEnvelope<'contact.received.v1'>,
  customer: CustomerDoc,
  entryId: string,
  previousTicketId: string | null,
  pending = false,
): Omit<TicketDoc, 'number'> {
  const { workspaceId, payload: contact } = event;
  const epoch = pending ? customer.ticketEpoch : customer.ticketEpoch + 1;
  const tag = standaloneTag(contact);
  return ticketDraft({
    id: customerTicketId(workspaceId, customer._id, epoch),
    workspaceId,
    customerId: customer._id,
    customerTier: customer.tier,
    channel: contact.channel,
    subject: contact.subject,
    receivedAt: new Date(contact.receivedAt),
    openedByEntryId: entryId,
    customerEpoch: epoch,
    replyTarget: replyTargetOf(contact),
    previousTicketId,
    queue: contact.queue,
    tags: tag ? [tag] : [],
    // The record's identities are a cache that may lack one (see CustomerDoc.identities); the sender's own are sure.
    searchText: searchable(
      contact.subject,
      customer.name,
      ...new Set([...customer.identities, ...contact.from].map((i) => i.value)),
    ),
  });
}

/** The customer writing in: a closed ticket reopens, one waiting for them is theirs to answer again; else nothing. */
export function customerWroteIn(ticket: TicketDoc, customerId: string, entryId: string, at: Date): ChangeRequest | null {
  if (ticket.status !== 'closed' && ticket.status !== 'waiting_customer') return null;
  return {
    workspaceId: ticket.workspaceId,
    ticketId: ticket._id,
    actor: { kind: 'customer', id: customerId },
    action: ticket.status === 'closed' ? 'ticket.reopen' : 'ticket.customer-replied',
    commandId: `contact:${entryId}`,
    at,
    decide: (current) =>
      current.status === 'closed' || current.status === 'waiting_customer'
        ? { status: 'open', statusChangedAt: at, ...(current.status === 'closed' ? { resolvedAt: null } : {}) }
        : null,
  };
}

/** Where an agent's reply goes by default: back the way this contact came. */
export function replyTargetOf(contact: ContactReceivedV1): ReplyTarget {
  // A chat message left while nobody was online has no chat session to answer in: its e-mail gets the answer.
  const offlineChat =
    contact.channel === 'chat' && !contact.thread.providerThreadId && contact.from.some((i) => i.kind === 'email');
  if (offlineChat) {
    return {
      channel: 'email',
      identity: usableIdentities(contact.from).find((i) => i.kind === 'email') ?? usableIdentities(contact.from)[0],
      providerThreadId: null,
      messageRef: null,
      references: [],
      recipient: null,
      wroteAt: new Date(contact.receivedAt),
    };
  }
  const wanted = contact.channel === 'voice' || contact.channel === 'sms' ? 'phone' : contact.channel;
  const identity = usableIdentities(contact.from).find((i) => i.kind === wanted) ?? usableIdentities(contact.from)[0];
  return {
    channel: contact.channel,
    identity,
    providerThreadId: contact.thread.providerThreadId,
    messageRef:
      contact.channel === 'email' && !contact.providerMessageId.startsWith('sha256:') ? contact.providerMessageId : null,
    references: contact.thread.references,
    recipient: contact.recipient,
    wroteAt: new Date(contact.receivedAt),
  };
}

/** The agent sees that the contact named a ticket it was not put on (someone else's, or a guess). */
export function unfollowedNoteEntry(ticket: TicketDoc, entryId: string, receivedAt: Date, number: number): TimelineEntryDoc {
  // In the schema's order (see `contactTimelineEntry`).
  return {
    _id: `${entryId}:unfollowed`,
    workspaceId: ticket.workspaceId,
    ticketId: ticket._id,
    kind: 'note',
    // Just after the message it is about.
    occurredAt: new Date(receivedAt.getTime() + 1),
    recordedAt: new Date(),
    authorId: null,
    text: unfollowedNote(number),
    automatic: true,
  };
}
