import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';

/**
 * Phone queues for agents: the live queue board, taking the next caller,
 * the agent's own presence. Owned by channel-voice, which does the Twilio
 * side; every role may take calls.
 */
@Controller('api/v1/voice')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class VoiceController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @Get('queues')
  async queues(@CurrentAgent() agent: AgentPrincipal) {
    return this.call(agent, 'voice/queues');
  }

  @Post('queues/:queue/next')
  @HttpCode(200)
  async next(@CurrentAgent() agent: AgentPrincipal, @Param('queue') queue: string, @Body() body: unknown) {
    return this.call(agent, `voice/queues/${encodeURIComponent(queue)}/next`, { method: 'POST', body: body ?? {} });
  }

  /** The waiting caller routing offers the agent now (null: none), to accept or decline before `expiresAt`. */
  @Get('offer')
  async offer(@CurrentAgent() agent: AgentPrincipal) {
    return this.call(agent, 'voice/offer');
  }

  /** Accept the offer: Twilio dials the agent (as taking the next caller does, but exactly that caller). */
  @Post('offer/accept')
  @HttpCode(200)
  async acceptOffer(@CurrentAgent() agent: AgentPrincipal, @Body() body: unknown) {
    return this.call(agent, 'voice/offer/accept', { method: 'POST', body: body ?? {} });
  }

  /** Decline the offer: the caller is offered to the next free agent. */
  @Post('offer/decline')
  @HttpCode(204)
  async declineOffer(@CurrentAgent() agent: AgentPrincipal) {
    await this.call(agent, 'voice/offer/decline', { method: 'POST', body: {} });
  }

  /** A Twilio Client token for the agent's browser, which then rings when they take a caller without a phone. */
  @Post('client-token')
  @HttpCode(200)
  async clientToken(@CurrentAgent() agent: AgentPrincipal) {
    return this.call(agent, 'voice/client-token', { method: 'POST', body: {} });
  }

  @Put('presence')
  async presence(@CurrentAgent() agent: AgentPrincipal, @Body() body: unknown) {
    return this.call(agent, 'voice/presence', { method: 'PUT', body });
  }

  private call(agent: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.voice, this.config, agent, path, request);
  }
}
