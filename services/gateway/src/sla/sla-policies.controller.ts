import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';
import {
  slaPolicyBody,
  businessHoursSchema,
  slaPolicyListAnswer,
  slaPolicyAnswer,
  businessCalendarAnswer,
} from '@threadline/contracts';

/** Admins' SLA policies and business calendar; owned, validated and audited by the sla service. */
@Controller('api/v1/sla')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class SlaPoliciesController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @ApiRoute({
    tag: 'sla',
    summary: 'The workspace’s SLA policies in the order they are tried (first match wins; the default one when none matches)',
    forwardedTo: 'sla',
    success: {
      status: 200,
      description: '{items: [{id, name, position, match, targets, time, isDefault, createdAt, updatedAt}]}',
      schema: slaPolicyListAnswer,
    },
    errors: { 503: 'SLA_URL is not set for the gateway (SLA_NOT_CONFIGURED), or the sla service unreachable' },
  })
  @Get('policies')
  list(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'sla/policies');
  }

  @ApiRoute({
    tag: 'sla',
    summary:
      'Add a policy: matched by queues, priorities, channels, categories, customer tiers; targets for first response, next response and resolution in business or calendar minutes',
    body: slaPolicyBody,
    forwardedTo: 'sla',
    success: {
      status: 201,
      description: '{id, name, position, match, targets, time, isDefault, createdAt, updatedAt}',
      schema: slaPolicyAnswer,
    },
  })
  @Post('policies')
  add(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'sla/policies', { method: 'POST', body: body ?? {} });
  }

  @ApiRoute({
    tag: 'sla',
    summary: 'One policy',
    forwardedTo: 'sla',
    success: {
      status: 200,
      description: '{id, name, position, match, targets, time, isDefault, createdAt, updatedAt}',
      schema: slaPolicyAnswer,
    },
    errors: { 404: 'not one of the workspace’s policies (SLA_POLICY_NOT_FOUND)' },
  })
  @Get('policies/:id')
  get(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string) {
    return this.call(admin, `sla/policies/${encodeURIComponent(id)}`);
  }

  @ApiRoute({
    tag: 'sla',
    summary: 'Replace a policy whole; running clocks take it up with their next ticket event',
    body: slaPolicyBody,
    forwardedTo: 'sla',
    success: {
      status: 200,
      description: '{id, name, position, match, targets, time, isDefault, createdAt, updatedAt}',
      schema: slaPolicyAnswer,
    },
    errors: { 404: 'not one of the workspace’s policies (SLA_POLICY_NOT_FOUND)' },
  })
  @Put('policies/:id')
  replace(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string, @Body() body: unknown) {
    return this.call(admin, `sla/policies/${encodeURIComponent(id)}`, { method: 'PUT', body: body ?? {} });
  }

  @ApiRoute({
    tag: 'sla',
    summary: 'Remove a policy',
    forwardedTo: 'sla',
    success: { status: 204, description: 'removed' },
    errors: { 404: 'not one of the workspace’s policies (SLA_POLICY_NOT_FOUND)' },
  })
  @Delete('policies/:id')
  @HttpCode(204)
  async remove(@CurrentAgent() admin: AgentPrincipal, @Param('id') id: string): Promise<void> {
    await this.call(admin, `sla/policies/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  @ApiRoute({
    tag: 'sla',
    summary:
      'The business calendar SLA business time counts in (Mon–Fri 08:00–16:00 Europe/Warsaw, Polish holidays closed, until set)',
    forwardedTo: 'sla',
    success: {
      status: 200,
      description: '{timezone, open: [{days, from, to}], closedOnPolishHolidays, exceptions: [{date, open, name}]}',
      schema: businessCalendarAnswer,
    },
  })
  @Get('calendar')
  calendar(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'sla/calendar');
  }

  @ApiRoute({
    tag: 'sla',
    summary:
      'Set the business calendar: time zone, weekly hours, Polish holidays, office exceptions (a closed day, a shorter Wigilia)',
    body: businessHoursSchema,
    forwardedTo: 'sla',
    success: { status: 200, description: 'the calendar as stored, defaults filled in', schema: businessCalendarAnswer },
  })
  @Put('calendar')
  setCalendar(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'sla/calendar', { method: 'PUT', body: body ?? {} });
  }

  private call(admin: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.sla, this.config, admin, path, request);
  }
}
