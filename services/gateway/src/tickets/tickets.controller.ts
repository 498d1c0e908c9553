import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import {
  callSid,
  ticketListParams,
  ticketTodayParams,
  updateTicketBody,
  replyBody,
  mergeTicketBody,
  ticketPageAnswer,
  todayAnswer,
  ticketDetailAnswer,
  ticketAnswer,
  timelineEntryAnswer,
  replyAnswer,
} from '@threadline/contracts';
import { parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { AgentDirectory } from '../agents/agent-directory';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { Roles, RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient, type TicketsAnswer } from './tickets-client';

/** Query parameters passed to the tickets service as they are (it validates them); `assignee` is resolved here. */
const LIST_PARAMS = [
  'status',
  'priority',
  'queue',
  'channel',
  'tag',
  'customerId',
  'sla',
  'q',
  'sort',
  'order',
  'limit',
  'cursor',
] as const;
export const noteBody = z.strictObject({
  text: z.string().trim().min(1).max(20_000),
  /** A call note: the call (on this ticket) the note is about. */
  callSid: callSid.optional(),
});
const assigneeBody = z.looseObject({ assigneeId: z.string().min(1).max(100).nullable().optional() });

/**
 * Agent API for tickets: authenticate, resolve what only the gateway knows
 * (me, my team, @mentions), then ask the tickets service, which validates,
 * authorises and applies. If-Match and Idempotency-Key pass through; answers
 * carry the ticket version as ETag.
 */
@Controller('api/v1/tickets')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class TicketsController {
  constructor(
    private readonly tickets: TicketsClient,
    private readonly agents: AgentDirectory,
  ) {}

  @ApiRoute({
    tag: 'tickets',
    summary:
      'List tickets: filters, text search (diacritics ignored), sort, cursor pages. assignee: me, team, none, anyone or agent ids',
    query: ticketListParams,
    queryNotes: {
      assignee: 'comma-separated: me, team (the agents of my teams), none (unassigned), agent ids; or anyone (no filter)',
    },
    forwardedTo: 'tickets',
    success: { status: 200, description: '{items, nextCursor}', schema: ticketPageAnswer },
    errors: { 400: 'a bad filter, or a cursor this API did not issue (INVALID_CURSOR)' },
  })
  @Get()
  async list(@CurrentAgent() agent: AgentPrincipal, @Query() query: Record<string, unknown>) {
    const params: Record<string, string> = {};
    for (const name of LIST_PARAMS) if (typeof query[name] === 'string') params[name] = query[name];
    if (typeof query.assignee === 'string') {
      const ids = await this.agents.assigneeFilter(agent, query.assignee);
      if (ids) params.assignee = ids;
    }
    return this.tickets.get(agent, 'tickets', params);
  }

  /** What needs my action first: urgent and SLA-threatened on top, then priority, then age. */
  @ApiRoute({
    tag: 'tickets',
    summary: 'What needs my action first: urgent and SLA-threatened, then priority, then age',
    query: ticketTodayParams.omit({ agentId: true }),
    forwardedTo: 'tickets',
    success: { status: 200, description: '{items}', schema: todayAnswer },
  })
  @Get('today')
  today(@CurrentAgent() agent: AgentPrincipal, @Query('limit') limit?: string) {
    return this.tickets.get(agent, 'today', { agentId: agent.agentId, ...(limit ? { limit } : {}) });
  }

  @ApiRoute({
    tag: 'tickets',
    summary: 'A ticket with its full timeline, status history and customer',
    versioned: true,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'ticket', schema: ticketDetailAnswer },
  })
  @Get(':number')
  async detail(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('number') number: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const answer = await this.tickets.call(agent, `tickets/${encodeURIComponent(number)}`);
    return withEtag(res, { ...answer, etag: `"${(answer.body as { version: number }).version}"` });
  }

  @ApiRoute({
    tag: 'tickets',
    summary: 'Change status, priority, queue, assignee, tags or category',
    policy:
      'Agents change status, priority, queue, tags and category, take an unassigned ticket (assigneeId "me") or hand back their own; reassigning someone else\'s ticket needs a supervisor or admin (403 FORBIDDEN). An assignee outside the workspace is refused (400).',
    body: updateTicketBody,
    versioned: true,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'the ticket after the change', schema: ticketAnswer },
    errors: { 403: 'the role may not make this assignment (FORBIDDEN)' },
  })
  @Patch(':number')
  async update(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('number') number: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { assigneeId } = parseOrBadRequest(assigneeBody, body);
    const change =
      assigneeId === undefined ? body : { ...(body as object), assigneeId: await this.agents.assignee(agent, assigneeId) };
    return this.command({ agent, number, req, res }, 'PATCH', '', change);
  }

  @ApiRoute({
    tag: 'tickets',
    summary: 'Internal note; @handle mentions (e-mail local part) notify agents',
    body: noteBody,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 201, description: 'the note', schema: timelineEntryAnswer },
    errors: {
      409: 'the ticket was merged into another (TICKET_MERGED)',
      422: 'callSid names no call on this ticket (CALL_NOT_ON_TICKET)',
    },
  })
  @Post(':number/notes')
  async addNote(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('number') number: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { text, callSid: call } = parseOrBadRequest(noteBody, body);
    const mentions = await this.agents.mentionedIn(agent, text);
    return this.command({ agent, number, req, res }, 'POST', '/notes', { text, mentions, ...(call ? { callSid: call } : {}) });
  }

  @ApiRoute({
    tag: 'tickets',
    summary: 'Reply to the customer, by default on the channel they last used (a call is answered by SMS)',
    body: replyBody,
    versioned: true,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 201, description: '{ticket, message}', schema: replyAnswer },
    errors: { 422: 'the customer has no address on that channel (NO_ADDRESS_FOR_CHANNEL)' },
  })
  @Post(':number/replies')
  reply(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('number') number: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command({ agent, number, req, res }, 'POST', '/replies', body);
  }

  @ApiRoute({
    tag: 'tickets',
    summary: 'Merge this ticket into another (history kept, this one closed with a pointer)',
    body: mergeTicketBody,
    versioned: true,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 200, description: 'the target ticket (its version is the ETag)', schema: ticketAnswer },
    errors: { 400: 'invalid input, or a ticket merged into itself (MERGE_INTO_ITSELF)' },
  })
  @Post(':number/merge')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  merge(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('number') number: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.command({ agent, number, req, res }, 'POST', '/merge', body);
  }

  /** Forwards a command on one ticket with the agent's If-Match and Idempotency-Key; the answer's version becomes the ETag. */
  private async command(
    call: { agent: AgentPrincipal; number: string; req: Request; res: Response },
    method: 'POST' | 'PATCH',
    suffix: string,
    body: unknown,
  ): Promise<unknown> {
    const headers = { 'if-match': call.req.header('if-match'), 'idempotency-key': call.req.header('idempotency-key') };
    const answer = await this.tickets.call(call.agent, `tickets/${encodeURIComponent(call.number)}${suffix}`, {
      method,
      body,
      headers,
    });
    return withEtag(call.res, answer);
  }
}

function withEtag(res: Response, answer: TicketsAnswer): unknown {
  if (answer.etag) res.setHeader('ETag', answer.etag);
  return answer.body;
}
