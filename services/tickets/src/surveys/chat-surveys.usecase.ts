import {
  deterministicEventId,
  guessLanguage,
  type ChatSurveyOfferedV1,
  type Language,
  type SurveyScale,
  type TicketState,
} from '@threadline/contracts';
import type { EventPublisher, HandlerOutcome } from '@threadline/kafka';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { AnswerSurvey, SurveyOutcome } from './answer-survey.usecase';
import { newSurvey } from './new-survey';
import type { SurveyMessages } from './survey-messages';
import type { SurveySettings, SurveySettingsRepository } from './survey-settings.repository';
import { surveyNotice, surveyQuestion } from './survey-texts';
import type { SurveyDoc, SurveyRepository } from './survey.repository';

/** What the widget shows: the question and the notice in both languages (it picks the page's). */
export type ChatSurveyOffer = Omit<ChatSurveyOfferedV1, 'at'>;
export type ChatAnswer = { score: number } | { optOut: true };
export type ChatFallback = 'emailed' | 'none';
/** What became of the answer, and the scale it was measured against (for an error naming the allowed scores). */
export type ChatAnswerResult = { outcome: SurveyOutcome; scale: SurveyScale } | { outcome: 'not-found' };

/**
 * The web chat's survey, on the widget's end screen. Asked when the visitor
 * ends the chat (channel-social calls `atChatEnd`) or, while their chat is
 * still open, when an agent closes its ticket (`offerAtClose`, from the
 * close's event: published for the widget on `chat.signals.v1`; a widget that
 * was not open gets it at the visitor's next visit, `pending`; a chat the
 * visitor had ended by then falls back to e-mail, `fallBack`). Found by the
 * chat session through the ticket's provider-thread reference; one survey per
 * ticket (the same unique insert as e-mail and SMS), answered through
 * `AnswerSurvey` on channel `chat`.
 */
export class ChatSurveys {
  constructor(
    private readonly deps: {
      surveys: SurveyRepository;
      settings: SurveySettingsRepository;
      tickets: TicketRepository;
      publisher: EventPublisher;
      answer: AnswerSurvey;
      messages: SurveyMessages;
      defaultLanguage: Language;
    },
  ) {}

  /** The ticket was closed while its chat is open (the caller checked surveys are on and the customer did not opt out). */
  async offerAtClose(
    ticket: TicketDoc,
    sessionId: string,
    settings: SurveySettings,
    closed: { state: Pick<TicketState, 'assigneeId' | 'queue' | 'category'>; at: Date; causationId: string },
  ): Promise<HandlerOutcome> {
    const survey = await this.deps.surveys.createOnce(this.surveyOf(ticket, settings, closed.state, closed.at, null));
    // Asked already: at the chat's end, or this close's event redelivered, or a close after a reopen.
    if (survey.sentAt) return 'duplicate';
    await this.deps.publisher.publish('chat.survey-offered.v1', {
      id: deterministicEventId('chat.survey-offered.v1', survey._id),
      workspaceId: ticket.workspaceId,
      key: sessionId,
      causationId: closed.causationId,
      payload: { ...offerOf(survey, settings, sessionId), at: new Date().toISOString() },
    });
    await this.deps.surveys.markSent(survey._id, new Date());
    return 'done';
  }

  /** The visitor ended the chat: its ticket's survey for the end screen, unless it has its answer or the customer opted out. */
  async atChatEnd(workspaceId: string, sessionId: string, now = new Date()): Promise<ChatSurveyOffer | null> {
    const ticket = await this.ticketOf(workspaceId, sessionId);
    if (!ticket) return null;
    const settings = await this.deps.settings.of(workspaceId);
    if (!settings.enabled || (await this.deps.surveys.optedOut(workspaceId, ticket.customerId))) return null;
    // The ticket may still be open: its answer is reported under whoever holds it when the chat ends.
    const survey = await this.deps.surveys.createOnce(this.surveyOf(ticket, settings, ticket, now, now));
    return unanswered(survey) ? offerOf(survey, settings, sessionId) : null;
  }

