import { randomUUID } from 'node:crypto';
import { deterministicEventId, SCORE_RANGE, type Channel } from '@threadline/contracts';
import type { EventPublisher } from '@threadline/kafka';
import type { AuditLog } from '@threadline/persistence';
import { deterministicId } from '@threadline/persistence';
import type { SurveyDoc, SurveyRepository } from './survey.repository';

export type SurveyOutcome = 'answered' | 'already-answered' | 'opted-out' | 'out-of-scale';

/**
 * The customer's answer to their survey, from the page or a reply. The first
 * answer counts: it is kept on the survey and published as
 * survey.answered.v1 (its id derives from the survey, so reporting counts a
 * survey once however often it is answered or the event redelivered).
 */
export class AnswerSurvey {
  constructor(private readonly deps: { surveys: SurveyRepository; publisher: EventPublisher; audit: AuditLog }) {}

  async score(survey: SurveyDoc, score: number, channel: Channel, at = new Date()): Promise<SurveyOutcome> {
    const { min, max } = SCORE_RANGE[survey.scale];
    if (!Number.isInteger(score) || score < min || score > max) return 'out-of-scale';
    if (survey.answer) return 'already-answered';
    const answer = { score, channel, at };
    await this.deps.surveys.recordAnswer(survey._id, answer);
    await this.deps.publisher.publish('survey.answered.v1', {
      workspaceId: survey.workspaceId,
      key: survey.ticketId,
      id: deterministicEventId('survey.answered.v1', survey._id),
      payload: {
        surveyId: survey._id,
        ticketId: survey.ticketId,
        number: survey.number,
        customerId: survey.customerId,
        channel,
        scale: survey.scale,
        score,
        agentId: survey.agentId,
        queue: survey.queue,
        category: survey.category,
        closedAt: survey.closedAt.toISOString(),
        answeredAt: at.toISOString(),
      },
    });
    return 'answered';
  }

  /** "Do not ask me again": remembered for the customer, in the audit trail as their own act. */
  async optOut(survey: SurveyDoc, via: Channel, at = new Date()): Promise<SurveyOutcome> {
    await this.deps.surveys.recordOptOut(survey, at);
    await this.deps.audit.record({
      id: deterministicId(survey.workspaceId, 'survey-opt-out', survey.customerId, survey._id),
      workspaceId: survey.workspaceId,
      at,
      actor: { kind: 'customer', id: survey.customerId },
      action: 'customer.survey-opt-out',
      entity: { type: 'customer', id: survey.customerId, label: null },
      after: { surveyOptOut: true, via, ticketNumber: survey.number },
      commandId: randomUUID(),
    });
    return 'opted-out';
  }
}
