import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';

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

  @Get()
  async list(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'voice/numbers');
  }

  @Post()
  async add(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'voice/numbers', { method: 'POST', body: body ?? {} });
  }

  @Patch(':number')
  async change(@CurrentAgent() admin: AgentPrincipal, @Param('number') number: string, @Body() body: unknown) {
    return this.call(admin, `voice/numbers/${encodeURIComponent(number)}`, { method: 'PATCH', body: body ?? {} });
  }

  @Delete(':number')
  @HttpCode(204)
  async remove(@CurrentAgent() admin: AgentPrincipal, @Param('number') number: string): Promise<void> {
    await this.call(admin, `voice/numbers/${encodeURIComponent(number)}`, { method: 'DELETE' });
  }

  private call(admin: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.voice, this.config, admin, path, request);
  }
}
