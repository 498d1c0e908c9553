import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { parseOrBadRequest } from '@threadline/service-runtime';
import { CustomerRepository } from '../customers/customer.repository';
import { TicketRepository } from '../tickets/ticket.repository';
import { TICKET_STATUSES } from '../tickets/ticket.schema';

const listQuery = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  customerId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

/**
 * Read side for the gateway. Internal: reachable only inside the platform's
 * network; the gateway authenticates the agent and passes their workspace.
 */
@Controller('internal/v1/workspaces/:workspaceId')
export class TicketQueriesController {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly customers: CustomerRepository,
  ) {}

  @Get('tickets')
  async list(@Param('workspaceId') workspaceId: string, @Query() query: unknown) {
    const { status, customerId, limit, before } = parseOrBadRequest(listQuery, query);
    const tickets = await this.tickets.list(workspaceId, { status, customerId, limit, beforeNumber: before });
    const customers = await this.customers.findByIds(workspaceId, [...new Set(tickets.map((t) => t.customerId))]);
    const byId = new Map(customers.map((c) => [c._id, c]));
    const last = tickets.at(-1);
    return {
      items: tickets.map((t) => ({ ...presentTicket(t), customer: presentCustomer(byId.get(t.customerId)) })),
      nextBefore: tickets.length === limit && last ? last.number : null,
    };
  }

  @Get('tickets/:number')
  async detail(@Param('workspaceId') workspaceId: string, @Param('number') numberParam: string) {
    const number = parseOrBadRequest(z.coerce.number().int().positive(), numberParam);
    const ticket = await this.tickets.findByNumber(workspaceId, number);
    if (!ticket) throw new NotFoundException({ code: 'TICKET_NOT_FOUND', message: `no ticket #${number}` });
    const [customer, timeline] = await Promise.all([
      this.customers.findById(workspaceId, ticket.customerId),
      this.tickets.timelineOf(workspaceId, ticket._id),
    ]);
    return {
      ...presentTicket(ticket),
      customer: presentCustomer(customer ?? undefined),
      timeline: timeline.map(({ _id, workspaceId: _ws, ...entry }) => ({ id: _id, ...entry })),
    };
  }
}

function presentTicket({ _id, workspaceId: _ws, ...ticket }: import('../tickets/ticket.schema').TicketDoc) {
  return { id: _id, ...ticket };
}

function presentCustomer(customer: import('../customers/customer.schema').CustomerDoc | undefined) {
  if (!customer) return null;
  return { id: customer._id, name: customer.name, identities: customer.identities };
}
