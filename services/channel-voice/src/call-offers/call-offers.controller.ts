import {
  Body,
  ConflictException,
  Controller,
  Get,
  GoneException,
  HttpCode,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { acceptCallOfferBody, callOfferBody } from '@threadline/contracts';
import { Caller, CallerRoles, parseOrBadRequest, type CallerPrincipal } from '@threadline/service-runtime';
import { AnswerOffer, OfferAnswerError } from './answer-offer.usecase';
import { OfferCaller, OfferRefused } from './offer-caller.usecase';
import { takeErrorToHttp } from '../call-queues/voice-queues.controller';

/** Offers of waiting callers: routing places them (service token); the agent named by the token answers theirs. */
@Controller('internal/v1/workspaces/:workspaceId/voice')
export class CallOffersController {
  constructor(
    private readonly offer: OfferCaller,
    private readonly answer: AnswerOffer,
  ) {}

  @Post('offers')
  @CallerRoles('service')
  @HttpCode(201)
  async place(@Param('workspaceId') workspaceId: string, @Body() body: unknown) {
    try {
      const offer = await this.offer.execute(workspaceId, parseOrBadRequest(callOfferBody, body ?? {}));
      return { ...offer, offeredAt: offer.offeredAt.toISOString(), expiresAt: offer.expiresAt.toISOString() };
    } catch (error) {
      if (error instanceof OfferRefused) throw new ConflictException({ code: error.code, message: error.message });
      throw error;
    }
  }

  @Get('offer')
  async current(@Param('workspaceId') workspaceId: string, @Caller() { agentId }: CallerPrincipal) {
    return { offer: await this.answer.current(workspaceId, agentId) };
  }

  @Post('offer/accept')
  @HttpCode(200)
  async accept(@Param('workspaceId') workspaceId: string, @Caller() { agentId }: CallerPrincipal, @Body() body: unknown) {
    const { phone } = parseOrBadRequest(acceptCallOfferBody, body ?? {});
    try {
      return { call: await this.answer.accept(workspaceId, agentId, phone ?? null) };
    } catch (error) {
      throw answerErrorToHttp(error);
    }
  }

  @Post('offer/decline')
  @HttpCode(204)
  async decline(@Param('workspaceId') workspaceId: string, @Caller() { agentId }: CallerPrincipal): Promise<void> {
    try {
      await this.answer.decline(workspaceId, agentId);
    } catch (error) {
      throw answerErrorToHttp(error);
    }
  }
}

function answerErrorToHttp(error: unknown): unknown {
  if (!(error instanceof OfferAnswerError)) return takeErrorToHttp(error);
  const answer = { code: error.code, message: error.message };
  return error.code === 'NO_OFFER' ? new NotFoundException(answer) : new GoneException(answer);
}
