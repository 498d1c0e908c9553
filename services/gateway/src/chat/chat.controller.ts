import { Body, Controller, HttpCode, Inject, Param, Post, Put, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { chatPresenceBody, chatReadBody } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import { CONFIG, parseOrBadRequest, PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { ChatSessions } from './chat-sessions';

const ticketParams = z.object({ number: z.coerce.number().int().positive() });
const ticketNumber = (number: string) => parseOrBadRequest(ticketParams, { number }).number;

/** A screen sends typing every ~2 s while the agent writes; closer than this per agent and ticket is dropped. */
const TYPING_MIN_INTERVAL_MS = 1500;

/**
 * The agent's side of the web chat's live signals: typing and read marks on a
 * ticket's chat, and whether the agent answers chats at all. Each is a
 * `chat.signals.v1` event; channel-social pushes it to the visitor's socket
 * on whichever instance holds it, and keeps read marks and presence.
 */
@Controller('api/v1')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class ChatController {
  private readonly lastTyping = new Map<string, number>();

  constructor(
    private readonly sessions: ChatSessions,
    private readonly publisher: EventPublisher,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post('tickets/:number/typing')
  @HttpCode(202)
  async typing(@CurrentAgent() agent: AgentPrincipal, @Param('number') param: string) {
    const number = ticketNumber(param);
    const { sessionId } = await this.sessions.latestLine(agent, number);
    const now = Date.now();
    const key = `${agent.workspaceId}:${agent.agentId}:${number}`;
    if (now - (this.lastTyping.get(key) ?? 0) >= TYPING_MIN_INTERVAL_MS) {
      this.rememberTyping(key, now);
      await this.publisher.publish('chat.typing.v1', {
        workspaceId: agent.workspaceId,
        key: sessionId,
        payload: { sessionId, from: 'agent', agentId: agent.agentId, number, at: new Date(now).toISOString() },
      });
    }
    return { number, typing: true };
  }

  @Post('tickets/:number/read')
  @HttpCode(202)
  async read(@CurrentAgent() agent: AgentPrincipal, @Param('number') param: string, @Body() body: unknown) {
    const number = ticketNumber(param);
    const { messageId } = parseOrBadRequest(chatReadBody, body ?? {});
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
    return { number, readUpTo: line.messageId };
  }

  @Put('chat/presence')
  async presence(@CurrentAgent() agent: AgentPrincipal, @Body() body: unknown) {
    const { status } = parseOrBadRequest(chatPresenceBody, body);
    const now = new Date();
    const expiresAt =
      status === 'available' ? new Date(now.getTime() + this.config.CHAT_PRESENCE_TTL_SECONDS * 1000).toISOString() : null;
    await this.publisher.publish('chat.presence.v1', {
      workspaceId: agent.workspaceId,
      key: agent.agentId,
      payload: { agentId: agent.agentId, status, expiresAt, at: now.toISOString() },
    });
    return { agentId: agent.agentId, status, expiresAt };
  }

  private rememberTyping(key: string, now: number): void {
    // Forget agents who stopped typing, so the map stays small.
    if (this.lastTyping.size > 1000) {
      for (const [k, at] of this.lastTyping) if (now - at > TYPING_MIN_INTERVAL_MS) this.lastTyping.delete(k);
    }
    this.lastTyping.set(key, now);
  }
}
