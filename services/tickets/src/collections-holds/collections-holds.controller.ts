import { Body, Controller, Delete, Get, NotFoundException, Param, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { collectionsHoldBody } from '@threadline/contracts';
import { parseOrBadRequest } from '@threadline/service-runtime';
import { commandContext } from '../http/command-context';
import { parseTicketNumber } from '../http/ticket-number.param';
import { CustomerRepository } from '../customers/customer.repository';
import { TicketMissingError } from '../ticket-commands/command-errors';
import type { CommandContext } from '../ticket-commands/command';
import { TicketRepository } from '../tickets/ticket.repository';
import type { TicketDoc } from '../tickets/ticket.schema';
import { HoldCollections, type HoldCommand } from './hold-collections.usecase';

const presentHold = (ticket: TicketDoc) => ({ number: ticket.number, collectionsHold: ticket.collectionsHold ?? null });

/**
 * Holding debt collection for a complaint: set by an agent or a routing rule
 * on a ticket, released by hand or when the ticket is closed; a collections
 * system asks per customer whether any hold stands.
 */
@Controller('internal/v1/workspaces/:workspaceId')
export class CollectionsHoldsController {
  constructor(
    private readonly holds: HoldCollections,
    private readonly tickets: TicketRepository,
    private readonly customers: CustomerRepository,
  ) {}

  @Put('tickets/:number/collections-hold')
  async hold(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: Request) {
    const ctx = commandContext(params.workspaceId, req);
    const { reason } = parseOrBadRequest(collectionsHoldBody, body ?? {});
    return presentHold(await this.holds.hold(command(ctx), await this.ticket(ctx, params), reason));
  }

  @Delete('tickets/:number/collections-hold')
  async release(@Param() params: Record<string, string>, @Req() req: Request) {
    const ctx = commandContext(params.workspaceId, req);
    return presentHold(await this.holds.release(command(ctx), await this.ticket(ctx, params)));
  }

  /** Whether collections may chase this customer: held while any of their tickets holds. */
  @Get('customers/:customerId/collections-hold')
  async ofCustomer(@Param('workspaceId') workspaceId: string, @Param('customerId') customerId: string) {
    const customer = await this.customers.resolve(workspaceId, customerId);
    if (!customer) throw new NotFoundException({ code: 'CUSTOMER_NOT_FOUND', message: `no customer ${customerId}` });
    const holding = (await this.tickets.ofCustomer(workspaceId, customer._id)).filter((t) => t.collectionsHold);
    return {
      customerId: customer._id,
      held: holding.length > 0,
      holds: holding.map((t) => ({ number: t.number, ...t.collectionsHold })),
    };
  }

  private async ticket(ctx: CommandContext, params: Record<string, string>): Promise<TicketDoc> {
    const number = parseTicketNumber(params.number);
    const ticket = await this.tickets.findByNumber(ctx.workspaceId, number);
    if (!ticket) throw new TicketMissingError(`no ticket #${number}`);
    return ticket;
  }
}

function command(ctx: CommandContext): HoldCommand {
  return { workspaceId: ctx.workspaceId, actor: { kind: 'agent', id: ctx.actor.agentId }, commandId: ctx.commandId };
}
