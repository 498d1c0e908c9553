import {
  BadRequestException,
  Controller,
  ForbiddenException,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '@threadline/observability';
import { LOGGER, PublicRoute } from '@threadline/service-runtime';
import { TeamDirectory } from '../workspaces/team-directory';
import { SocialMetrics } from '../../social-metrics';
import type { RequestWithRawBody } from '../../webhook-signatures/raw-body';
import { verifySlackSignature, type SlackVerdict } from '../../webhook-signatures/slack-signature';
import { parseSlackRequest, type SlackRequest } from './slack-event';
import { ReceiveSlackEvent } from './receive-slack-event.usecase';

/** Slack's Events API request URL: signed with the app's signing secret, answered within 3 seconds. */
@Controller('webhooks/slack')
@PublicRoute({ guard: 'signature' })
export class SlackEventsController {
  constructor(
    private readonly teams: TeamDirectory,
    private readonly receive: ReceiveSlackEvent,
    private readonly metrics: SocialMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post('events')
  @HttpCode(200)
  async events(@Req() request: RequestWithRawBody, @Res({ passthrough: true }) response: Response): Promise<object> {
    const body = parseRequest(request.rawBody);
    const verdict = await this.verify(request, body);
    if (verdict !== 'valid' && verdict !== 'unknown-team') {
      this.metrics.rejected.inc({ channel: 'slack', reason: verdict });
      this.logger.warn({ verdict, retry: request.header('x-slack-retry-num') ?? null }, 'Slack request refused');
      // Retrying a request we refuse cannot help.
      response.setHeader('X-Slack-No-Retry', '1');
      if (verdict === 'stale')
        throw new UnauthorizedException({ code: 'STALE_SLACK_REQUEST', message: 'timestamp too far from now' });
      throw new ForbiddenException({ code: 'BAD_SLACK_SIGNATURE', message: 'signature does not match' });
    }
    if (body.type === 'url_verification') return { challenge: body.challenge };
    if (verdict === 'unknown-team') {
      this.metrics.received.inc({ channel: 'slack', outcome: 'unknown-team' });
      this.logger.warn({ teamId: 'team_id' in body ? body.team_id : null }, 'Slack event from a team no workspace owns; dropped');
      return { ok: true };
    }
    if (body.type === 'event_callback') await this.receive.execute(body);
    else this.acknowledgeOther(body);
    return { ok: true };
  }

  /** app_rate_limited, and types Slack adds later: nothing to publish, but someone should know. */
  private acknowledgeOther(body: Exclude<SlackRequest, { type: 'event_callback' | 'url_verification' }>): void {
    const teamId = body.team_id ?? null;
    if (body.type === 'app_rate_limited') {
      this.metrics.received.inc({ channel: 'slack', outcome: 'rate-limited' });
      this.logger.warn({ teamId }, 'Slack rate-limited our app: events of the past minute are not coming');
      return;
    }
    this.metrics.received.inc({ channel: 'slack', outcome: 'ignored' });
    this.logger.warn({ teamId, type: body.slackType }, 'Slack request of a type we do not know; acknowledged');
  }

  /**
   * A team's events are checked with its signing secret (the team_id is read
   * from the body first: Slack's signature names no team); the URL check
   * names no team, so it passes with any known app's secret — an admin adds
   * the team before pointing the Slack app's request URL here.
   */
  private async verify(request: RequestWithRawBody, body: SlackRequest): Promise<SlackVerdict | 'unknown-team'> {
    const teamId = 'team_id' in body && typeof body.team_id === 'string' ? body.team_id : null;
    const team = teamId ? await this.teams.find(teamId) : null;
    if (teamId && !team) return 'unknown-team';
    const secrets = team ? [team.signingSecret] : await this.teams.signingSecrets();
    const input = {
      rawBody: request.rawBody,
      signature: request.header('x-slack-signature'),
      timestamp: request.header('x-slack-request-timestamp'),
    };
    const verdicts = secrets.map((signingSecret) => verifySlackSignature({ ...input, signingSecret }));
    if (verdicts.includes('valid')) return 'valid';
    return verdicts.includes('stale') ? 'stale' : 'forged';
  }
}

function parseRequest(raw: Buffer | undefined): SlackRequest {
  let json: unknown;
  try {
    json = JSON.parse(raw?.toString('utf8') ?? '');
  } catch {
    throw new BadRequestException({ code: 'INVALID_SLACK_REQUEST', message: 'body is not JSON' });
  }
  const parsed = parseSlackRequest(json);
  if (!parsed) throw new BadRequestException({ code: 'INVALID_SLACK_REQUEST', message: 'not an Events API request' });
  return parsed;
}
