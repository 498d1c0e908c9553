import { Body, Controller, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { chatPresenceBody, chatReadBody, ticketSignalAnswer, chatPresenceAnswer } from '@threadline/contracts';
import { parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { ChatSignals } from './chat-signals';

const ticketParams = z.object({ number: z.coerce.number().int().positive() });
const ticketNumber = (number: string) => parseOrBadRequest(ticketParams, { number }).number;

/** The agent's live web-chat signals (typing, read marks, presence): parsed here, sent by `ChatSignals`. */
@Controller('api/v1')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class ChatController {
  constructor(private readonly signals: ChatSignals) {}

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
    await this.signals.typing(agent, number);
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
    return { number, readUpTo: await this.signals.read(agent, number, messageId) };
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
    return { agentId: agent.agentId, status, expiresAt: await this.signals.presence(agent, status) };
  }
}
