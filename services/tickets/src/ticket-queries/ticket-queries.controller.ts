import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { auditTrailParams, callSid, ticketTodayParams } from '@threadline/contracts';
import { AuditLog } from '@threadline/persistence';
import { parseOrBadRequest } from '@threadline/service-runtime';
import { CustomerRepository } from '../customers/customer.repository';
import { nextCursor, ticketListParams, toListQuery } from '../tickets/ticket-list-query';
import { TicketRepository } from '../tickets/ticket.repository';
import { contactEntryId } from '../tickets/timeline-entry.schema';
import { presentCustomer, presentCustomerSummary, presentTicket, presentTimelineEntry, statusHistoryOf } from './presenters';
import { orderForToday } from './today-view';
import { parseTicketNumber } from '../http/ticket-number.param';

const todayParams = ticketTodayParams;
const auditParams = auditTrailParams;
/** How many open tickets the today view orders; an agent's working set, not the archive. */
const TODAY_CANDIDATES = 1000;

/**
 * Read side for the gateway. Internal: reachable only inside the platform's
 * network; the gateway authenticates the agent and passes their workspace.
 */
@Controller('internal/v1/workspaces/:workspaceId')
export class TicketQueriesController {
  constructor(
    private readonly tickets: TicketRepository,
    private readonly customers: CustomerRepository,
    private readonly audit: AuditLog,
  ) {}

  @Get('tickets')
  async list(@Param('workspaceId') workspaceId: string, @Query() query: unknown) {
    const params = parseOrBadRequest(ticketListParams, query);
    const listQuery = toListQuery(params);
    const page = await this.tickets.list(workspaceId, listQuery);
    return { items: await this.withCustomers(workspaceId, page), nextCursor: nextCursor(listQuery, page) };
  }

  /** What needs action first for this agent: theirs and unassigned, new or open. */
  @Get('today')
  async today(@Param('workspaceId') workspaceId: string, @Query() query: unknown) {
    const { agentId, limit } = parseOrBadRequest(todayParams, query);
    const candidates = await this.tickets.actionable(workspaceId, agentId, TODAY_CANDIDATES);
    const ordered = orderForToday(candidates, new Date()).slice(0, limit);
    return { items: await this.withCustomers(workspaceId, ordered) };
  }

  @Get('tickets/:number')
  async detail(@Param('workspaceId') workspaceId: string, @Param('number') numberParam: string) {
    const number = parseTicketNumber(numberParam);
    const ticket = await this.tickets.findByNumber(workspaceId, number);
    if (!ticket) throw new NotFoundException({ code: 'TICKET_NOT_FOUND', message: `no ticket #${number}` });
    const [customer, timeline] = await Promise.all([
      this.customers.resolve(workspaceId, ticket.customerId),
      this.tickets.timelineOf(ticket),
    ]);
    return {
      ...presentTicket(ticket),
      customer: presentCustomerSummary(customer && (await this.customers.withIdentities(customer))),
      statusHistory: statusHistoryOf(ticket, timeline),
      timeline: timeline.map(presentTimelineEntry),
    };
  }

  /** Which ticket a phone call is on (after a merge: the ticket it was merged into), so the agent can add the call note. */
  @Get('calls/:callSid')
  async call(@Param('workspaceId') workspaceId: string, @Param('callSid') sidParam: string) {
    const sid = parseOrBadRequest(callSid, sidParam, 'callSid');
    const entry = await this.tickets.findTimelineEntry(workspaceId, contactEntryId(workspaceId, 'voice', sid));
    const ticket = entry ? await this.tickets.findById(workspaceId, entry.ticketId) : null;
    if (!entry || !ticket) {
      throw new NotFoundException({
        code: 'CALL_NOT_FOUND',
        message: `no ticket has call ${sid}; a call reaches its ticket when it ends`,
      });
    }
    return { callSid: sid, entryId: entry._id, ticketNumber: ticket.mergedInto?.number ?? ticket.number };
  }

  @Get('customers/:customerId')
  async customer(@Param('workspaceId') workspaceId: string, @Param('customerId') customerId: string) {
    const customer = await this.customers.resolve(workspaceId, customerId);
    if (!customer) throw new NotFoundException({ code: 'CUSTOMER_NOT_FOUND', message: `no customer ${customerId}` });
    const [tickets, found] = await Promise.all([
      this.tickets.ofCustomer(workspaceId, customer._id),
      this.customers.withIdentities(customer),
    ]);
    return { ...presentCustomer(found), tickets: tickets.map(presentTicket) };
  }

  /** The audit entries of actions applied by the tickets service (the gateway adds its own). */
  @Get('audit')
  async auditTrail(@Param('workspaceId') workspaceId: string, @Query() query: unknown) {
    const { before, ...rest } = parseOrBadRequest(auditParams, query);
    const entries = await this.audit.query(workspaceId, { ...rest, before: before ? new Date(before) : undefined });
    return { items: entries.map(({ _id, workspaceId: _ws, ...entry }) => ({ id: _id, ...entry })) };
  }

  private async withCustomers(workspaceId: string, tickets: import('../tickets/ticket.schema').TicketDoc[]) {
    const customers = await this.customers.findByIds(workspaceId, [...new Set(tickets.map((t) => t.customerId))]);
    const found = await Promise.all(customers.map((c) => this.customers.withIdentities(c)));
    const byId = new Map(found.map((c) => [c.customer._id, c]));
    return tickets.map((t) => ({ ...presentTicket(t), customer: presentCustomerSummary(byId.get(t.customerId)) }));
  }
}
