import { Body, Controller, HttpCode, Param, Patch, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseOrBadRequest } from '@threadline/service-runtime';
import { commandContext } from '../http/command-context';
import { presentTicket, presentTimelineEntry } from '../ticket-queries/presenters';
import type { TicketDoc } from '../tickets/ticket.schema';
import { automaticMessageBody } from '@threadline/contracts';
import { SendAutomaticMessage } from './send-automatic-message.usecase';
import { addNoteBody, mergeTicketBody, replyBody, updateTicketBody } from './ticket-command.schemas';
import { AddNote } from './add-note.usecase';
import { MergeTickets } from './merge-tickets.usecase';
import { ReplyToCustomer } from './reply-to-customer.usecase';
import { UpdateTicket } from './update-ticket.usecase';
import { parseTicketNumber } from '../http/ticket-number.param';

/** Who acts, on which ticket, with what: everything checked before a command runs. */
function commandInput<T extends z.ZodType>(params: Record<string, string>, req: Request, schema: T, body: unknown) {
  return {
    ctx: commandContext(params.workspaceId, req),
    number: parseTicketNumber(params.number),
    input: parseOrBadRequest(schema, body) as z.infer<T>,
  };
}

/** Agent commands on a ticket (internal; the gateway authenticates and forwards). Answers carry the new version as ETag. */
@Controller('internal/v1/workspaces/:workspaceId/tickets/:number')
export class TicketCommandsController {
  constructor(
    private readonly updateTicket: UpdateTicket,
    private readonly addNotes: AddNote,
    private readonly replies: ReplyToCustomer,
    private readonly merges: MergeTickets,
    private readonly automaticMessages: SendAutomaticMessage,
  ) {}

  @Patch()
  async update(
    @Param() params: Record<string, string>,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { ctx, number, input } = commandInput(params, req, updateTicketBody, body);
    return withVersion(res, await this.updateTicket.execute(ctx, number, input));
  }

  @Post('notes')
  async addNote(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: Request) {
    const { ctx, number, input } = commandInput(params, req, addNoteBody, body);
    return presentTimelineEntry(await this.addNotes.execute(ctx, number, input));
  }

  @Post('replies')
  async reply(
    @Param() params: Record<string, string>,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { ctx, number, input } = commandInput(params, req, replyBody, body);
    const result = await this.replies.execute(ctx, number, input);
    return { ticket: withVersion(res, result.ticket), message: presentTimelineEntry(result.message) };
  }

  /** A message the platform sends on its own (a routing rule's template): not the first response, status unchanged. */
  @Post('automatic-messages')
  async automaticMessage(@Param() params: Record<string, string>, @Body() body: unknown, @Req() req: Request) {
    const { ctx, number, input } = commandInput(params, req, automaticMessageBody, body);
    return presentTimelineEntry(await this.automaticMessages.execute(ctx, number, input));
  }

  @Post('merge')
  @HttpCode(200)
  async merge(
    @Param() params: Record<string, string>,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { ctx, number, input } = commandInput(params, req, mergeTicketBody, body);
    return withVersion(res, await this.merges.execute(ctx, number, input.intoNumber));
  }
}

function withVersion(res: Response, ticket: TicketDoc) {
  res.setHeader('ETag', `"${ticket.version}"`);
  return presentTicket(ticket);
}
