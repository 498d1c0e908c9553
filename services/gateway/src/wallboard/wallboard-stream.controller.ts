import { Controller, ForbiddenException, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '@threadline/observability';
import { ApiRoute, CONFIG, LOGGER, parseOrBadRequest, PublicRoute } from '@threadline/service-runtime';
import { TokenService, type AgentPrincipal } from '../auth/token.service';
import type { GatewayConfig } from '../config';
import { callInternal, gatewayTokens } from '../internal/internal-service';
import { OpenStreams } from '../live-updates/live-updates.controller';
import { servePolledStream } from '../live-updates/polled-stream';
import { streamQuery, streamViewer } from '../live-updates/stream-viewer';
import { CurrentAgents } from '../sessions/current-agents';
import { WallboardStreams } from './wallboard-streams';

const WATCHERS = new Set(['supervisor', 'admin']);

/**
 * The office's live wall-board as Server-Sent Events: a `snapshot` of the
 * call queues and agents (channel-voice's board) and today's figures
 * (reporting: contacts, tickets opened and closed, backlog per queue, calls
 * and service level, SLA outcomes), then an `update` whenever they change,
 * heartbeats between. The viewer's standing is checked before every read:
 * removed or no longer a supervisor, the stream sends `closed` and ends.
 */
@Controller('api/v1/reports/wallboard/stream')
@PublicRoute({ guard: 'token' })
export class WallboardStreamController {
  constructor(
    private readonly tokens: TokenService,
    private readonly agents: CurrentAgents,
    private readonly open: OpenStreams,
    private readonly streams: WallboardStreams,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ApiRoute({
    tag: 'reports',
    summary:
      'The live wall-board as Server-Sent Events: `snapshot` (call queues, agents available / on a call / away, today’s contacts, tickets opened and closed, backlog per queue, calls and service level, SLA outcomes), then `update` on every change (read every WALLBOARD_POLL_MS), heartbeat comments; `closed` {reason: agent-removed | role-changed} when the viewer loses access, then the stream ends',
    roles: ['supervisor', 'admin'],
    streamToken: true,
    query: streamQuery,
    forwardedTo: 'reporting',
    success: {
      status: 200,
      description:
        'text/event-stream; each frame `{at, queues, agents, today: {day, timeZone, contacts, ticketsOpened, closed, backlog: {open, byQueue}, calls, sla}}` (a part whose service does not answer is null)',
      contentType: 'text/event-stream',
    },
    errors: {
      429: 'the workspace already holds WALLBOARD_MAX_STREAMS_PER_WORKSPACE (10) streams on this gateway instance (TOO_MANY_STREAMS)',
    },
  })
  @Get()
  async stream(@Req() request: Request, @Res() response: Response, @Query() query: unknown): Promise<void> {
    const { token } = parseOrBadRequest(streamQuery, query);
    const viewer = await streamViewer(this.tokens, request, token);
    if (!WATCHERS.has(viewer.role))
      throw new ForbiddenException({ code: 'FORBIDDEN', message: 'requires role supervisor or admin' });
    const release = this.streams.take(viewer.workspaceId);
    response.on('close', release);
    await servePolledStream(response, this.open, {
      read: () => this.board(viewer),
      eventName: (first) => (first ? 'snapshot' : 'update'),
      changeKey: (board) => JSON.stringify({ ...(board as object), at: undefined }),
      pollMs: this.config.WALLBOARD_POLL_MS,
      heartbeatMs: this.config.LIVE_HEARTBEAT_MS,
      accessLost: async () => {
        const role = await this.agents.roleOf(viewer.workspaceId, viewer.agentId);
        if (!role) return 'agent-removed';
        return WATCHERS.has(role) ? null : 'role-changed';
      },
    });
  }

  /** Both owners' parts; one that does not answer is null in the frame (a service briefly away), never the end of the stream. */
  private async board(viewer: AgentPrincipal) {
    const [today, calls] = await Promise.all([
      this.part(viewer, 'reporting', this.config.REPORTING_URL, 'wallboard/today'),
      this.part(viewer, 'channel-voice', this.config.CHANNEL_VOICE_URL, 'voice/queues'),
    ]);
    const voice = calls as { queues?: unknown; agents?: unknown } | null;
    return { at: new Date().toISOString(), queues: voice?.queues ?? null, agents: voice?.agents ?? null, today };
  }

  private async part(viewer: AgentPrincipal, name: string, baseUrl: string | undefined, path: string): Promise<unknown> {
    if (!baseUrl) return null;
    try {
      return (await callInternal({ name, baseUrl, tokens: gatewayTokens(this.config) }, viewer, path)).body;
    } catch (error) {
      this.logger.warn({ err: error, owner: name }, 'wall-board read failed');
      return null;
    }
  }
}
