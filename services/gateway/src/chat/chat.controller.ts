import { Body, Controller, HttpCode, Inject, Param, Post, Put, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { chatPresenceBody, chatReadBody, ticketSignalAnswer, chatPresenceAnswer } from '@threadline/contracts';
import { EventPublisher } from '@threadline/kafka';
import { CONFIG, parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
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

  @ApiRoute({
    tag: 'chat',
    summary:
      'The agent is writing on the ticket’s web chat: the visitor’s widget shows it for a few seconds (send every ~2 s while typing)',
    success: { status: 202, description: '{number, typing: true}', schema: ticketSignalAnswer },
    errors: { 409: 'the ticket has no web chat (NO_CHAT_SESSION)' },
  })
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

  @ApiRoute({
    tag: 'chat',
    summary: 'The agent has read the visitor’s chat messages up to `messageId` (default: the latest); the widget marks them read',
    body: chatReadBody,
    success: { status: 202, description: '{number, readUpTo: timeline entry id}', schema: ticketSignalAnswer },
    errors: {
      404: 'messageId is not one of the visitor’s chat messages on the ticket (CHAT_MESSAGE_NOT_FOUND)',
      409: 'the ticket has no web chat (NO_CHAT_SESSION)',
    },
  })
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

  @ApiRoute({
    tag: 'chat',
    summary:
      'Whether the agent answers web chats now; `available` lapses after CHAT_PRESENCE_TTL_SECONDS (90) unless renewed. With nobody available the widget takes messages answered by e-mail',
    body: chatPresenceBody,
    success: { status: 200, description: '{agentId, status, expiresAt}', schema: chatPresenceAnswer },
  })
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
