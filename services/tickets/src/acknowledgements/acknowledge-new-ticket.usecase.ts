import type { ContactReceivedV1 } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { TicketRepository } from '../tickets/ticket.repository';
import { sendOutbound } from '../ticket-commands/outbound-message';
import { acknowledgement, guessLanguage, type Language } from './acknowledgement-templates';

export interface AcknowledgementPolicy {
  enabled: boolean;
  defaultLanguage: Language;
}

/**
 * A customer who e-mails in gets "we have your request, number #N" at once,
 * as an automatic outbound message on the new ticket's timeline (so the agent
 * sees it and its delivery). Once per ticket: the entry's id derives from the
 * ticket, and the events carry ids derived from it. Auto-replies never become
 * contacts upstream, and the mail is marked automatic, so two auto-responders
 * cannot loop through it. It is not the first response: a person's is.
 */
export class AcknowledgeNewTicket {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly publisher: EventPublisher,
    private readonly policy: AcknowledgementPolicy,
  ) {}

  async execute(ticket: TicketDoc, contact: ContactReceivedV1, causationId: string): Promise<void> {
    if (!this.policy.enabled || contact.channel !== 'email') return;
    const to = contact.from.find((i) => i.kind === 'email');
    if (!to) return;
    const language = guessLanguage(`${contact.subject ?? ''}\n${contact.newText ?? contact.text}`, this.policy.defaultLanguage);
    const { subject, text } = acknowledgement(language, { number: ticket.number, subject: contact.subject });
    const id = deterministicId(ticket.workspaceId, 'acknowledgement', ticket._id);
    await sendOutbound(
      { tickets: this.tickets, publisher: this.publisher },
      {
        id,
        ticket,
        version: ticket.version,
        channel: 'email',
        to,
        subject,
        text,
        authorId: null,
        automatic: true,
        threading: {
          inReplyTo: contact.providerMessageId.startsWith('sha256:') ? null : contact.providerMessageId,
          references: contact.providerMessageId.startsWith('sha256:') ? [] : [contact.providerMessageId],
          providerThreadId: null,
          from: contact.recipient,
        },
        causationId,
      },
    );
  }
}
