import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, NotFoundException, Param, Patch, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { customerMergeBody, customerProfileBody } from '@threadline/contracts';
import { AuditLog, deterministicId, agentActor } from '@threadline/persistence';
import { parseOrBadRequest } from '@threadline/service-runtime';
import { commandContext } from '../http/command-context';
import { presentCustomer } from '../ticket-queries/presenters';
import { authorizeMerge } from '../ticket-commands/ticket-policy';
import { CustomerRepository } from './customer.repository';
import { MergeCustomers } from './merge-customers';

const profileBody = customerProfileBody;
const mergeBody = customerMergeBody;

/** Agents keep the customer profile; supervisors merge two records of one person. */
@Controller('internal/v1/workspaces/:workspaceId/customers/:customerId')
export class CustomerCommandsController {
  constructor(
    private readonly customers: CustomerRepository,
    private readonly mergeCustomers: MergeCustomers,
    private readonly audit: AuditLog,
  ) {}

  @Patch()
  async updateProfile(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: Request) {
    const ctx = commandContext(params.workspaceId, req);
    const change = parseOrBadRequest(profileBody, body);
    const before = await this.existing(ctx.workspaceId, params.customerId);
    const after = await this.customers.updateProfile(ctx.workspaceId, before._id, change);
    if (!after) throw notFound(params.customerId);
    const at = new Date();
    await this.audit.record({
      id: deterministicId(ctx.workspaceId, 'customer-update', before._id, ctx.commandId ?? randomUUID()),
      workspaceId: ctx.workspaceId,
      at,
      actor: agentActor(ctx.actor.agentId),
      action: 'customer.update',
      entity: { type: 'customer', id: before._id, label: before.name },
      before: Object.fromEntries(Object.keys(change).map((k) => [k, before[k as keyof typeof change] ?? null])),
      after: change,
      commandId: ctx.commandId,
    });
    return presentCustomer(await this.customers.withIdentities(after));
  }

  /** Merges the customer in the body into the one in the path (the older record survives either way). */
  @Post('merge')
  @HttpCode(200)
  async merge(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: Request) {
    const ctx = commandContext(params.workspaceId, req);
    const { customerId: otherId } = parseOrBadRequest(mergeBody, body);
    authorizeMerge(ctx.actor);
    const [one, other] = await Promise.all([
      this.existing(ctx.workspaceId, params.customerId),
      this.existing(ctx.workspaceId, otherId),
    ]);
    if (one._id === other._id) return presentCustomer(await this.customers.withIdentities(one));
    const [survivor, merged] = MergeCustomers.survivorOf(one, other);
    const result = await this.mergeCustomers.execute(survivor, merged, 'agent', { kind: 'agent', id: ctx.actor.agentId });
    return presentCustomer(await this.customers.withIdentities(result));
  }

  private async existing(workspaceId: string, customerId: string) {
    const customer = await this.customers.resolve(workspaceId, customerId);
    if (!customer) throw notFound(customerId);
    return customer;
  }
}

function notFound(customerId: string) {
  return new NotFoundException({ code: 'CUSTOMER_NOT_FOUND', message: `no customer ${customerId}` });
}
