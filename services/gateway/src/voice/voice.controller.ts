import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';
import {
  takeNextCallerBody,
  voicePresenceBody,
  voiceBoardAnswer,
  nextCallerAnswer,
  voiceClientTokenAnswer,
  voicePresenceAnswer,
  acceptCallOfferBody,
  acceptedCallAnswer,
  callOfferAnswer,
} from '@threadline/contracts';

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

  @ApiRoute({
    tag: 'voice',
    summary: 'Live call queues: callers waiting and the longest wait per queue, agents available / on a call / away',
    forwardedTo: 'channel-voice',
    success: {
      status: 200,
      description: '{queues: [{queue, waiting, longestWaitSeconds, maxWaitSeconds}], agents: {available, onCall, away}, at}',
      schema: voiceBoardAnswer,
    },
  })
  @Get('queues')
  async queues(@CurrentAgent() agent: AgentPrincipal) {
    return this.call(agent, 'voice/queues');
  }

  @ApiRoute({
    tag: 'voice',
    summary: "Take the longest-waiting caller of a queue: Twilio dials the agent's phone (body or presence) or Twilio Client",
    body: takeNextCallerBody,
    forwardedTo: 'channel-voice',
    success: {
      status: 200,
      description: '{call: {callSid, from, queue, waitSeconds, connectTo} | null when nobody waits}',
      schema: nextCallerAnswer,
    },
    errors: {
      404: 'no such call queue (UNKNOWN_QUEUE)',
      503: 'channel-voice unreachable, or Twilio did not take the transfer (the caller keeps waiting)',
    },
  })
  @Post('queues/:queue/next')
  @HttpCode(200)
  async next(@CurrentAgent() agent: AgentPrincipal, @Param('queue') queue: string, @Body() body: unknown) {
    return this.call(agent, `voice/queues/${encodeURIComponent(queue)}/next`, { method: 'POST', body: body ?? {} });
  }

  /** The waiting caller routing offers the agent now (null: none), to accept or decline before `expiresAt`. */
  @ApiRoute({
    tag: 'voice',
    summary:
      'The waiting caller routing offers you now (the next free agent of the call queue), to accept or decline before expiresAt',
    roles: ['agent', 'supervisor', 'admin'],
    forwardedTo: 'channel-voice',
    success: {
      status: 200,
      description: '{offer: {offerId, callSid, from, queue, waitSeconds, offeredAt, expiresAt} | null}',
      schema: callOfferAnswer,
    },
  })
  @Get('offer')
  async offer(@CurrentAgent() agent: AgentPrincipal) {
    return this.call(agent, 'voice/offer');
  }

  /** Accept the offer: Twilio dials the agent (as taking the next caller does, but exactly that caller). */
  @ApiRoute({
    tag: 'voice',
    summary: 'Accept the caller offered to you: Twilio dials your phone (body or presence) or Twilio Client',
    roles: ['agent', 'supervisor', 'admin'],
    body: acceptCallOfferBody,
    forwardedTo: 'channel-voice',
    success: { status: 200, description: '{call: {callSid, from, queue, waitSeconds, connectTo}}', schema: acceptedCallAnswer },
    errors: {
      404: 'no caller is offered to you (NO_OFFER)',
      410: 'the offer expired or ended (OFFER_ENDED), or the caller hung up or was taken (CALLER_GONE)',
      503: 'channel-voice unreachable, or Twilio did not take the transfer (the caller keeps waiting)',
    },
  })
  @Post('offer/accept')
  @HttpCode(200)
  async acceptOffer(@CurrentAgent() agent: AgentPrincipal, @Body() body: unknown) {
    return this.call(agent, 'voice/offer/accept', { method: 'POST', body: body ?? {} });
  }

  /** Decline the offer: the caller is offered to the next free agent. */
  @ApiRoute({
    tag: 'voice',
    summary: 'Decline the caller offered to you: routing offers them to the next free agent',
    roles: ['agent', 'supervisor', 'admin'],
    forwardedTo: 'channel-voice',
    success: { status: 204, description: 'declined' },
    errors: { 404: 'no caller is offered to you (NO_OFFER)', 410: 'the offer expired or ended (OFFER_ENDED)' },
  })
  @Post('offer/decline')
  @HttpCode(204)
  async declineOffer(@CurrentAgent() agent: AgentPrincipal) {
    await this.call(agent, 'voice/offer/decline', { method: 'POST', body: {} });
  }

  /** A Twilio Client token for the agent's browser, which then rings when they take a caller without a phone. */
  @ApiRoute({
    tag: 'voice',
    summary: "A Twilio Client (Voice SDK) access token for the agent's browser: identity = agent id, incoming calls allowed",
    forwardedTo: 'channel-voice',
    success: { status: 200, description: '{token, identity, expiresAt}', schema: voiceClientTokenAnswer },
    errors: { 503: 'no Twilio API key configured (CLIENT_NOT_CONFIGURED), or channel-voice unreachable' },
  })
  @Post('client-token')
  @HttpCode(200)
  async clientToken(@CurrentAgent() agent: AgentPrincipal) {
    return this.call(agent, 'voice/client-token', { method: 'POST', body: {} });
  }

  @ApiRoute({
    tag: 'voice',
    summary: "The agent's own phone presence (available or away) and the phone taken calls ring",
    body: voicePresenceBody,
    forwardedTo: 'channel-voice',
    success: { status: 200, description: '{agentId, status, phone, onCall, updatedAt}', schema: voicePresenceAnswer },
  })
  @Put('presence')
  async presence(@CurrentAgent() agent: AgentPrincipal, @Body() body: unknown) {
    return this.call(agent, 'voice/presence', { method: 'PUT', body });
  }

  private call(agent: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.voice, this.config, agent, path, request);
  }
}
