import { UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import type { AgentPrincipal, TokenService } from '../auth/token.service';

/** The query of every stream a browser opens (the live events, the call-queue board, the wall-board). */
export const streamQuery = z.strictObject({
  /** A stream token from POST /api/v1/live/token (EventSource cannot send an Authorization header). */
  token: z.string().min(1).optional(),
});

/**
 * Who opens a stream: a stream token from POST /api/v1/live/token in
 * `?token=` (EventSource cannot send an Authorization header), or the access
 * token in the header; 401 otherwise.
 */
export async function streamViewer(tokens: TokenService, request: Request, token: string | undefined): Promise<AgentPrincipal> {
  if (token) {
    const agent = await tokens.verify(token, 'live');
    if (!agent) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a valid stream token is required' });
    return agent;
  }
  const [scheme, value] = (request.header('authorization') ?? '').split(' ');
  const agent = scheme === 'Bearer' && value ? await tokens.verify(value) : null;
  if (!agent) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a valid access token is required' });
  return agent;
}
