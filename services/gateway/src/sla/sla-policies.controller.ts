import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';

/** Admins' SLA policies and business calendar; owned, validated and audited by the sla service. */
@Controller('api/v1/sla')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class SlaPoliciesController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @Get('policies')
  list(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'sla/policies');
  }

  @Post('policies')
  add(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'sla/policies', { method: 'POST', body: body ?? {} });
  }

  @Get('policies/:id')
  get(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string) {
    return this.call(admin, `sla/policies/${encodeURIComponent(id)}`);
  }

  @Put('policies/:id')
  replace(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string, @Body() body: unknown) {
    return this.call(admin, `sla/policies/${encodeURIComponent(id)}`, { method: 'PUT', body: body ?? {} });
  }

  @Delete('policies/:id')
  @HttpCode(204)
  async remove(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string): Promise<void> {
    await this.call(admin, `sla/policies/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  @Get('calendar')
  calendar(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'sla/calendar');
  }

  @Put('calendar')
  setCalendar(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'sla/calendar', { method: 'PUT', body: body ?? {} });
  }

  private call(admin: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.sla, this.config, admin, path, request);
  }
}
