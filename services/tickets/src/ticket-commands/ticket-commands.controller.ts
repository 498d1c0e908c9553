import { Body, Controller, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseOrBadRequest } from '@threadline/service-runtime';
import { presentTicket, presentTimelineEntry } from '../ticket-queries/presenters';
import type { TicketDoc } from '../tickets/ticket.schema';
import { answering, commandContext } from '../http/command-context';
import { addNoteBody, mergeTicketBody, replyBody, updateTicketBody } from './ticket-command.schemas';
import { TicketCommands } from './ticket-commands.service';

const ticketNumber = z.coerce.number().int().positive();

/** Agent commands on a ticket (internal; the gateway authenticates and forwards). Answers carry the new version as ETag. */
@Controller('internal/v1/workspaces/:workspaceId/tickets/:number')
export class TicketCommandsController {
  constructor(private readonly commands: TicketCommands) {}

  @Patch()
  async update(
    @Param() params: Record<string, string>,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const ctx = commandContext(params.workspaceId, req);
    const number = parseOrBadRequest(ticketNumber, params.number);
    const change = parseOrBadRequest(updateTicketBody, body);
    return withVersion(res, await answering(() => this.commands.update(ctx, number, change)));
  }

  @Post('notes')
  async addNote(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: Request) {
    const ctx = commandContext(params.workspaceId, req);
    const number = parseOrBadRequest(ticketNumber, params.number);
    const note = parseOrBadRequest(addNoteBody, body);
    return presentTimelineEntry(await answering(() => this.commands.addNote(ctx, number, note)));
  }

  @Post('replies')
  async reply(
    @Param() params: Record<string, string>,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const ctx = commandContext(params.workspaceId, req);
    const number = parseOrBadRequest(ticketNumber, params.number);
    const reply = parseOrBadRequest(replyBody, body);
    const result = await answering(() => this.commands.reply(ctx, number, reply));
    res.setHeader('ETag', `"${result.ticket.version}"`);
    return { ticket: presentTicket(result.ticket), message: presentTimelineEntry(result.message) };
  }

  @Post('merge')
  @HttpCode(200)
  async merge(
    @Param() params: Record<string, string>,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const ctx = commandContext(params.workspaceId, req);
    const number = parseOrBadRequest(ticketNumber, params.number);
    const { intoNumber } = parseOrBadRequest(mergeTicketBody, body);
    return withVersion(res, await answering(() => this.commands.merge(ctx, number, intoNumber)));
  }
}

function withVersion(res: Response, ticket: TicketDoc) {
  res.setHeader('ETag', `"${ticket.version}"`);
  return presentTicket(ticket);
}
