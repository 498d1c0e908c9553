import {
  Controller,
  Get,
  Inject,
  Injectable,
  Post,
  Query,
  Req,
  Res,
  UnauthorizedException,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Gauge } from 'prom-client';
import { z } from 'zod';
import type { PlatformMetrics } from '@threadline/observability';
import { CONFIG, METRICS, parseOrBadRequest, PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { TokenService, type AgentPrincipal } from '../auth/token.service';
import { ChatSessions } from '../chat/chat-sessions';
import type { GatewayConfig } from '../config';
import { concernsTicket, isInboundChatMessage, liveMessage, SSE_HEARTBEAT, sseFrame } from './sse-frames';
import { streamQuery } from './stream-viewer';
import { TicketEventFeed } from './ticket-event-feed';
import { streamTokenAnswer } from '@threadline/contracts';

/** The live events' query: the stream token, and optionally one ticket. */
export const liveQuery = streamQuery.extend({
  /** Only this ticket's events. */
  ticket: z.coerce.number().int().positive().optional(),
});

/**
 * A screen that stops reading (a sleeping laptop, a dead connection not yet
 * noticed) would make its stream buffer every event in memory; past this
 * much unsent its connection is dropped, and EventSource reconnects and reloads.
 */
const MAX_UNSENT_BYTES = 1024 * 1024;

/** Open streams, so shutdown can end them (an open response would hold the server open forever). */
@Injectable()
export class OpenStreams implements BeforeApplicationShutdown {
  private readonly streams = new Set<Response>();
  private readonly gauge: Gauge;

  constructor(@Inject(METRICS) metrics: PlatformMetrics) {
    this.gauge = new Gauge({ name: 'threadline_live_streams', help: 'Open live-update streams', registers: [metrics.registry] });
  }

  add(stream: Response): () => void {
    this.streams.add(stream);
    this.gauge.set(this.streams.size);
    return () => {
      this.streams.delete(stream);
      this.gauge.set(this.streams.size);
    };
  }

  beforeApplicationShutdown(): void {
    for (const stream of this.streams) stream.end();
  }
}

/**
 * Live updates for open agent screens, as Server-Sent Events: every ticket
 * event of the agent's workspace (or of one ticket), as it happens, and the
 * web chat's typing and read signals (with the ticket's number once known).
 */
@Controller('api/v1/live')
@PublicRoute({ guard: 'token' })
export class LiveUpdatesController {
  constructor(
    private readonly tokens: TokenService,
    private readonly feed: TicketEventFeed,
    private readonly open: OpenStreams,
    private readonly chatSessions: ChatSessions,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Swaps the access token (header) for a one-minute token that may only open a stream. */
  @ApiRoute({
    tag: 'live',
    summary: 'A one-minute token that only opens a live-updates stream (for EventSource)',
    roles: ['agent', 'supervisor', 'admin'],
    success: { status: 201, description: '{token, expiresIn}', schema: streamTokenAnswer },
  })
  @Post('token')
  async streamToken(@Req() request: Request) {
    const agent = await this.fromHeader(request);
    return { token: await this.tokens.issueStreamToken(agent), expiresIn: this.tokens.streamTokenTtlSeconds };
  }

  @ApiRoute({
    tag: 'live',
    summary:
      "Server-Sent Events: the workspace's ticket events as they happen, and the web chat's `chat.typing.v1` / `chat.read.v1` signals (with the ticket number once known; always on a `?ticket=` stream) (Authorization header, or ?token= from /live/token)",
    roles: ['agent', 'supervisor', 'admin'],
    streamToken: true,
    query: liveQuery,
    success: { status: 200, description: 'event stream', contentType: 'text/event-stream' },
  })
  @Get()
  async stream(@Req() request: Request, @Res() response: Response, @Query() query: unknown): Promise<void> {
    const { token, ticket } = parseOrBadRequest(liveQuery, query);
    const agent = token ? await this.tokens.verify(token, 'live') : await this.fromHeader(request);
    if (!agent) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a valid stream token is required' });
    // The ticket's chat session, so the visitor's typing and read signals on it reach this stream from the start.
    if (ticket !== undefined) await this.chatSessions.watch(agent, ticket);

    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx buffer responses unless told otherwise.
      'x-accel-buffering': 'no',
    });
    response.write(sseFrame('ready', 'ready', { workspaceId: agent.workspaceId, ticket: ticket ?? null }));
    const send = (frame: string) => {
      if (response.destroyed || response.writableEnded) return;
      if (response.writableLength > MAX_UNSENT_BYTES) response.destroy();
      else response.write(frame);
    };
    const unsubscribe = this.feed.subscribe(agent.workspaceId, (event) => {
      if (ticket !== undefined && isInboundChatMessage(event) && concernsTicket(event, ticket))
        void this.chatSessions.watch(agent, ticket);
      if (ticket === undefined || concernsTicket(event, ticket)) send(sseFrame(event.type, event.id, liveMessage(event)));
    });
    const heartbeat = setInterval(() => send(SSE_HEARTBEAT), this.config.LIVE_HEARTBEAT_MS);
    const forget = this.open.add(response);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
      forget();
    };
    response.on('close', close);
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
