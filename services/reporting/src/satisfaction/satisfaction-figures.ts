import { SCORE_RANGE, type SurveyScale } from '@threadline/contracts';
import { numberAt, share, type Counters } from '../figures/sum-counters';

export interface CsatFigures {
  answers: number;
  average: number | null;
  /** Answers of 4 or 5. */
  satisfied: number;
  satisfiedShare: number | null;
  scores: Record<string, number>;
}

export interface NpsFigures {
  answers: number;
  /** 9–10. */
  promoters: number;
  /** 7–8. */
  passives: number;
  /** 0–6. */
  detractors: number;
  /** Promoters' share minus detractors', in points from −100 to 100. */
  nps: number | null;
  scores: Record<string, number>;
}

function scores(counters: Counters, scale: SurveyScale): Record<string, number> {
  const { min, max } = SCORE_RANGE[scale];
  const out: Record<string, number> = {};
  for (let s = min; s <= max; s++) out[s] = numberAt(counters, `satisfaction.${scale}.s${s}`);
  return out;
}

const sumOf = (counts: Record<string, number>, from: number, to: number) =>
  Object.entries(counts).reduce((n, [s, c]) => (Number(s) >= from && Number(s) <= to ? n + c : n), 0);

export function csatFigures(counters: Counters): CsatFigures {
  const counts = scores(counters, 'csat');
  const answers = sumOf(counts, 1, 5);
  const total = Object.entries(counts).reduce((n, [s, c]) => n + Number(s) * c, 0);
  const satisfied = sumOf(counts, 4, 5);
  return {
    answers,
    average: answers ? Math.round((total / answers) * 100) / 100 : null,
    satisfied,
    satisfiedShare: share(satisfied, answers),
    scores: counts,
  };
}

export function npsFigures(counters: Counters): NpsFigures {
  const counts = scores(counters, 'nps');
  const answers = sumOf(counts, 0, 10);
  const promoters = sumOf(counts, 9, 10);
  const detractors = sumOf(counts, 0, 6);
  return {
    answers,
    promoters,
    passives: sumOf(counts, 7, 8),
    detractors,
    nps: answers ? Math.round(((promoters - detractors) / answers) * 1000) / 10 : null,
    scores: counts,
  };
}
