import type { Channel, Language, SurveyScale, TicketState } from '@threadline/contracts';
import type { TicketDoc } from '../tickets/ticket.schema';
import { surveyIdOf, type SurveyDoc } from './survey.repository';

/**
 * The ticket's survey as first written (its `_id` derives from the ticket, so
 * `SurveyRepository.createOnce` keeps one per ticket whichever way it is asked).
 * Answers are reported under the agent, queue and category of `state`.
 */
export function newSurvey(
  ticket: TicketDoc,
  asked: {
    channel: Channel;
    scale: SurveyScale;
    language: Language;
    state: Pick<TicketState, 'assigneeId' | 'queue' | 'category'>;
    closedAt: Date;
    sentAt: Date | null;
  },
): SurveyDoc {
  return {
    _id: surveyIdOf(ticket.workspaceId, ticket._id),
    workspaceId: ticket.workspaceId,
    ticketId: ticket._id,
    number: ticket.number,
    customerId: ticket.customerId,
    channel: asked.channel,
    scale: asked.scale,
    language: asked.language,
    agentId: asked.state.assigneeId,
    queue: asked.state.queue,
    category: asked.state.category,
    closedAt: asked.closedAt,
    sentAt: asked.sentAt,
    answer: null,
    optedOutAt: null,
  };
}
