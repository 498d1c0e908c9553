import { Inject, Injectable } from '@nestjs/common';
import type { ChatPresenceBody } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import { CONFIG } from '@threadline/service-runtime';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { ChatSessions } from './chat-sessions';

/** A screen sends typing every ~2 s while the agent writes; closer than this per agent and ticket is dropped. */
const TYPING_MIN_INTERVAL_MS = 1500;
/** Past this many agents and tickets typing, those who stopped are forgotten, so the map stays small. */
const TYPING_KEPT = 1000;

/**
 * The agent's side of the web chat's live signals: typing and read marks on a
 * ticket's chat, and whether the agent answers chats at all. Each is a
 * `chat.signals.v1` event; channel-social pushes it to the visitor's socket
 * on whichever instance holds it, and keeps read marks and presence.
 */
@Injectable()
export class ChatSignals {
  private readonly lastTyping = new Map<string, number>();

  constructor(
    private readonly sessions: ChatSessions,
    private readonly publisher: EventPublisher,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async typing(agent: AgentPrincipal, number: number): Promise<void> {
    const { sessionId } = await this.sessions.latestLine(agent, number);
    const now = Date.now();
    const key = `${agent.workspaceId}:${agent.agentId}:${number}`;
    if (now - (this.lastTyping.get(key) ?? 0) < TYPING_MIN_INTERVAL_MS) return;
    this.rememberTyping(key, now);
    await this.publisher.publish('chat.typing.v1', {
      workspaceId: agent.workspaceId,
      key: sessionId,
      payload: { sessionId, from: 'agent', agentId: agent.agentId, number, at: new Date(now).toISOString() },
    });
  }

  /** Marks the visitor's lines read up to `messageId` (default: the latest); answers the timeline entry marked. */
  async read(agent: AgentPrincipal, number: number, messageId: string | undefined): Promise<string> {
    const line = messageId ? await this.sessions.line(agent, number, messageId) : await this.sessions.latestLine(agent, number);
    await this.publisher.publish('chat.read.v1', {
      workspaceId: agent.workspaceId,
      key: line.sessionId,
      payload: {
        sessionId: line.sessionId,
        reader: 'agent',
        lineId: line.lineId,
        agentId: agent.agentId,
        number,
        at: new Date().toISOString(),
      },
    });
    return line.messageId;
  }

  /** `available` lapses after CHAT_PRESENCE_TTL_SECONDS unless renewed; answers when. */
  async presence(agent: AgentPrincipal, status: ChatPresenceBody['status']): Promise<string | null> {
    const now = new Date();
    const expiresAt =
      status === 'available' ? new Date(now.getTime() + this.config.CHAT_PRESENCE_TTL_SECONDS * 1000).toISOString() : null;
    await this.publisher.publish('chat.presence.v1', {
      workspaceId: agent.workspaceId,
      key: agent.agentId,
      payload: { agentId: agent.agentId, status, expiresAt, at: now.toISOString() },
    });
    return expiresAt;
  }

  private rememberTyping(key: string, now: number): void {
    if (this.lastTyping.size > TYPING_KEPT) {
      for (const [k, at] of this.lastTyping) if (now - at > TYPING_MIN_INTERVAL_MS) this.lastTyping.delete(k);
    }
    this.lastTyping.set(key, now);
  }
}
