import { Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { surveyAnswerBody } from '@threadline/contracts';
import { CallerRoles, parseOrBadRequest } from '@threadline/service-runtime';
import { ChatSurveys } from './chat-surveys.usecase';
import { scoreOutOfScale } from './survey-errors';

const CHAT_SESSION = /^cs_[A-Za-z0-9_-]{10,60}$/;
/** The offer's event, which the e-mail names as its cause. */
const fallbackBody = z.strictObject({ causationId: z.string().min(1).max(200) });

/**
 * The web chat's survey by chat session (channel-social, which holds the
 * visitor's socket, alone calls here): the one waiting for the widget, the
 * one for the end screen, the visitor's answer, and the e-mail fallback.
 */
@Controller('internal/v1/workspaces/:workspaceId/surveys/chat/:sessionId')
@CallerRoles('service')
export class ChatSurveyController {
  constructor(private readonly chat: ChatSurveys) {}

  @Get()
  async pending(@Param('workspaceId') workspaceId: string, @Param('sessionId') sessionId: string) {
    return { survey: await this.chat.pending(workspaceId, session(sessionId)) };
  }

  @Post('end')
  @HttpCode(200)
  async ended(@Param('workspaceId') workspaceId: string, @Param('sessionId') sessionId: string) {
    return { survey: await this.chat.atChatEnd(workspaceId, session(sessionId)) };
  }

  /** channel-social found the chat of an offered survey ended: e-mail, or nothing. */
  @Post('fallback')
  @HttpCode(200)
  async fallBack(@Param('workspaceId') workspaceId: string, @Param('sessionId') sessionId: string, @Body() body: unknown) {
    const { causationId } = parseOrBadRequest(fallbackBody, body ?? {});
    return { outcome: await this.chat.fallBack(workspaceId, session(sessionId), causationId) };
  }

  @Post('answer')
  @HttpCode(200)
  async answer(@Param('workspaceId') workspaceId: string, @Param('sessionId') sessionId: string, @Body() body: unknown) {
    const given = parseOrBadRequest(surveyAnswerBody, body ?? {});
    const result = await this.chat.answer(
      workspaceId,
      session(sessionId),
      'score' in given ? { score: given.score } : { optOut: true },
    );
    if (result.outcome === 'not-found') throw surveyNotFound();
    if (result.outcome === 'out-of-scale') throw scoreOutOfScale(result.scale);
    if (result.outcome === 'already-answered')
      throw new ConflictException({ code: 'SURVEY_ALREADY_ANSWERED', message: 'this survey has its answer already' });
    return { outcome: result.outcome };
  }
}

const surveyNotFound = () => new NotFoundException({ code: 'SURVEY_NOT_FOUND', message: 'no survey asked in this chat' });

function session(sessionId: string): string {
  if (!CHAT_SESSION.test(sessionId)) throw surveyNotFound();
  return sessionId;
}
