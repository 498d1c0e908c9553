import { Controller, Get, Inject, Query, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Logger } from '@threadline/observability';
import { CONFIG, LOGGER, parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { TokenService, type AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callInternal, gatewayTokens } from '../internal/internal-service';
import { OpenStreams } from '../live-updates/live-updates.controller';
import { SSE_HEARTBEAT, sseFrame } from '../live-updates/sse-frames';

export const boardStreamQuery = z.strictObject({
  /** A stream token from POST /api/v1/live/token (EventSource cannot send an Authorization header). */
  token: z.string().min(1).optional(),
});

/**
 * The live call-queue board as Server-Sent Events: a `queues` event with the
 * whole board whenever it changes. The board lives in channel-voice's store,
 * so each stream reads it every VOICE_BOARD_POLL_MS — the same answer from
 * every gateway and channel-voice instance, nothing to keep in step.
 */
@Controller('api/v1/voice/queues/live')
@PublicRoute({ guard: 'token' })
export class VoiceBoardStreamController {
  constructor(
    private readonly tokens: TokenService,
    private readonly open: OpenStreams,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ApiRoute({
    tag: 'voice',
    summary:
      'Server-Sent Events: the call-queue board (`queues` event) whenever it changes (Authorization header, or ?token= from /live/token)',
    roles: ['agent', 'supervisor', 'admin'],
    streamToken: true,
    query: boardStreamQuery,
    success: { status: 200, description: 'event stream', contentType: 'text/event-stream' },
  })
  @Get()
  async stream(@Req() request: Request, @Res() response: Response, @Query() query: unknown): Promise<void> {
    const { token } = parseOrBadRequest(boardStreamQuery, query);
    const agent = token ? await this.tokens.verify(token, 'live') : await this.fromHeader(request);
    if (!agent) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a valid stream token is required' });
    const voiceUrl = this.config.CHANNEL_VOICE_URL;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let last = '';
    let sequence = 0;
    let closed = false;
    const send = (frame: string) => {
      if (!response.destroyed && !response.writableEnded) response.write(frame);
    };
    const poll = async () => {
      if (closed || !voiceUrl) return;
      try {
        const { body } = await callInternal(
          { name: 'channel-voice', baseUrl: voiceUrl, tokens: gatewayTokens(this.config) },
          agent,
          'voice/queues',
        );
        const { at: _at, ...board } = body as { at?: string };
        const current = JSON.stringify(board);
        if (current !== last) {
          last = current;
          send(sseFrame('queues', String(++sequence), body));
        }
      } catch (error) {
        // channel-voice briefly away: the screen keeps the last board; the next poll tries again.
        this.logger.warn({ err: error }, 'voice board poll failed');
      }
    };
    await poll();
    const poller = setInterval(() => void poll(), this.config.VOICE_BOARD_POLL_MS);
    const heartbeat = setInterval(() => send(SSE_HEARTBEAT), this.config.LIVE_HEARTBEAT_MS);
    const forget = this.open.add(response);
    response.on('close', () => {
      closed = true;
      clearInterval(poller);
      clearInterval(heartbeat);
      forget();
    });
    // A connection reset under a write: the stream ends (its 'close' follows), the process does not.
    response.on('error', () => response.destroy());
  }

  private async fromHeader(request: Request): Promise<AgentPrincipal> {
    const [scheme, value] = (request.header('authorization') ?? '').split(' ');
    const agent = scheme === 'Bearer' && value ? await this.tokens.verify(value) : null;
    if (!agent) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a valid access token is required' });
    return agent;
  }
}
