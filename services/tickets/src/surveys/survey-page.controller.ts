import { Body, Controller, Get, NotFoundException, Param, Post } from '@nestjs/common';
import { SCORE_RANGE, surveyAnswerBody } from '@threadline/contracts';
import { CallerRoles, parseOrBadRequest } from '@threadline/service-runtime';
import { AnswerSurvey } from './answer-survey.usecase';
import { scoreOutOfScale } from './survey-errors';
import { SurveyLinkToken } from './survey-link-token';
import { SurveySettingsRepository } from './survey-settings.repository';
import { surveyNotice, surveyQuestion } from './survey-texts';
import { SurveyRepository, type SurveyDoc } from './survey.repository';

/**
 * What the survey's public page (served by the gateway, which alone may
 * call here) shows and records, found by the link's signed token. A token
 * that is not ours, or names another workspace's survey, is a 404 like an
 * unknown one.
 */
@Controller('internal/v1/workspaces/:workspaceId/surveys/by-token/:token')
@CallerRoles('service')
export class SurveyPageController {
  constructor(
    private readonly surveys: SurveyRepository,
    private readonly settings: SurveySettingsRepository,
    private readonly links: SurveyLinkToken,
    private readonly answer: AnswerSurvey,
  ) {}

  @Get()
  async show(@Param('workspaceId') workspaceId: string, @Param('token') token: string) {
    return this.present(await this.survey(workspaceId, token));
  }

  @Post()
  async answerIt(@Param('workspaceId') workspaceId: string, @Param('token') token: string, @Body() body: unknown) {
    const survey = await this.survey(workspaceId, token);
    const given = parseOrBadRequest(surveyAnswerBody, body ?? {});
    const outcome =
      'score' in given ? await this.answer.score(survey, given.score, 'email') : await this.answer.optOut(survey, 'email');
    if (outcome === 'out-of-scale') throw scoreOutOfScale(survey.scale);
    return { outcome, survey: await this.present((await this.surveys.find(workspaceId, survey._id))!) };
  }

  private async survey(workspaceId: string, token: string): Promise<SurveyDoc> {
    const named = this.links.verify(token);
    const survey = named && named.workspaceId === workspaceId ? await this.surveys.find(workspaceId, named.surveyId) : null;
    if (!survey) throw new NotFoundException({ code: 'SURVEY_NOT_FOUND', message: 'no such survey' });
    return survey;
  }

  private async present(survey: SurveyDoc) {
    const settings = await this.settings.of(survey.workspaceId);
    return {
      number: survey.number,
      scale: survey.scale,
      range: SCORE_RANGE[survey.scale],
      language: survey.language,
      question: { pl: surveyQuestion(survey.scale, 'pl', survey.number), en: surveyQuestion(survey.scale, 'en', survey.number) },
      notice: { pl: surveyNotice(settings, 'pl'), en: surveyNotice(settings, 'en') },
      answered: survey.answer ? { score: survey.answer.score } : null,
      optedOut: survey.optedOutAt !== null,
    };
  }
}
