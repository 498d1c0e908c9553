import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { auditTrailParams, businessHoursSchema, slaPolicyBody } from '@threadline/contracts';
import { AuditLog } from '@threadline/persistence';
import { CallerRoles, callerOf, parseOrBadRequest } from '@threadline/service-runtime';
import { ManagePolicies, type Admin } from './manage-policies.usecase';
import type { SlaPolicy } from './policy-match';

/** The gateway lets only admins here and vouches for who they are in this header. */

/** SLA policies and the business calendar of a workspace (internal; the gateway's `/api/v1/sla/…`). */
@Controller('internal/v1/workspaces/:workspaceId/sla')
@CallerRoles('admin')
export class SlaPoliciesController {
  constructor(
    private readonly manage: ManagePolicies,
    private readonly audit: AuditLog,
  ) {}

  @Get('policies')
  async list(@Param('workspaceId') workspaceId: string) {
    return { items: (await this.manage.list(workspaceId)).map(present) };
  }

  @Get('policies/:id')
  async get(@Param('workspaceId') workspaceId: string, @Param('id') id: string) {
    return present(await this.manage.get(workspaceId, id));
  }

  @Post('policies')
  async create(@Param('workspaceId') workspaceId: string, @Req() request: Request, @Body() body: unknown) {
    const policy = parseOrBadRequest(slaPolicyBody, body ?? {});
    return present(await this.manage.create(adminOf(workspaceId, request), policy));
  }

  @Put('policies/:id')
  async replace(
    @Param('workspaceId') workspaceId: string,
    @Param('id') id: string,
    @Req() request: Request,
    @Body() body: unknown,
  ) {
    const policy = parseOrBadRequest(slaPolicyBody, body ?? {});
    return present(await this.manage.replace(adminOf(workspaceId, request), id, policy));
  }

  @Delete('policies/:id')
  @HttpCode(204)
  async remove(@Param('workspaceId') workspaceId: string, @Param('id') id: string, @Req() request: Request): Promise<void> {
    await this.manage.remove(adminOf(workspaceId, request), id);
  }

  @Get('calendar')
  calendar(@Param('workspaceId') workspaceId: string) {
    return this.manage.calendar(workspaceId);
  }

  @Put('calendar')
  setCalendar(@Param('workspaceId') workspaceId: string, @Req() request: Request, @Body() body: unknown) {
    const calendar = parseOrBadRequest(businessHoursSchema, body ?? {});
    return this.manage.setCalendar(adminOf(workspaceId, request), calendar);
  }

  /** The audit entries of what the sla service applied (the gateway merges them with the others). */
  @Get('audit')
  async auditTrail(@Param('workspaceId') workspaceId: string, @Query() query: unknown) {
    const { before, ...rest } = parseOrBadRequest(auditTrailParams, query);
    const entries = await this.audit.query(workspaceId, { ...rest, before: before ? new Date(before) : undefined });
    return { items: entries.map(({ _id, workspaceId: _ws, ...entry }) => ({ id: _id, ...entry })) };
  }
}

function adminOf(workspaceId: string, request: Request): Admin {
  return { workspaceId, agentId: callerOf(request).agentId };
}

function present({ workspaceId: _ws, ...policy }: SlaPolicy) {
  return policy;
}
