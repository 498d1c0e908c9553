import { BadRequestException } from '@nestjs/common';
import { SCORE_RANGE, type SurveyScale } from '@threadline/contracts';

/** A score outside the survey's scale: 400 naming the scores it takes. */
export function scoreOutOfScale(scale: SurveyScale): BadRequestException {
  const { min, max } = SCORE_RANGE[scale];
  return new BadRequestException({ code: 'INVALID_INPUT', errors: [{ field: 'score', reason: `must be ${min}–${max}` }] });
}
