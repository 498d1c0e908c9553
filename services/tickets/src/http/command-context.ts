import type { Request } from 'express';
import { z } from 'zod';
import { callerOf, parseOrBadRequest } from '@threadline/service-runtime';
import type { CommandContext } from '../ticket-commands/command';

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
