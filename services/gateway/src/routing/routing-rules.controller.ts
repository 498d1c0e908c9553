import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS, type InternalRequest } from '../internal/internal-service';
import {
  ruleBody,
  ruleTestBody,
  ruleChangeBody,
  routingRulesAnswer,
  routingRuleAnswer,
  ruleTestAnswer,
} from '@threadline/contracts';

/**
 * Admins write the workspace's routing rules and try them on a ticket.
 * Owned by the routing service, which validates, versions and audits them;
 * changes apply without a restart.
 */
@Controller('api/v1/routing/rules')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class RoutingRulesController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @ApiRoute({
    tag: 'routing',
    summary: "The workspace's routing rules in the order they run, with the ruleset's version",
    forwardedTo: 'routing',
    success: {
      status: 200,
      description: '{version, items: [{id, version, position, name, enabled, trigger, conditions, actions, stopProcessing}]}',
      schema: routingRulesAnswer,
    },
  })
  @Get()
  async list(@CurrentAgent() admin: AgentPrincipal) {
    return this.call(admin, 'routing/rules');
  }

  @ApiRoute({
    tag: 'routing',
    summary:
      'Add a rule (trigger, conditions, actions; keywords match Polish inflected forms without case or diacritics); applies at once, no restart; audited',
    body: ruleBody,
    forwardedTo: 'routing',
    success: { status: 201, description: 'the rule with its id, version and position', schema: routingRuleAnswer },
  })
  @Post()
  async create(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'routing/rules', { method: 'POST', body });
  }

  @ApiRoute({
    tag: 'routing',
    summary:
      'Run the rules on an existing ticket or a sample: which would fire, in order, and what each would do; changes nothing',
    body: ruleTestBody,
    forwardedTo: 'routing',
    success: {
      status: 200,
      description:
        '{rulesetVersion, trigger, firings: [{ruleId, name, would: [{kind, summary, request}]}], alreadyFired, ticketAfter}',
      schema: ruleTestAnswer,
    },
  })
  @Post('test')
  @HttpCode(200)
  async test(@CurrentAgent() admin: AgentPrincipal, @Body() body: unknown) {
    return this.call(admin, 'routing/rules/test', { method: 'POST', body });
  }

  @ApiRoute({
    tag: 'routing',
    summary: 'One rule',
    forwardedTo: 'routing',
    success: { status: 200, description: 'the rule', schema: routingRuleAnswer },
    errors: { 404: 'no such rule in the workspace (RULE_NOT_FOUND)' },
  })
  @Get(':ruleId')
  async get(@CurrentAgent() admin: AgentPrincipal, @Param('ruleId') ruleId: string) {
    return this.call(admin, `routing/rules/${encodeURIComponent(ruleId)}`);
  }

  @ApiRoute({
    tag: 'routing',
    summary: 'Change a rule or move it in the order (`position`); `version` refuses a change made on a stale copy',
    body: ruleChangeBody,
    forwardedTo: 'routing',
    success: { status: 200, description: 'the rule after the change', schema: routingRuleAnswer },
    errors: { 404: 'no such rule in the workspace (RULE_NOT_FOUND)', 409: 'the rule changed since it was read (STALE_RULE)' },
  })
  @Patch(':ruleId')
  async update(@CurrentAgent() admin: AgentPrincipal, @Param('ruleId') ruleId: string, @Body() body: unknown) {
    return this.call(admin, `routing/rules/${encodeURIComponent(ruleId)}`, { method: 'PATCH', body });
  }

  @ApiRoute({
    tag: 'routing',
    summary: 'Remove a rule',
    forwardedTo: 'routing',
    success: { status: 204, description: 'removed' },
    errors: { 404: 'no such rule in the workspace (RULE_NOT_FOUND)' },
  })
  @Delete(':ruleId')
  @HttpCode(204)
  async remove(@CurrentAgent() admin: AgentPrincipal, @Param('ruleId') ruleId: string): Promise<void> {
    await this.call(admin, `routing/rules/${encodeURIComponent(ruleId)}`, { method: 'DELETE' });
  }

  private call(admin: AgentPrincipal, path: string, request: InternalRequest = {}) {
    return callOptionalOwner(OPTIONAL_OWNERS.routing, this.config, admin, path, request);
  }
}