  /**
   * The survey offered at the ticket's close found the chat ended (channel-social's word: the visitor closed it,
   * so no widget will show it): the rules of the other channels apply — an e-mail with the page's link when the
   * customer is known by an e-mail address, else none. Once: the message's id derives from the survey.
   */
  async fallBack(workspaceId: string, sessionId: string, causationId: string): Promise<ChatFallback> {
    const ticket = await this.ticketOf(workspaceId, sessionId);
    const survey = ticket ? await this.deps.surveys.ofTicket(workspaceId, ticket._id) : null;
    if (!ticket || !survey || !unanswered(survey)) return 'none';
    if (survey.channel === 'email') return 'emailed';
    const settings = await this.deps.settings.of(workspaceId);
    if (!settings.enabled || (await this.deps.surveys.optedOut(workspaceId, ticket.customerId))) return 'none';
    const to = await this.deps.messages.addressOn(ticket, 'email');
    if (!to) return 'none';
    await this.deps.messages.send(ticket, survey, settings, { channel: 'email', to, causationId });
    return 'emailed';
  }

  /** A survey asked in this chat and not answered yet (the widget was closed when the agent closed the ticket). */
  async pending(workspaceId: string, sessionId: string): Promise<ChatSurveyOffer | null> {
    const ticket = await this.ticketOf(workspaceId, sessionId);
    const survey = ticket ? await this.deps.surveys.ofTicket(workspaceId, ticket._id) : null;
    if (!survey || survey.channel !== 'chat' || !survey.sentAt || !unanswered(survey)) return null;
    return offerOf(survey, await this.deps.settings.of(workspaceId), sessionId);
  }

  async answer(workspaceId: string, sessionId: string, given: ChatAnswer, at = new Date()): Promise<ChatAnswerResult> {
    const ticket = await this.ticketOf(workspaceId, sessionId);
    const survey = ticket ? await this.deps.surveys.ofTicket(workspaceId, ticket._id) : null;
    // Only a survey that was asked: a session never offered one cannot answer for its ticket.
    if (!survey?.sentAt) return { outcome: 'not-found' };
    const outcome =
      'optOut' in given
        ? await this.deps.answer.optOut(survey, 'chat', at)
        : await this.deps.answer.score(survey, given.score, 'chat', at);
    return { outcome, scale: survey.scale };
  }

  /** The ticket the chat talked in; a ticket merged into another is surveyed as that one. */
  private async ticketOf(workspaceId: string, sessionId: string): Promise<TicketDoc | null> {
    const ticketId = await this.deps.tickets.ticketByThreadRef(workspaceId, 'provider-thread', `chat:${sessionId}`);
    const ticket = ticketId ? await this.deps.tickets.findById(workspaceId, ticketId) : null;
    if (!ticket?.mergedInto) return ticket;
    return this.deps.tickets.findById(workspaceId, ticket.mergedInto.ticketId);
  }

  private surveyOf(
    ticket: TicketDoc,
    settings: SurveySettings,
    state: Pick<TicketState, 'assigneeId' | 'queue' | 'category'>,
    closedAt: Date,
    sentAt: Date | null,
  ): SurveyDoc {
    const language = guessLanguage(ticket.subject ?? '', this.deps.defaultLanguage);
    return newSurvey(ticket, { channel: 'chat', scale: settings.scale, language, state, closedAt, sentAt });
  }
}

const unanswered = (survey: SurveyDoc) => survey.answer === null && survey.optedOutAt === null;

function offerOf(survey: SurveyDoc, settings: SurveySettings, sessionId: string): ChatSurveyOffer {
  const { scale, number } = survey;
  return {
    sessionId,
    number,
    scale,
    question: { pl: surveyQuestion(scale, 'pl', number), en: surveyQuestion(scale, 'en', number) },
    notice: { pl: surveyNotice(settings, 'pl'), en: surveyNotice(settings, 'en') },
  };
}
