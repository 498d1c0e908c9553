import { Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { surveyAnswerBody } from '@threadline/contracts';
import { CallerRoles, parseOrBadRequest } from '@threadline/service-runtime';
import { ChatSurveys } from './chat-surveys.usecase';
import { scoreOutOfScale } from './survey-errors';

const CHAT_SESSION = /^cs_[A-Za-z0-9_-]{10,60}$/;

/**
 * The web chat's survey by chat session (channel-social, which holds the
 * visitor's socket, alone calls here): the one waiting for the widget, the
 * one for the end screen, and the visitor's answer.
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
