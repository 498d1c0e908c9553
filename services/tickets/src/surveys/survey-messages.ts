import type { Channel, Identity, Language } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import { deterministicId } from '@threadline/persistence';
import { CommandRejectedError } from '../ticket-commands/command-errors';
import { answerThreading, customerAddress } from '../ticket-commands/customer-address';
import { sendOutbound } from '../ticket-commands/outbound-message';
import type { CustomerRepository } from '../customers/customer.repository';
import type { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import type { SurveyLinkToken } from './survey-link-token';
import type { SurveySettings } from './survey-settings.repository';
import { surveyThreadOf } from './survey-replies';
import { surveyEmail, surveyNotice, surveyReplyMessage } from './survey-texts';
import type { SurveyDoc, SurveyRepository } from './survey.repository';

export interface SurveyPolicy {
  /** Where the survey's page is served (the gateway's public address). */
  pageBaseUrl: string;
  /** How long an SMS or Messenger reply still counts as the answer. */
  replyWindowMs: number;
  defaultLanguage: Language;
}

/**
 * A survey sent as a message on the customer's channel: an e-mail with the
 * page's signed link, or an SMS/Messenger/Slack question whose reply is awaited
 * (on Slack in the customer's thread).
 * An automatic outbound entry on the ticket's timeline whose id derives from
 * the survey: sent once however often it is asked to.
 */
export class SurveyMessages {
  constructor(
    private readonly deps: {
      surveys: SurveyRepository;
      tickets: TicketRepository;
      customers: CustomerRepository;
      publisher: EventPublisher;
      links: SurveyLinkToken;
      policy: SurveyPolicy;
    },
  ) {}

  /** Where the customer is reached on `channel`, or null when they have no such address. */
  async addressOn(ticket: TicketDoc, channel: Channel): Promise<Identity | null> {
    return customerAddress(this.deps.customers, ticket, channel).catch((error: unknown) => {
      if (error instanceof CommandRejectedError) return null;
      throw error;
    });
  }

  async send(
    ticket: TicketDoc,
    survey: SurveyDoc,
    settings: SurveySettings,
    on: { channel: Channel; to: Identity; causationId: string },
  ): Promise<void> {
    const { channel, to } = on;
    const input = {
      scale: survey.scale,
      language: survey.language,
      number: ticket.number,
      notice: surveyNotice(settings, survey.language),
    };
    const email = channel === 'email' ? surveyEmail(input, this.linkTo(survey)) : null;
    const now = new Date();
    const threading = answerThreading(ticket, channel);
    if (channel !== 'email') {
      const until = new Date(now.getTime() + this.deps.policy.replyWindowMs);
      await this.deps.surveys.awaitReply(survey, to, until, surveyThreadOf(channel, threading.providerThreadId));
    }
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
      threading,
      causationId: on.causationId,
    });
    await this.deps.surveys.markSent(survey._id, now, channel);
  }

  private linkTo(survey: SurveyDoc): string {
    const base = this.deps.policy.pageBaseUrl.replace(/\/+$/, '');
    return `${base}/survey/${this.deps.links.sign(survey.workspaceId, survey._id)}`;
  }
}
