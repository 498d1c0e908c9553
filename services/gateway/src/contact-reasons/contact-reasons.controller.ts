import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { CONFIG, PublicRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS } from '../internal/internal-service';

/**
 * Contact reasons learnt from the office's labels, owned by reporting: the
 * category suggested for a ticket (every agent) and how good the
 * workspace's model is (supervisors and admins).
 */
@Controller('api/v1')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class ContactReasonsController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @Get('tickets/:number/category-suggestion')
  suggestion(@CurrentAgent() agent: AgentPrincipal, @Param('number') number: string) {
    return callOptionalOwner(
      OPTIONAL_OWNERS.reporting,
      this.config,
      agent,
      `contact-reasons/tickets/${encodeURIComponent(number)}/suggestion`,
    );
  }

  @Get('reports/contact-reasons/model')
  @Roles('supervisor', 'admin')
  model(@CurrentAgent() agent: AgentPrincipal) {
    return callOptionalOwner(OPTIONAL_OWNERS.reporting, this.config, agent, 'contact-reasons/model');
  }
}
