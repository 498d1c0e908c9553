import type { EventPublisher } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import type { ChatSettings } from '../config';
import type { SocialMetrics } from '../social-metrics';
import { chatContactEventId, chatSessionId, chatToContact, visitorKeyOf } from './chat-identity';
import type { ChatNotice, ChatNotices } from './chat-notices';
import type { ChatPresence } from './chat-presence';
import type { ChatLine, HelloFrame, MessageFrame, ReadMarks } from './chat-protocol';
import type { ChatSessionDoc, ChatStoreRepository } from './chat-store.repository';
import type { VisitorSurveys, WidgetSurvey } from './visitor-surveys';

/** A visitor's connection after hello: who they are and which session they are in. */
export interface ChatVisit {
  workspaceId: string;
  visitorKey: string;
  generation: number;
  sessionId: string;
  name: string | null;
  email: string | null;
}

export class ChatError extends Error {
  constructor(
    readonly code:
      | 'UNKNOWN_WORKSPACE'
      | 'EMAIL_REQUIRED'
      | 'SESSION_CLOSED'
      | 'SURVEY_NOT_FOUND'
      | 'SURVEY_ALREADY_ANSWERED'
      | 'SURVEY_SCORE_OUT_OF_RANGE'
      | 'SURVEY_NOT_SAVED',
    message: string,
  ) {
    super(message);
    this.name = 'ChatError';
  }
}

export type VisitorMessageOutcome = 'published' | 'duplicate';

/** The visitor's side of a chat: joining (with the history), writing, closing. */
export class ChatConversations {
  constructor(
    private readonly settings: ChatSettings,
    private readonly store: ChatStoreRepository,
    private readonly presence: ChatPresence,
    private readonly notices: ChatNotices,
    private readonly surveys: VisitorSurveys,
    private readonly publisher: EventPublisher,
    private readonly metrics: SocialMetrics,
    private readonly logger: Logger,
  ) {}

  /**
   * Joins the visitor's current session (the same one on every tab and instance): its history, who read what, whether
   * agents answer now, and a survey the widget missed while it was shut (asked only of a visitor who has a chat).
   */
  async join(hello: HelloFrame): Promise<{
    visit: ChatVisit;
    history: ChatLine[];
    read: ReadMarks;
    online: boolean;
    notice: ChatNotice | null;
    survey: WidgetSurvey | null;
  }> {
    if (!this.settings.workspaces.includes(hello.workspace))
      throw new ChatError('UNKNOWN_WORKSPACE', 'this workspace has no web chat');
    const visitorKey = visitorKeyOf(hello.visitorId);
    const generation = await this.store.generationOf(hello.workspace, visitorKey);
    const sessionId = chatSessionId(hello.workspace, visitorKey, generation);
    const session = await this.store.findSession(sessionId);
    const visit: ChatVisit = {
      workspaceId: hello.workspace,
      visitorKey,
      generation,
      sessionId,
      name: hello.name ?? session?.name ?? null,
      email: hello.email ?? session?.email ?? null,
    };
    const [history, online, notice, survey] = await Promise.all([
      session ? this.store.history(sessionId) : Promise.resolve([]),
      this.presence.online(hello.workspace),
      this.notices.of(hello.workspace),
      session?.status === 'open' ? this.surveys.pending(hello.workspace, sessionId) : Promise.resolve(null),
    ]);
    const read = history.length > 0 ? await this.store.readMarksOf(sessionId, history) : { visitor: null, agent: null };
    return { visit, history, read, online, notice, survey };
  }

  /**
   * A visitor's message: contact.received.v1 acknowledged by Kafka first, then
   * the transcript; only then does the widget get its ack. A resent message
   * (same id, after a lost ack) is acknowledged without publishing again.
   */
  async receive(visit: ChatVisit, frame: MessageFrame, now = new Date()): Promise<VisitorMessageOutcome> {
    visit.name = frame.name ?? visit.name;
    visit.email = frame.email ?? visit.email;
    const live = await this.presence.online(visit.workspaceId, now);
    if (!live && !visit.email) throw new ChatError('EMAIL_REQUIRED', 'nobody is online: leave an e-mail for the answer');
    if (await this.store.wasRecorded(visit.sessionId, frame.id)) return this.count('duplicate');
    const session = await this.sessionFor(visit, now);
    if (session.status === 'closed') throw new ChatError('SESSION_CLOSED', 'this chat was closed');
    const message = {
      workspaceId: visit.workspaceId,
      visitorKey: visit.visitorKey,
      sessionId: visit.sessionId,
      messageId: frame.id,
      text: frame.text,
      name: visit.name,
      email: visit.email,
      live,
      receivedAt: now,
    };
    await this.publisher.publish('contact.received.v1', {
      id: chatContactEventId(message),
      workspaceId: visit.workspaceId,
      key: `chat:${visit.visitorKey}`,
      payload: chatToContact(message),
    });
    await this.store.appendOnce(visit.sessionId, { id: frame.id, from: 'visitor', text: frame.text, at: now.toISOString() });
    this.logger.info({ workspaceId: visit.workspaceId, sessionId: visit.sessionId, live }, 'chat message received');
    return this.count('published');
  }

  /**
   * The visitor ended the chat: the session closes, the ticket keeps the conversation; the next message starts anew.
   * The survey for the end screen, when the workspace asks one and this chat's was not answered.
   */
  async close(visit: ChatVisit, now = new Date()): Promise<WidgetSurvey | null> {
    const session = await this.store.findSession(visit.sessionId);
    if (!session || session.status === 'closed') return null;
    await this.store.closeSession(session, visit.generation, now);
    this.logger.info({ workspaceId: visit.workspaceId, sessionId: visit.sessionId }, 'chat closed by the visitor');
    return this.surveys.atChatEnd(visit);
  }

  private async sessionFor(visit: ChatVisit, now: Date): Promise<ChatSessionDoc> {
    const existing = await this.store.findSession(visit.sessionId);
    if (existing) {
      await this.store.rememberContact(visit.sessionId, { name: visit.name, email: visit.email });
      return existing;
    }
    return this.store.openSession({
      _id: visit.sessionId,
      workspaceId: visit.workspaceId,
      visitorKey: visit.visitorKey,
      name: visit.name,
      email: visit.email,
      openedAt: now,
    });
  }

  private count(outcome: VisitorMessageOutcome): VisitorMessageOutcome {
    this.metrics.received.inc({ channel: 'chat', outcome });
    return outcome;
  }
}
