import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { callSid } from '@threadline/contracts';
import { parseOrBadRequest, PublicRoute } from '@threadline/service-runtime';
import { AgentDirectory } from '../agents/agent-directory';
import { AgentAuthGuard, CurrentAgent } from '../auth/agent-auth.guard';
import { RolesGuard } from '../auth/roles.guard';
import type { AgentPrincipal } from '../auth/token.service';
import { TicketsClient } from './tickets-client';

export const callNoteBody = z.strictObject({ text: z.string().trim().min(1).max(20_000) });

/**
 * After a call the agent knows its CallSid (from taking the caller), not yet
 * its ticket: these find the ticket the call landed on and put the agent's
 * call note there, linked to the call's timeline entry.
 */
@Controller('api/v1/calls')
@PublicRoute({ guard: 'token' })
@UseGuards(AgentAuthGuard, RolesGuard)
export class CallNotesController {
  constructor(
    private readonly tickets: TicketsClient,
    private readonly agents: AgentDirectory,
  ) {}

  @Get(':callSid')
  ticketOf(@CurrentAgent() agent: AgentPrincipal, @Param('callSid') sid: string) {
    return this.tickets.get(agent, `calls/${encodeURIComponent(sid)}`);
  }

  @Post(':callSid/notes')
  async addNote(
    @CurrentAgent() agent: AgentPrincipal,
    @Param('callSid') sidParam: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const sid = parseOrBadRequest(callSid, sidParam, 'callSid');
    const { text } = parseOrBadRequest(callNoteBody, body);
    const { ticketNumber } = (await this.tickets.get(agent, `calls/${sid}`)) as { ticketNumber: number };
    const mentions = await this.agents.mentionedIn(agent, text);
    const answer = await this.tickets.call(agent, `tickets/${ticketNumber}/notes`, {
      method: 'POST',
      body: { text, mentions, callSid: sid },
      headers: { 'idempotency-key': req.header('idempotency-key') },
    });
    if (answer.etag) res.setHeader('ETag', answer.etag);
    return { ticketNumber, note: answer.body };
  }
}
