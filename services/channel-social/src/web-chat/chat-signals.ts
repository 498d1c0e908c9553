import type { TypedEnvelope } from '@threadline/contracts';
import type { EventPublisher, HandlerOutcome } from '@threadline/kafka';
import type { Logger } from '@threadline/observability';
import type { ChatVisit } from './chat-conversations';
import type { ChatPresence } from './chat-presence';
import type { ChatStoreRepository } from './chat-store.repository';
import type { LiveSockets } from './live-sockets';
import { widgetSurvey, type VisitorSurveys } from './visitor-surveys';

type Signal =
  | TypedEnvelope<'chat.typing.v1'>
  | TypedEnvelope<'chat.read.v1'>
  | TypedEnvelope<'chat.presence.v1'>
  | TypedEnvelope<'chat.survey-offered.v1'>;
const SIGNAL_TYPES = new Set(['chat.typing.v1', 'chat.read.v1', 'chat.presence.v1', 'chat.survey-offered.v1']);
export const isChatSignal = (event: TypedEnvelope): event is Signal => SIGNAL_TYPES.has(event.type);

/** The widget sends one typing frame per ~2 s; more often than this from one socket is a flood, dropped. */
const TYPING_MIN_INTERVAL_MS = 1500;

/** What a socket remembers of its own signals, to drop repeats. */
export interface SignalState {
  lastTypingAt: number;
  lastReadLineId: string | null;
}

/**
 * Typing, read marks, surveys offered and chat presence on `chat.signals.v1`. The visitor's
 * come from the socket and go to the bus (the gateway shows them to agents);
 * the agents' come from the gateway: every instance pushes them to the
 * sockets it holds (`push`), and the durable group keeps what must outlive a
 * reconnect — the agent's read mark — and the agents' presence (`record`).
 */
export class ChatSignals {
  constructor(
    private readonly workspaces: readonly string[],
    private readonly store: ChatStoreRepository,
    private readonly presence: ChatPresence,
    private readonly surveys: VisitorSurveys,
    private readonly live: LiveSockets,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
  ) {}

  async visitorTyping(visit: ChatVisit, state: SignalState, now = new Date()): Promise<void> {
    if (now.getTime() - state.lastTypingAt < TYPING_MIN_INTERVAL_MS) return;
    state.lastTypingAt = now.getTime();
    await this.publisher.publish('chat.typing.v1', {
      workspaceId: visit.workspaceId,
      key: visit.sessionId,
      payload: { sessionId: visit.sessionId, from: 'visitor', agentId: null, number: null, at: now.toISOString() },
    });
  }

  /** The visitor saw the agent's lines up to `lineId`: kept for the next reconnect, told to the agents. */
  async visitorRead(visit: ChatVisit, state: SignalState, lineId: string, now = new Date()): Promise<void> {
    if (state.lastReadLineId === lineId) return;
    await this.store.markRead(visit.sessionId, 'visitor', lineId, now);
    await this.publisher.publish('chat.read.v1', {
      workspaceId: visit.workspaceId,
      key: visit.sessionId,
      payload: { sessionId: visit.sessionId, reader: 'visitor', lineId, agentId: null, number: null, at: now.toISOString() },
    });
    state.lastReadLineId = lineId;
  }

  /** Durable group: once per signal, on whichever instance. */
  async record(event: Signal): Promise<HandlerOutcome> {
    if (!this.workspaces.includes(event.workspaceId)) return 'ignored';
    if (event.type === 'chat.presence.v1') {
      await this.presence.apply(event);
      return 'done';
    }
    if (event.type === 'chat.survey-offered.v1') return this.surveyOfEndedChat(event);
    if (event.type !== 'chat.read.v1') return 'ignored';
    const { sessionId, reader, lineId, at } = event.payload;
    if (reader !== 'agent') return 'ignored';
    const session = await this.store.findSession(sessionId);
    if (!session || session.workspaceId !== event.workspaceId) return 'ignored';
    await this.store.markRead(sessionId, 'agent', lineId, new Date(at));
    return 'done';
  }

  /**
   * A closed ticket's survey for a chat the visitor has ended (or that is gone): no widget will ask it, so tickets
   * falls back to e-mail. An open chat's is shown by the live push, or at the visitor's next hello.
   */
  private async surveyOfEndedChat(event: TypedEnvelope<'chat.survey-offered.v1'>): Promise<HandlerOutcome> {
    const { sessionId } = event.payload;
    const session = await this.store.findSession(sessionId);
    if (session && session.workspaceId === event.workspaceId && session.status === 'open') return 'ignored';
    const outcome = await this.surveys.fallBack(event.workspaceId, sessionId, event.id);
    this.logger.info({ workspaceId: event.workspaceId, sessionId, outcome }, 'chat survey for an ended chat');
    return 'done';
  }

  /** Every instance: the agent's typing and read marks, and the survey of a closed ticket, to the visitor's sockets held here. */
  push(event: Signal): HandlerOutcome {
    if (event.type === 'chat.survey-offered.v1') {
      // A widget shut now gets it at its next hello (tickets keeps it until answered).
      const pushed = this.live.push(event.payload.sessionId, { type: 'survey', survey: widgetSurvey(event.payload) });
      if (pushed > 0) this.logger.info({ sessionId: event.payload.sessionId, sockets: pushed }, 'chat survey pushed');
      return pushed > 0 ? 'done' : 'ignored';
    }
    if (event.type === 'chat.typing.v1') {
      const { sessionId, from } = event.payload;
      if (from !== 'agent') return 'ignored';
      return this.live.push(sessionId, { type: 'typing', from: 'agent' }) > 0 ? 'done' : 'ignored';
    }
    if (event.type === 'chat.read.v1') {
      const { sessionId, reader, lineId } = event.payload;
      if (reader !== 'agent') return 'ignored';
      const pushed = this.live.push(sessionId, { type: 'read', reader: 'agent', lineId });
      if (pushed > 0) this.logger.debug({ sessionId, sockets: pushed }, 'agent read mark pushed');
      return pushed > 0 ? 'done' : 'ignored';
    }
    return 'ignored';
  }
}
