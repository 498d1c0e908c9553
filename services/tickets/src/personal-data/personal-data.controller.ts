import { Body, Controller, ForbiddenException, Get, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { customerEraseBody } from '@threadline/contracts';
import { callerOf, parseOrBadRequest } from '@threadline/service-runtime';
import { CustomerNotFoundError, EraseCustomer, ErasureForbiddenError } from './erase-customer.usecase';

/** RODO requests about one customer: what an erasure would remove, and the erasure itself. */
@Controller('internal/v1/workspaces/:workspaceId/customers/:customerId/erasure')
export class PersonalDataController {
  constructor(private readonly eraseCustomer: EraseCustomer) {}

  @Get()
  preview(@Param() params: Record<string, string>, @Req() req: Request) {
    return answering(async () => {
      const { agentId, role } = callerOf(req);
      if (role !== 'admin') throw new ErasureForbiddenError(`agent ${agentId} is not an admin`);
      return this.eraseCustomer.preview(params.workspaceId, params.customerId);
    });
  }

  @Post()
  @HttpCode(200)
  erase(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: Request) {
    const { reason } = parseOrBadRequest(customerEraseBody, body);
    const { agentId, role } = callerOf(req);
    return answering(() => this.eraseCustomer.execute(params.workspaceId, params.customerId, { agentId, role }, reason));
  }
}

async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CustomerNotFoundError)
      throw new NotFoundException({ code: 'CUSTOMER_NOT_FOUND', message: `no customer ${error.customerId}` });
    if (error instanceof ErasureForbiddenError) throw new ForbiddenException({ code: 'FORBIDDEN', message: error.message });
    throw error;
  }
}
