import { Body, Controller, Get, HttpCode, HttpException, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LANGUAGES, workspaceOfSurveyToken, type Language, surveyAnswerBody } from '@threadline/contracts';
import { PublicRoute, ApiRoute } from '@threadline/service-runtime';
import { TicketsClient } from '../tickets/tickets-client';
import { surveyMessagePage, surveyPage, type SurveyPageState, type SurveyView } from './survey-page.html';
import { SurveyPageThrottle } from './survey-page-throttle';

/** The token travels in the address: no referrer leaks it, nothing is cached, no script runs, no one frames the page. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

/**
 * The satisfaction survey's public page, opened from the e-mailed link: a
 * customer has no login, so the link's signed token is the key (checked by
 * the tickets service, which owns surveys), and each client address may make
 * only so many requests. Plain HTML forms, no script, so it works anywhere
 * a mail client opens a link; Polish or English (`?lang=`).
 */
@Controller('survey')
@PublicRoute({ guard: 'rate-limit' })
export class SurveyPageController {
  constructor(
    private readonly tickets: TicketsClient,
    private readonly throttle: SurveyPageThrottle,
  ) {}

  @ApiRoute({
    tag: 'surveys',
    summary:
      "The customer's survey page, opened from the e-mailed link (no login: the link's signed token; Polish or English by `?lang=`)",
    success: {
      status: 200,
      description: 'the question, a button per score, the opt-out and the notice',
      contentType: 'text/html',
    },
    errors: {
      404: 'not a token of ours, or no such survey (an HTML page)',
      429: 'too many requests from the client address (SURVEY_PAGE_MAX_PER_CLIENT per SURVEY_PAGE_WINDOW_SECONDS); see Retry-After',
    },
  })
  @Get(':token')
  async show(@Param('token') token: string, @Query('lang') lang: unknown, @Req() request: Request, @Res() response: Response) {
    await this.serve(token, lang, request, response, async (workspaceId) => {
      const view = (await this.tickets.asGateway(workspaceId, `surveys/by-token/${encodeURIComponent(token)}`)).body;
      return { view: view as SurveyView, state: 'ask' };
    });
  }

  @ApiRoute({
    tag: 'surveys',
    summary: 'Answer the survey (form field `score`; the first answer counts) or opt out of surveys for good (`optOut=true`)',
    body: surveyAnswerBody,
    success: {
      status: 200,
      description: 'thanks, or that it was answered already, or that no more surveys come',
      contentType: 'text/html',
    },
    errors: {
      400: 'a score outside the scale (errors: [{field: "score", reason}])',
      404: 'not a token of ours, or no such survey (an HTML page)',
      429: 'too many requests from the client address; see Retry-After',
    },
  })
  @Post(':token')
  @HttpCode(200)
  async answer(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Body() body: unknown,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.serve(token, lang, request, response, async (workspaceId) => {
      const answered = (
        await this.tickets.asGateway(workspaceId, `surveys/by-token/${encodeURIComponent(token)}`, {
          method: 'POST',
          body: body ?? {},
        })
      ).body as { outcome: string; survey: SurveyView };
      const state: SurveyPageState =
        answered.outcome === 'answered' ? 'answered' : answered.outcome === 'opted-out' ? 'opted-out' : 'already-answered';
      return { view: answered.survey, state };
    });
  }

  private async serve(
    token: string,
    lang: unknown,
    request: Request,
    response: Response,
    load: (workspaceId: string) => Promise<{ view: SurveyView; state: SurveyPageState }>,
  ): Promise<void> {
    const asked = (LANGUAGES as readonly unknown[]).includes(lang) ? (lang as Language) : null;
    response.set(PAGE_HEADERS);
    const wait = await this.throttle.admit(request.ip ?? 'unknown');
    if (wait > 0) {
      response.status(HttpStatus.TOO_MANY_REQUESTS).set('retry-after', String(wait));
      response.send(surveyMessagePage(asked ?? 'pl', { tooManySeconds: wait }));
      return;
    }
    const workspaceId = workspaceOfSurveyToken(token);
    try {
      if (!workspaceId) throw new HttpException({}, HttpStatus.NOT_FOUND);
      const { view, state } = await load(workspaceId);
      response.send(surveyPage(view, asked ?? view.language, state, `/survey/${token}`));
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() !== HttpStatus.NOT_FOUND) throw error;
      response.status(HttpStatus.NOT_FOUND).send(surveyMessagePage(asked ?? 'pl', 'not-found'));
    }
  }
}
