import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { callSid, callAnswer, callNoteAnswer } from '@threadline/contracts';
import { parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
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

  @ApiRoute({
    tag: 'voice',
    summary: 'Which ticket a call is on (a call reaches its ticket when it ends; after a merge, the surviving ticket)',
    forwardedTo: 'tickets',
    success: { status: 200, description: '{callSid, entryId, ticketNumber}', schema: callAnswer },
    errors: { 404: 'no ticket has this call, or not yet (CALL_NOT_FOUND)' },
  })
  @Get(':callSid')
  ticketOf(@CurrentAgent() agent: AgentPrincipal, @Param('callSid') sid: string) {
    return this.tickets.get(agent, `calls/${encodeURIComponent(sid)}`);
  }

  @ApiRoute({
    tag: 'voice',
    summary: "The agent's call note: an internal note on the call's ticket, linked to the call (aboutCall)",
    body: callNoteBody,
    idempotent: true,
    forwardedTo: 'tickets',
    success: { status: 201, description: '{ticketNumber, note}', schema: callNoteAnswer },
    errors: { 404: 'no ticket has this call, or not yet (CALL_NOT_FOUND)' },
  })
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
