import { SCORE_RANGE, type SurveyScale } from '@threadline/contracts';

export type SurveyReply = { kind: 'score'; score: number } | { kind: 'opt-out' };

const SCORE = /^\s*(\d{1,2})\s*[.!)]?\s*$/;
const OPT_OUT = new Set(['STOP', 'NIE']);

/**
 * Whether a customer's message is an answer to the survey: the bare number
 * (within the survey's scale) or STOP / NIE, nothing else. Anything longer
 * ("5, ale paczka nadal nie doszła") is a message for the office, not a
 * score, and goes to the ticket as every message does.
 */
export function readSurveyReply(text: string, scale: SurveyScale): SurveyReply | null {
  if (text.length > 20) return null;
  const word = text
    .trim()
    .replace(/[.!]+$/, '')
    .toLocaleUpperCase('pl');
  if (OPT_OUT.has(word)) return { kind: 'opt-out' };
  const match = SCORE.exec(text);
  if (!match) return null;
  const score = Number(match[1]);
  const { min, max } = SCORE_RANGE[scale];
  return score >= min && score <= max ? { kind: 'score', score } : null;
}

/** A cheap first look, before any store read: could this text answer a survey of any scale? */
export function mightBeSurveyReply(text: string): boolean {
  return readSurveyReply(text, 'nps') !== null;
}
