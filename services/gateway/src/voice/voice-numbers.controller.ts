import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';
import { voiceNumberBody, voiceNumberChangeBody, voiceNumberListAnswer, voiceNumberAnswer } from '@threadline/contracts';

/**
 * Admins give the workspace its Twilio numbers and how each answers calls
 * (IVR, hours, queues). Owned and validated by channel-voice; changes apply
 * without a restart.
 */
@Controller('api/v1/voice/numbers')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class VoiceNumbersController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @ApiRoute({
    tag: 'voice',
    summary: "The workspace's Twilio numbers (from VOICE_NUMBERS and added here) with their call setup",
    forwardedTo: 'channel-voice',
    success: { status: 200, description: "{items: [{number, source: 'config' | 'api', calls}]}", schema: voiceNumberListAnswer },
  })
  @Get()
  async list(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'voice/numbers');
  }

  @ApiRoute({
    tag: 'voice',
    summary:
      'Give the workspace a Twilio number and how it answers calls (IVR, hours, queues); SMS and calls to it apply at once, no restart',
    body: voiceNumberBody,
    forwardedTo: 'channel-voice',
    success: { status: 201, description: '{number, source, calls}', schema: voiceNumberAnswer },
    errors: { 409: 'the number belongs to another workspace, or is already this one’s (NUMBER_TAKEN)' },
  })
  @Post()
  async add(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'voice/numbers', { method: 'POST', body: body ?? {} });
  }

  @ApiRoute({
    tag: 'voice',
    summary: "Change a number's call setup (null: the default, one queue always open)",
    body: voiceNumberChangeBody,
    forwardedTo: 'channel-voice',
    success: { status: 200, description: '{number, source, calls}', schema: voiceNumberAnswer },
    errors: {
      404: 'not one of the workspace’s numbers (NUMBER_NOT_FOUND)',
      409: 'set in VOICE_NUMBERS, not through the API (NUMBER_CONFIGURED)',
    },
  })
  @Patch(':number')
  async change(@CurrentAgent() admin: AgentPrincipal, @Param('number') number: string, @Body() body: unknown) {
    return this.call(admin, `voice/numbers/${encodeURIComponent(number)}`, { method: 'PATCH', body: body ?? {} });
  }

  @ApiRoute({
    tag: 'voice',
    summary: 'Take a number from the workspace: its SMS and calls are no longer taken in',
    forwardedTo: 'channel-voice',
    success: { status: 204, description: 'removed' },
    errors: {
      404: 'not one of the workspace’s numbers (NUMBER_NOT_FOUND)',
      409: 'set in VOICE_NUMBERS, not through the API (NUMBER_CONFIGURED)',
    },
  })
  @Delete(':number')
  @HttpCode(204)
  async remove(@CurrentAgent() admin: AgentPrincipal, @Param('number') number: string): Promise<void> {
    await this.call(admin, `voice/numbers/${encodeURIComponent(number)}`, { method: 'DELETE' });
  }

  private call(admin: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.voice, this.config, admin, path, request);
  }
}
