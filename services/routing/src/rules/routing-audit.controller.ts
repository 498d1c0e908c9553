import { Controller, Get, Param, Query } from '@nestjs/common';
import { auditTrailParams } from '@threadline/contracts';
import { AuditLog } from '@threadline/persistence';
import { CallerRoles, parseOrBadRequest } from '@threadline/service-runtime';

/** The audit entries of rule changes (internal; the gateway merges them into GET /api/v1/audit). */
@Controller('internal/v1/workspaces/:workspaceId/audit')
@CallerRoles('admin')
export class RoutingAuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  async list(@Param('workspaceId') workspaceId: string, @Query() query: unknown) {
    const { before, ...rest } = parseOrBadRequest(auditTrailParams, query);
    const entries = await this.audit.query(workspaceId, { ...rest, before: before ? new Date(before) : undefined });
    return { items: entries.map(({ _id, workspaceId: _ws, ...entry }) => ({ id: _id, ...entry })) };
  }
}
