import { z } from 'zod';
import { channelSchema } from './contact-received.v1';

/** CSAT: "how satisfied were you?" 1–5; NPS: "how likely are you to recommend us?" 0–10. */
export const SURVEY_SCALES = ['csat', 'nps'] as const;
export type SurveyScale = (typeof SURVEY_SCALES)[number];
export const SCORE_RANGE: Record<SurveyScale, { min: number; max: number }> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
};

/**
 * A customer answered the satisfaction survey sent after their ticket was
 * closed. On ticket.events.v1, keyed by the ticket; one per survey (the event
 * id derives from the survey), so a repeated answer counts once. The agent,
 * queue and category are the ticket's when it was closed.
 */
export const surveyAnsweredV1 = z
  .object({
    surveyId: z.string().min(1),
    ticketId: z.string().min(1),
    number: z.number().int().positive(),
    customerId: z.string().min(1),
    /** Where the survey was answered: e-mail (the link's page), sms, messenger, chat. */
    channel: channelSchema,
    scale: z.enum(SURVEY_SCALES),
    score: z.number().int(),
    agentId: z.string().nullable(),
    queue: z.string().nullable(),
    category: z.string().nullable(),
    closedAt: z.iso.datetime({ offset: true }),
    answeredAt: z.iso.datetime({ offset: true }),
  })
  .refine((s) => s.score >= SCORE_RANGE[s.scale].min && s.score <= SCORE_RANGE[s.scale].max, {
    path: ['score'],
    message: 'outside the scale',
  });
export type SurveyAnsweredV1 = z.infer<typeof surveyAnsweredV1>;
