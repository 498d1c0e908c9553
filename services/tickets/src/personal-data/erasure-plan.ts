import { customerSubject, identitySubject, type Identity } from '@threadline/contracts';
import type { CustomerDoc, CustomerIdentity } from '../customers/customer.schema';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';

/** A copy of the customer's data outside our reach: the answer names it so the office can ask the provider. */
export interface ProviderCopy {
  provider: string;
  what: string;
}

/** What an erasure removes, counted; the preview shows it and the audit keeps it (counts only, no personal data). */
export interface ErasurePlan {
  customerId: string;
  identities: CustomerIdentity[];
  tickets: number;
  messages: number;
  notes: number;
  attachmentRefs: string[];
  /** Phone calls among the messages: their recordings stay at Twilio (see providerCopies). */
  calls: number;
  /** The subjects whose keys are destroyed: every identity and the customer's ids (merged records too). */
  subjects: string[];
  providerCopies: ProviderCopy[];
}

/** The customer as an erasure reaches it: every identity its links name, every record merged into it. */
export interface ErasedCustomer {
  customer: CustomerDoc;
  identities: CustomerIdentity[];
  mergedIds: string[];
}

export function planErasure(
  { customer, identities, mergedIds }: ErasedCustomer,
  tickets: TicketDoc[],
  entries: TimelineEntryDoc[],
): ErasurePlan {
  const messages = entries.filter((e) => e.kind === 'message');
  const attachmentRefs = new Set(messages.flatMap((m) => (m.attachments ?? []).map((a) => a.ref)));
  return {
    customerId: customer._id,
    identities,
    tickets: tickets.length,
    messages: messages.length,
    notes: entries.filter((e) => e.kind === 'note').length,
    attachmentRefs: [...attachmentRefs].filter((ref) => ref !== 'erased'),
    calls: messages.filter((m) => m.channel === 'voice').length,
    subjects: [...identities.map((i) => identitySubject(i as Identity)), ...[customer._id, ...mergedIds].map(customerSubject)],
    providerCopies: providerCopiesOf(identities, messages),
  };
}

/** Calls and chats are kept by their channels under the provider's id. */
const CHANNELS_KEEPING_CONTACTS = new Set<string>(['voice', 'chat']);

/**
 * How the channels find their own records of the customer (they know the
 * provider's ids, not the customer): the provider ids of their calls and
 * chats, and our ids of the messages sent to them. Ids only, no personal data.
 */
export function channelRecordsOf(entries: TimelineEntryDoc[]): {
  contactRefs: { channel: string; providerMessageId: string }[];
  outboundMessageIds: string[];
} {
  const messages = entries.filter((e) => e.kind === 'message');
  return {
    contactRefs: messages
      .filter((m) => m.direction === 'inbound' && CHANNELS_KEEPING_CONTACTS.has(m.channel ?? ''))
      .filter((m) => m.providerMessageId && m.providerMessageId !== 'erased')
      .map((m) => ({ channel: m.channel as string, providerMessageId: m.providerMessageId as string })),
    outboundMessageIds: messages.filter((m) => m.direction === 'outbound').map((m) => m._id),
  };
}

/** Where providers keep their own copies, by the channels the customer used. */
export function providerCopiesOf(identities: CustomerIdentity[], messages: TimelineEntryDoc[]): ProviderCopy[] {
  const channels = new Set([...messages.map((m) => m.channel), ...identities.map((i) => i.kind)]);
  const copies: ProviderCopy[] = [];
  if (channels.has('email'))
    copies.push({ provider: 'mail server', what: 'the messages in our IMAP mailboxes and the customer’s own mailbox' });
  if (channels.has('voice'))
    copies.push({ provider: 'Twilio', what: 'call logs and call recordings in the Twilio account (delete them in Twilio)' });
  if (channels.has('sms') || (channels.has('phone') && !channels.has('voice')))
    copies.push({ provider: 'Twilio', what: 'SMS message logs in the Twilio account' });
  if (channels.has('messenger'))
    copies.push({ provider: 'Meta', what: 'the Messenger conversation on the Facebook Page (Meta keeps it)' });
  if (channels.has('slack')) copies.push({ provider: 'Slack', what: 'the messages in the Slack workspace' });
  return copies;
}
