import { guessLanguage, type Channel, type Language, type TypedEnvelope } from '@threadline/contracts';
import type { HandlerOutcome } from '@threadline/kafka';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import type { CustomerRepository } from '../customers/customer.repository';
import type { TicketRepository } from '../tickets/ticket.repository';
import { CommandRejectedError } from '../ticket-commands/command-errors';
import { answerThreading, customerAddress, defaultReplyChannel } from '../ticket-commands/customer-address';
import { sendOutbound } from '../ticket-commands/outbound-message';
import type { SurveyLinkToken } from './survey-link-token';
import type { ChatSurveys } from './chat-surveys.usecase';
import { newSurvey } from './new-survey';
import type { SurveyDoc, SurveyRepository } from './survey.repository';
import type { SurveySettingsRepository } from './survey-settings.repository';
import { surveyEmail, surveyNotice, surveyReplyMessage } from './survey-texts';

/** Channels a survey goes out on as a message; a live chat asks on the widget (`ChatSurveys`); Slack is not asked. */
const SURVEYED: readonly Channel[] = ['email', 'sms', 'messenger'];

export interface SurveyPolicy {
  /** Where the survey's page is served (the gateway's public address). */
  pageBaseUrl: string;
  /** How long an SMS or Messenger reply still counts as the answer. */
  replyWindowMs: number;
  defaultLanguage: Language;
}

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
      tickets: TicketRepository;
      customers: CustomerRepository;
      publisher: EventPublisher;
      links: SurveyLinkToken;
      policy: SurveyPolicy;
    },
  ) {}

  async handle(event: TypedEnvelope): Promise<HandlerOutcome> {
    if (event.type !== 'ticket.updated.v1') return 'ignored';
    const closed = (event as TypedEnvelope<'ticket.updated.v1'>).payload;
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
    const to = await customerAddress(this.deps.customers, ticket, channel).catch((error: unknown) => {
      if (error instanceof CommandRejectedError) return null;
      throw error;
    });
    if (!to) return 'ignored';
    const survey = await this.deps.surveys.createOnce(
      newSurvey(ticket, {
        channel,
        scale: settings.scale,
        language: guessLanguage(ticket.subject ?? '', this.deps.policy.defaultLanguage),
        state: closed.state,
        closedAt: new Date(closed.at),
        sentAt: null,
      }),
    );
    if (survey.sentAt) return 'duplicate';
    const input = {
      scale: survey.scale,
      language: survey.language,
      number: ticket.number,
      notice: surveyNotice(settings, survey.language),
    };
    const email = channel === 'email' ? surveyEmail(input, this.linkTo(survey)) : null;
    const now = new Date();
    if (channel !== 'email')
      await this.deps.surveys.awaitReply(survey, to, new Date(now.getTime() + this.deps.policy.replyWindowMs));
    await sendOutbound(this.deps, {
      id: deterministicId(ticket.workspaceId, 'survey-message', survey._id),
      ticket,
      version: ticket.version,
      channel,
      to,
      subject: email?.subject ?? null,
      text: email?.text ?? surveyReplyMessage(input),
      authorId: null,
      automatic: true,
      threading: answerThreading(ticket, channel),
      causationId: event.id,
    });
    await this.deps.surveys.markSent(survey._id, now);
    return 'done';
  }

  private linkTo(survey: SurveyDoc): string {
    const base = this.deps.policy.pageBaseUrl.replace(/\/+$/, '');
    return `${base}/survey/${this.deps.links.sign(survey.workspaceId, survey._id)}`;
  }
}
