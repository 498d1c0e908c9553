import { SCORE_RANGE, type ChatSurveyOfferedV1 } from '@threadline/contracts';
import type { Logger } from '@threadline/observability';
import type { InternalApiClient } from '@threadline/service-runtime';
import { ChatError, type ChatVisit } from './chat-conversations';
import type { ChatStoreRepository } from './chat-store.repository';

/** The survey as the widget shows it: the question and notice in both languages, the scores it takes. */
export type WidgetSurvey = Omit<ChatSurveyOfferedV1, 'at'> & { min: number; max: number };
export type SurveyAnswer = { score: number } | { optOut: true };
export type SurveyAnswerOutcome = 'answered' | 'opted-out';

const TIMEOUT_MS = 3_000;

export function widgetSurvey(offer: Omit<ChatSurveyOfferedV1, 'at'>): WidgetSurvey {
  const { sessionId, number, scale, question, notice } = offer;
  return { sessionId, number, scale, question, notice, ...SCORE_RANGE[scale] };
}

/**
 * The chat's satisfaction survey, kept by the tickets service (which decides
 * whether one is due and records the answer): asked for the end screen when
 * the visitor ends the chat, asked at a hello for one the widget missed (the
 * agent closed the ticket while it was shut), and the visitor's answer sent
 * on by session with this service's token. Showing a survey is best effort —
 * tickets down means no question, never a failed chat; an answer that did not
 * reach tickets is refused (SURVEY_NOT_SAVED) so the widget keeps its buttons.
 */
export class VisitorSurveys {
  constructor(
    private readonly tickets: InternalApiClient | null,
    private readonly store: ChatStoreRepository,
    private readonly logger: Logger,
  ) {}

  atChatEnd(visit: ChatVisit): Promise<WidgetSurvey | null> {
    return this.offer(visit.workspaceId, visit.sessionId, 'POST', 'end');
  }

  pending(workspaceId: string, sessionId: string): Promise<WidgetSurvey | null> {
    return this.offer(workspaceId, sessionId, 'GET', '');
  }

  /** The visitor's answer to the survey of one of their own sessions (the end screen's is the session just closed). */
  async answer(visit: ChatVisit, sessionId: string, answer: SurveyAnswer): Promise<SurveyAnswerOutcome> {
    const session = await this.store.findSession(sessionId);
    const theirs = session && session.workspaceId === visit.workspaceId && session.visitorKey === visit.visitorKey;
    if (!theirs || !this.tickets) throw notFound();
    const response = await this.tickets
      .asItself(visit.workspaceId, `surveys/chat/${sessionId}/answer`, { method: 'POST', body: answer, timeoutMs: TIMEOUT_MS })
      .catch((error: unknown) => {
        this.logger.warn({ err: error, sessionId }, 'chat survey answer not delivered to tickets');
        return null;
      });
    if (response?.ok) return ((await response.json()) as { outcome: SurveyAnswerOutcome }).outcome;
    if (response?.status === 404) throw notFound();
    if (response?.status === 409) throw new ChatError('SURVEY_ALREADY_ANSWERED', 'this survey has its answer already');
    if (response?.status === 400) {
      const body = (await response.json()) as { errors?: { reason: string }[] };
      throw new ChatError('SURVEY_SCORE_OUT_OF_RANGE', `score ${body.errors?.[0]?.reason ?? 'is not on the scale'}`);
    }
    throw new ChatError('SURVEY_NOT_SAVED', 'the answer was not saved, please try again');
  }

  /**
   * The survey of a closed ticket found its chat ended (the visitor closed it: no widget will ask): tickets sends it
   * by e-mail when it can. Throws when tickets does not take it, so the event is handled again.
   */
  async fallBack(workspaceId: string, sessionId: string, causationId: string): Promise<'emailed' | 'none'> {
    if (!this.tickets) return 'none';
    const response = await this.tickets.asItself(workspaceId, `surveys/chat/${sessionId}/fallback`, {
      method: 'POST',
      body: { causationId },
      timeoutMs: TIMEOUT_MS,
    });
    if (!response.ok) throw new Error(`tickets answered ${response.status} to the chat survey's fallback`);
    return ((await response.json()) as { outcome: 'emailed' | 'none' }).outcome;
  }

  private async offer(workspaceId: string, sessionId: string, method: 'GET' | 'POST', action: string) {
    if (!this.tickets) return null;
    try {
      const path = `surveys/chat/${sessionId}${action ? `/${action}` : ''}`;
      const response = await this.tickets.asItself(workspaceId, path, { method, timeoutMs: TIMEOUT_MS });
      if (!response.ok) throw new Error(`tickets answered ${response.status}`);
      const { survey } = (await response.json()) as { survey: Omit<ChatSurveyOfferedV1, 'at'> | null };
      return survey ? widgetSurvey(survey) : null;
    } catch (error) {
      this.logger.warn({ err: error, workspaceId, sessionId }, 'chat survey not read from tickets');
      return null;
    }
  }
}

const notFound = () => new ChatError('SURVEY_NOT_FOUND', 'no survey to answer in this chat');
