import { z } from 'zod';
import { SURVEY_SCALES } from '../events/survey.v1';

/** A customer-facing text in both languages the platform writes in. */
const noticeText = z.strictObject({
  pl: z.string().trim().min(1).max(2000),
  en: z.string().trim().min(1).max(2000),
});

/**
 * PUT /api/v1/surveys/settings — the workspace's satisfaction survey. Off
 * until an admin turns it on. The notices are what the customer is told
 * about their data (RODO): under the survey, and on the chat widget.
 */
export const surveySettingsBody = z.strictObject({
  enabled: z.boolean(),
  scale: z.enum(SURVEY_SCALES).default('csat'),
  surveyNotice: noticeText.nullable().default(null),
  chatNotice: noticeText.nullable().default(null),
});
export type SurveySettingsBody = z.infer<typeof surveySettingsBody>;

/** The survey page's form: a score, or "do not ask me again". Form fields arrive as strings. */
export const surveyAnswerBody = z.union([
  z.strictObject({ score: z.coerce.number().int().min(0).max(10) }),
  z.strictObject({ optOut: z.enum(['true', '1', 'on']).or(z.literal(true)) }),
]);
export type SurveyAnswerBody = z.infer<typeof surveyAnswerBody>;

/**
 * The workspace a survey link's token names (`<workspace, base64url>.<survey id>.<signature>`), read
 * without checking the signature (the tickets service checks it); null for anything malformed.
 */
export function workspaceOfSurveyToken(token: string): string | null {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 300 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return null;
  return Buffer.from(parts[0], 'base64url').toString() || null;
}
