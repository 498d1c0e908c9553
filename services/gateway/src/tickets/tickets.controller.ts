import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { callSid } from '@threadline/contracts';
import { parseOrBadRequest, PublicRoute } from '@threadline/service-runtime';
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
  @Get('today')
  today(@CurrentAgent() agent: AgentPrincipal, @Query('limit') limit?: string) {
    return this.tickets.get(agent, 'today', { agentId: agent.agentId, ...(limit ? { limit } : {}) });
  }

  @Get(':number')
  async detail(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('number') number: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const answer = await this.tickets.call(agent, `tickets/${encodeURIComponent(number)}`);
    return withEtag(res, { ...answer, etag: `"${(answer.body as { version: number }).version}"` });
  }

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
