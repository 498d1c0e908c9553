import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Headers,
  Inject,
  Param,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import { slackNoticeBody } from '@threadline/contracts';
import { CallerRoles, parseOrBadRequest } from '@threadline/service-runtime';
import { PostSlackNotification, type NoticeOutcome } from './post-slack-notification.usecase';

/**
 * Other services' notifications into Slack (routing's notify action): only
 * a service may call it, and the Idempotency-Key makes one post per key —
 * a retried call answers what the first one did.
 */
@Controller('internal/v1/workspaces/:workspaceId/slack/notifications')
@CallerRoles('service')
export class SlackNoticesController {
  constructor(@Inject(PostSlackNotification) private readonly post: PostSlackNotification) {}

  @Post()
  async create(
    @Param('workspaceId') workspaceId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: unknown,
  ) {
    if (!key) {
      throw new BadRequestException({
        code: 'INVALID_INPUT',
        errors: [{ field: 'Idempotency-Key', reason: 'required: one post per key' }],
      });
    }
    const notice = parseOrBadRequest(slackNoticeBody, body);
    const outcome = await this.post.execute({
      claimId: `api:${workspaceId}:${key}`,
      workspaceId,
      teamId: notice.teamId ?? null,
      channel: notice.channel,
      text: notice.text,
    });
    return answer(outcome, notice.channel);
  }
}

function answer(outcome: NoticeOutcome, channel: string): { channel: string; providerMessageId: string } {
  if (outcome.kind === 'posted') return { channel, providerMessageId: outcome.providerMessageId };
  if (outcome.kind === 'failed') throw refused(outcome.reason);
  const { claim } = outcome;
  if (claim.state === 'sent' && claim.providerMessageId) return { channel, providerMessageId: claim.providerMessageId };
  if (claim.state === 'failed') throw refused(claim.reason ?? 'Slack refused it');
  throw new ConflictException({
    code: 'SLACK_NOTICE_INTERRUPTED',
    message: 'an earlier call with this key was interrupted; it may have been posted',
  });
}

const refused = (reason: string) => new UnprocessableEntityException({ code: 'SLACK_NOTICE_REFUSED', message: reason });
