import type { Channel, ContactReceivedV1 } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import { ADDRESS_KIND } from '../ticket-commands/customer-address';
import { outboundEntry, publishOutbound, type OutboundMessage } from '../ticket-commands/outbound-message';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TimelineEntryDoc } from '../tickets/timeline-entry.schema';
import { acknowledgement, guessLanguage } from './acknowledgement-templates';
import { acknowledges, type AcknowledgementSettingsSource } from './acknowledgement-settings';

/** Mail robots' own addresses: never answered (auto-replies are dropped upstream; these are the ones that slip by). */
const ROBOT_SENDER = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)(\+[^@]*)?@/i;

/**
 * Where the acknowledgement of a ticket `contact` opened goes: the channel the customer used — a call by SMS, a
 * chat left while nobody was online (no session to answer in) by e-mail — to the address they wrote from, in their
 * thread. Null when there is nowhere to send it, or the sender is a mail robot.
 */
export function acknowledgementRoute(contact: ContactReceivedV1): Pick<OutboundMessage, 'channel' | 'to' | 'threading'> | null {
  const offlineChat = contact.channel === 'chat' && !contact.thread.providerThreadId;
  const channel: Channel = contact.channel === 'voice' ? 'sms' : offlineChat ? 'email' : contact.channel;
  const to = contact.from.find((i) => i.kind === ADDRESS_KIND[channel]);
  if (!to || (to.kind === 'email' && ROBOT_SENDER.test(to.value))) return null;
  if (channel !== 'email' || offlineChat) {
    const inThread = !offlineChat;
    return {
      channel,
      to,
      threading: {
        inReplyTo: null,
        references: [],
        providerThreadId: inThread ? contact.thread.providerThreadId : null,
        from: inThread ? contact.recipient : null,
        customerWroteAt: contact.receivedAt,
      },
    };
  }
  const messageId = contact.providerMessageId.startsWith('sha256:') ? null : contact.providerMessageId;
  return {
    channel,
    to,
    threading: {
      inReplyTo: messageId,
      references: messageId ? [messageId] : [],
      providerThreadId: null,
      from: contact.recipient,
    },
  };
}

/**
 * A customer who writes in gets "we have your request, number #N" at once, on
 * the channel they used (e-mail, SMS, Messenger, Slack, chat; a call by SMS),
 * in the workspace's texts and the customer's language, as the workspace's
 * admin has switched it per channel. It is an automatic outbound message on
 * the new ticket's timeline (so the agent sees it and its delivery). Once per
 * ticket: the entry's id derives from the ticket, the events' ids from the
 * entry, and a redelivery announces the entry as first written. Auto-replies
 * never become contacts upstream, and the message is marked automatic, so two
 * auto-responders cannot loop through it. It is not the first response: a
 * person's is.
 */
export class AcknowledgeNewTicket {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly publisher: EventPublisher,
    private readonly settings: AcknowledgementSettingsSource,
  ) {}

  async execute(ticket: TicketDoc, contact: ContactReceivedV1, causationId: string): Promise<void> {
    const entry = await this.entryFor(ticket, contact);
    if (!entry) return;
    // Read back only on a repeat: a redelivery announces the entry as first written (its time and text).
    const added = await this.tickets.addTimelineEntryOnce(entry);
    const stored = added ? entry : ((await this.tickets.findTimelineEntry(ticket.workspaceId, entry._id)) ?? entry);
    await this.announce(ticket, contact, stored, causationId);
  }

  /** The acknowledgement's timeline entry for a ticket this contact opened; null when none is due. */
  async entryFor(ticket: TicketDoc, contact: ContactReceivedV1): Promise<TimelineEntryDoc | null> {
    const message = await this.message(ticket, contact);
    return message && outboundEntry(message);
  }

  /** Asks the channel's connector for the message and shows it on the ticket; `stored` is the entry as first written. */
  async announce(ticket: TicketDoc, contact: ContactReceivedV1, stored: TimelineEntryDoc, causationId: string): Promise<void> {
    const route = acknowledgementRoute(contact);
    if (!route) return;
    await publishOutbound(this.publisher, { ...this.common(ticket), ...route, causationId }, stored);
  }

  private async message(ticket: TicketDoc, contact: ContactReceivedV1): Promise<OutboundMessage | null> {
    const { settings } = await this.settings.of(ticket.workspaceId);
    if (!acknowledges(settings, contact.channel)) return null;
    const route = acknowledgementRoute(contact);
    if (!route) return null;
    const language =
      settings.languageFrom === 'customer'
        ? guessLanguage(`${contact.subject ?? ''}\n${contact.newText ?? contact.text}`, settings.defaultLanguage)
        : settings.defaultLanguage;
    const content = acknowledgement(settings, language, route.channel, { number: ticket.number, subject: contact.subject });
    return { ...this.common(ticket), ...route, ...content };
  }

  private common(ticket: TicketDoc) {
    return {
      id: deterministicId(ticket.workspaceId, 'acknowledgement', ticket._id),
      ticket,
      version: ticket.version,
      authorId: null,
      automatic: true,
    };
  }
}
