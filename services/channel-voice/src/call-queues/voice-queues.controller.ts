import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import { takeNextCallerBody } from '@threadline/contracts';
import { Caller, parseOrBadRequest, type CallerPrincipal } from '@threadline/service-runtime';
import { QueueBoard } from './queue-board';
import { TakeNextCaller, VoiceRequestError } from './take-next-caller.usecase';

/** Call queues of a workspace (internal; the agent's id from the service token). */
@Controller('internal/v1/workspaces/:workspaceId/voice/queues')
export class VoiceQueuesController {
  constructor(
    private readonly board: QueueBoard,
    private readonly takeNext: TakeNextCaller,
  ) {}

  @Get()
  list(@Param('workspaceId') workspaceId: string) {
    return this.board.of(workspaceId);
  }

  @Post(':queue/next')
  @HttpCode(200)
  async next(
    @Param('workspaceId') workspaceId: string,
    @Param('queue') queue: string,
    @Caller() { agentId }: CallerPrincipal,
    @Body() body: unknown,
  ) {
    const { phone } = parseOrBadRequest(takeNextCallerBody, body ?? {});
    try {
      return { call: await this.takeNext.execute(workspaceId, queue, agentId, phone ?? null) };
    } catch (error) {
      throw takeErrorToHttp(error);
    }
  }
}

/** A take's refusal as the HTTP answer (other errors pass through). */
export function takeErrorToHttp(error: unknown): unknown {
  if (!(error instanceof VoiceRequestError)) return error;
  const answer = { code: error.code, message: error.message };
  if (error.code === 'UNKNOWN_QUEUE') return new NotFoundException(answer);
  if (error.code === 'INVALID_PHONE')
    return new BadRequestException({ ...answer, errors: [{ field: 'phone', reason: error.message }] });
  return new ServiceUnavailableException(answer);
}
