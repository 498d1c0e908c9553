import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { callerOf, parseOrBadRequest } from '@threadline/service-runtime';
import { StaleTicketError, TicketNotFoundError } from '../tickets/ticket-changes';
import { CommandRejectedError, TicketMissingError, type CommandContext } from '../ticket-commands/command';
import { CommandForbiddenError } from '../ticket-commands/ticket-policy';

/** How a command is made; who makes it comes from the verified service token (`callerOf`), never a header. */
const commandHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200).optional(),
  /** If-Match: the ticket version, bare or as an ETag ("3" or W/"3"). */
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d+"?$/, 'If-Match must be a ticket version such as "3"')
    .transform((v) => Number(v.replace(/\D/g, '')))
    .optional(),
});

export function commandContext(workspaceId: string, request: Request): CommandContext {
  const headers = parseOrBadRequest(commandHeaders, request.headers);
  const { agentId, role } = callerOf(request);
  return {
    workspaceId,
    actor: { agentId, role },
    commandId: headers['idempotency-key'] ?? null,
    expectedVersion: headers['if-match'],
  };
}

/** Domain refusals as HTTP answers with a code and a reason; anything else stays a 500. */
export async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StaleTicketError) {
      throw new ConflictException({
        code: 'STALE_TICKET',
        message: 'the ticket was changed by someone else; reload it and try again',
        expectedVersion: error.expectedVersion,
        currentVersion: error.currentVersion,
      });
    }
    if (error instanceof TicketMissingError || error instanceof TicketNotFoundError) {
      throw new NotFoundException({ code: 'TICKET_NOT_FOUND', message: error.message });
    }
    if (error instanceof CommandForbiddenError) throw new ForbiddenException({ code: 'FORBIDDEN', message: error.message });
    if (error instanceof CommandRejectedError) {
      if (error.code === 'NO_ADDRESS_FOR_CHANNEL' || error.code === 'CALL_NOT_ON_TICKET')
        throw new UnprocessableEntityException({ code: error.code, message: error.message });
      if (error.code === 'MERGE_INTO_ITSELF') throw new BadRequestException({ code: error.code, message: error.message });
      throw new ConflictException({ code: error.code, message: error.message });
    }
    throw error;
  }
}
