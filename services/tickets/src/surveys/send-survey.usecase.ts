import { guessLanguage, type AnyEvent, type Channel, type Language } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import type { TicketRepository } from '../tickets/ticket.repository';
import { defaultReplyChannel } from '../ticket-commands/customer-address';
import type { ChatSurveys } from './chat-surveys.usecase';
import { newSurvey } from './new-survey';
import type { SurveyMessages } from './survey-messages';
import type { SurveyRepository } from './survey.repository';
import type { SurveySettingsRepository } from './survey-settings.repository';

/** Channels a survey goes out on as a message (Slack: in the customer's thread); a live chat asks on the widget (`ChatSurveys`). */
const SURVEYED: readonly Channel[] = ['email', 'sms', 'messenger', 'slack'];

/**
 * A ticket was closed: its customer gets the workspace's one-question
 * survey on the ticket's channel, once per ticket — the survey's id derives
 * from the ticket and the message's from the survey, so a redelivered event
 * or a ticket closed again after a reopen sends nothing more. Not when the
 * workspace has surveys off, nor to a customer who opted out, nor for a
 * ticket merged into another (its closing is the merge, not a resolution).
 * A ticket whose customer last wrote in a live web chat is asked on the
 * chat's widget instead (`ChatSurveys.offerAtClose`).
 */
export class SendSurvey {
  constructor(
    private readonly deps: {
      surveys: SurveyRepository;
      settings: SurveySettingsRepository;
      chat: ChatSurveys;
      messages: SurveyMessages;
      tickets: TicketRepository;
      defaultLanguage: Language;
    },
  ) {}

  async handle(event: AnyEvent): Promise<HandlerOutcome> {
    if (event.type !== 'ticket.updated.v1') return 'ignored';
    const closed = event.payload;
    if (closed.changes.status?.to !== 'closed') return 'ignored';
    const settings = await this.deps.settings.of(event.workspaceId);
    if (!settings.enabled) return 'ignored';
    const ticket = await this.deps.tickets.findById(event.workspaceId, closed.ticketId);
    if (!ticket || ticket.mergedInto) return 'ignored';
    const channel = defaultReplyChannel(ticket);
    const chatSession = channel === 'chat' ? (ticket.replyTarget?.providerThreadId ?? null) : null;
    if (!SURVEYED.includes(channel) && !chatSession) return 'ignored';
    if (await this.deps.surveys.optedOut(ticket.workspaceId, ticket.customerId)) return 'ignored';
    if (chatSession)
      return this.deps.chat.offerAtClose(ticket, chatSession, settings, {
        state: closed.state,
        at: new Date(closed.at),
        causationId: event.id,
      });
    const to = await this.deps.messages.addressOn(ticket, channel);
    if (!to) return 'ignored';
    const survey = await this.deps.surveys.createOnce(
      newSurvey(ticket, {
        channel,
        scale: settings.scale,
        language: guessLanguage(ticket.subject ?? '', this.deps.defaultLanguage),
        state: closed.state,
        closedAt: new Date(closed.at),
        sentAt: null,
      }),
    );
    if (survey.sentAt) return 'duplicate';
    await this.deps.messages.send(ticket, survey, settings, { channel, to, causationId: event.id });
    return 'done';
  }
}
