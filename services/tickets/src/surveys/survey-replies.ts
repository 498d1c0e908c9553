import type { Channel, Identity, TypedEnvelope } from '@threadline/contracts';
import type { AnswerSurvey } from './answer-survey.usecase';
import { mightBeSurveyReply, readSurveyReply } from './survey-reply-text';
import type { SurveyRepository } from './survey.repository';

/** Channels where the customer answers by replying; e-mail answers on the survey's page. */
const REPLY_CHANNELS: readonly Channel[] = ['sms', 'messenger', 'slack'];

/** Where a reply counts only in the thread the survey was asked in (a Slack thread is a ticket). */
export const surveyThreadOf = (channel: Channel, providerThreadId: string | null): string | null =>
  channel === 'slack' ? providerThreadId : null;

/**
 * Takes a customer's SMS, Messenger or Slack (in the survey's thread) reply to their open survey ("5",
 * "NIE") as the answer, before the contact becomes a ticket message: a score
 * must not reopen the closed ticket. Only a bare number or STOP/NIE from an
 * address with a survey still awaiting its reply; everything else (and
 * everything on other channels) goes on to the intake untouched, and costs
 * no store read unless its text could be an answer.
 */
export class SurveyReplies {
  constructor(
    private readonly surveys: SurveyRepository,
    private readonly answer: AnswerSurvey,
  ) {}

  /** True when the contact was the survey's answer and must not go on to a ticket. */
  async take(event: TypedEnvelope<'contact.received.v1'>): Promise<boolean> {
    const contact = event.payload;
    if (!REPLY_CHANNELS.includes(contact.channel) || !mightBeSurveyReply(contact.text)) return false;
    const from = contact.from[0] as Identity;
    const at = new Date(contact.receivedAt);
    const thread = surveyThreadOf(contact.channel, contact.thread.providerThreadId);
    const survey = await this.surveys.awaitingFrom(event.workspaceId, contact.channel, from, at, thread);
    if (!survey) return false;
    const reply = readSurveyReply(contact.text, survey.scale);
    if (!reply) return false;
    if (reply.kind === 'opt-out') await this.answer.optOut(survey, contact.channel, at);
    else await this.answer.score(survey, reply.score, contact.channel, at);
    await this.surveys.stopAwaiting(event.workspaceId, contact.channel, from, thread);
    return true;
  }
}
