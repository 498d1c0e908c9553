import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { categorySuggestionAnswer, contactReasonModelAnswer } from '@threadline/contracts';
import { ApiRoute, CONFIG, PublicRoute } from '@threadline/service-runtime';
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

  @ApiRoute({
    tag: 'tickets',
    summary:
      'The category the workspace’s classifier suggests for the ticket, from the words it was opened with, with its confidence',
    roles: ['agent', 'supervisor', 'admin'],
    forwardedTo: 'reporting',
    success: {
      status: 200,
      description:
        '{number, suggestion: {category, confidence (0–1), trainedAt, stored} | null, alternatives: [{category, confidence}], labelledAs}',
      schema: categorySuggestionAnswer,
    },
    errors: {
      404: 'the classifier has not seen the ticket (SUGGESTION_NOT_FOUND)',
      503: 'REPORTING_URL is not set for the gateway (REPORTING_NOT_CONFIGURED), or reporting did not answer',
    },
  })
  @Get('tickets/:number/category-suggestion')
  suggestion(@CurrentAgent() agent: AgentPrincipal, @Param('number') number: string) {
    return callOptionalOwner(
      OPTIONAL_OWNERS.reporting,
      this.config,
      agent,
      `contact-reasons/tickets/${encodeURIComponent(number)}/suggestion`,
    );
  }

  @ApiRoute({
    tag: 'reports',
    summary:
      'The contact-reason classifier of the workspace (naive Bayes over the agents’ category labels): labels per category, accuracy on the held-back fifth, when it was trained',
    forwardedTo: 'reporting',
    success: {
      status: 200,
      description:
        '{trained, trainedAt, labels, labelCounts: {category: n}, trainedOn, heldBack, heldBackAccuracy (0–1 or null), definition}',
      schema: contactReasonModelAnswer,
    },
    errors: { 503: 'REPORTING_URL is not set for the gateway (REPORTING_NOT_CONFIGURED), or reporting did not answer' },
  })
  @Get('reports/contact-reasons/model')
  @Roles('supervisor', 'admin')
  model(@CurrentAgent() agent: AgentPrincipal) {
    return callOptionalOwner(OPTIONAL_OWNERS.reporting, this.config, agent, 'contact-reasons/model');
  }
}
