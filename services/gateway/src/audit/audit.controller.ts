import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { auditTrailParams, auditPageAnswer } from '@threadline/contracts';
import { AuditLog } from '@threadline/persistence';
import { CONFIG, parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callOptionalOwner, OPTIONAL_OWNERS } from '../internal/internal-service';
import { TicketsClient } from '../tickets/tickets-client';

// Shared with the tickets service, which answers the same query for its own entries.
export const auditQuery = auditTrailParams;

interface AuditItem {
  at: string | Date;
  [field: string]: unknown;
}

/**
 * The audit trail for admins: every agent action, newest first. Each service
 * records what it applies (tickets: ticket and customer changes; gateway:
 * agent management; routing, when the gateway knows it: rule changes; sla: policies and calendar, when SLA_URL is set); this
 * merges them in time order.
 */
@Controller('api/v1/audit')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
@Roles('admin')
export class AuditController {
  constructor(
    private readonly audit: AuditLog,
    private readonly tickets: TicketsClient,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  @ApiRoute({
    tag: 'audit',
    summary: 'Audit trail: every agent action, who, what, when, before → after (newest first)',
    query: auditQuery,
    forwardedTo: 'tickets',
    success: { status: 200, description: '{items, nextBefore}', schema: auditPageAnswer },
  })
  @Get()
  async list(@CurrentAgent() admin: AgentPrincipal, @Query() query: unknown) {
    const params = parseOrBadRequest(auditQuery, query);
    const forward: Record<string, string> = { limit: String(params.limit) };
    for (const name of ['entityType', 'entityId', 'actorId', 'before'] as const)
      if (params[name]) forward[name] = String(params[name]);
    // The optional owners keep their own audit trails; one that is not configured has none.
    const ownerAudit = (owner: 'routing' | 'sla', path: string, configured: string | undefined) =>
      configured
        ? (callOptionalOwner(OPTIONAL_OWNERS[owner], this.config, admin, path, { query: forward }) as Promise<{
            items: AuditItem[];
          }>)
        : Promise.resolve({ items: [] as AuditItem[] });
    const [ours, theirs, routing, sla] = await Promise.all([
      this.audit.query(admin.workspaceId, { ...params, before: params.before ? new Date(params.before) : undefined }),
      this.tickets.get(admin, 'audit', forward) as Promise<{ items: AuditItem[] }>,
      ownerAudit('routing', 'audit', this.config.ROUTING_URL),
      ownerAudit('sla', 'sla/audit', this.config.SLA_URL),
    ]);
    const items = [
      ...ours.map(({ _id, workspaceId: _ws, ...entry }) => ({ id: _id, ...entry })),
      ...theirs.items,
      ...routing.items,
      ...sla.items,
    ]
      .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())
      .slice(0, params.limit);
    const last = items.at(-1);
    return { items, nextBefore: items.length === params.limit && last ? new Date(last.at).toISOString() : null };
  }
}
