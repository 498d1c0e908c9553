import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '@threadline/observability';
import { ApiRoute, CONFIG, LOGGER, parseOrBadRequest, PublicRoute } from '@threadline/service-runtime';
import { TokenService } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callInternal, gatewayTokens } from '../internal/internal-service';
import { OpenStreams } from '../live-updates/live-updates.controller';
import { servePolledStream } from '../live-updates/polled-stream';
import { streamQuery, streamViewer } from '../live-updates/stream-viewer';

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
    query: streamQuery,
    success: { status: 200, description: 'event stream', contentType: 'text/event-stream' },
  })
  @Get()
  async stream(@Req() request: Request, @Res() response: Response, @Query() query: unknown): Promise<void> {
    const { token } = parseOrBadRequest(streamQuery, query);
    const agent = await streamViewer(this.tokens, request, token);
    const voiceUrl = this.config.CHANNEL_VOICE_URL;
    await servePolledStream(response, this.open, {
      read: async () => {
        if (!voiceUrl) return undefined;
        try {
          const owner = { name: 'channel-voice', baseUrl: voiceUrl, tokens: gatewayTokens(this.config) };
          return (await callInternal(owner, agent, 'voice/queues')).body;
        } catch (error) {
          // channel-voice briefly away: the screen keeps the last board; the next poll tries again.
          this.logger.warn({ err: error }, 'voice board poll failed');
          return undefined;
        }
      },
      eventName: () => 'queues',
      changeKey: (board) => JSON.stringify({ ...(board as object), at: undefined }),
      pollMs: this.config.VOICE_BOARD_POLL_MS,
      heartbeatMs: this.config.LIVE_HEARTBEAT_MS,
    });
  }
}
