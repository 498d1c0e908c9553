import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { customerEraseBody } from '@threadline/contracts';
import { callerOf, parseOrBadRequest } from '@threadline/service-runtime';
import { EraseCustomer, authorizeErasure } from './erase-customer.usecase';

/** RODO Art. 17 about one customer: what an erasure would remove, and the erasure itself. */
@Controller('internal/v1/workspaces/:workspaceId/customers/:customerId/erasure')
export class PersonalDataController {
  constructor(private readonly eraseCustomer: EraseCustomer) {}

  @Get()
  preview(@Param() params: Record<string, string>, @Req() req: Request) {
    authorizeErasure(callerOf(req));
    return this.eraseCustomer.preview(params.workspaceId, params.customerId);
  }

  @Post()
  @HttpCode(200)
  erase(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: Request) {
    const { reason } = parseOrBadRequest(customerEraseBody, body);
    const { agentId, role } = callerOf(req);
    return this.eraseCustomer.execute(params.workspaceId, params.customerId, { agentId, role }, reason);
  }
}
