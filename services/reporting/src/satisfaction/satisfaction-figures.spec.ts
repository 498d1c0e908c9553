import { compactDeltas } from '../projection/counter-delta';
import { sumCounters } from '../figures/sum-counters';
import { csatFigures, npsFigures } from './satisfaction-figures';
import { satisfactionDeltas } from './satisfaction-deltas';

const answer = (scale: 'csat' | 'nps', score: number, agentId: string | null = 'ola') => ({
  surveyId: `s-${scale}-${score}-${Math.random()}`,
  ticketId: 't',
  number: 1,
  customerId: 'c',
  channel: 'sms' as const,
  scale,
  score,
  agentId,
  queue: null,
  category: null,
  closedAt: '2026-11-02T10:00:00Z',
  answeredAt: '2026-11-02T23:30:00Z',
});

/** The workspace-wide counter document the answers make, as the store would sum it. */
function counted(answers: ReturnType<typeof answer>[]) {
  const deltas = compactDeltas(answers.flatMap((a) => satisfactionDeltas(a, 'Europe/Warsaw')));
  const all = deltas.filter((d) => d.dimensions[0].kind === 'all');
  const doc: Record<string, unknown> = {};
  for (const d of all) {
    for (const [path, n] of Object.entries(d.inc)) {
      const parts = path.split('.');
      let at = doc as Record<string, unknown>;
      for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
      at[parts.at(-1)!] = ((at[parts.at(-1)!] as number) ?? 0) + n;
    }
  }
  return { counters: sumCounters([doc]), all };
}

describe('satisfaction figures', () => {
  it('CSAT: the average and the share of 4–5', () => {
    const { counters } = counted([answer('csat', 5), answer('csat', 4), answer('csat', 2), answer('csat', 5)]);
    expect(csatFigures(counters)).toMatchObject({ answers: 4, average: 4, satisfied: 3, satisfiedShare: 0.75 });
    expect(npsFigures(counters)).toMatchObject({ answers: 0, nps: null });
  });

  it('NPS: promoters minus detractors in points, passives in neither', () => {
    const scores = [10, 9, 9, 8, 7, 6, 0, 10];
    const { counters } = counted(scores.map((s) => answer('nps', s)));
    expect(npsFigures(counters)).toMatchObject({ answers: 8, promoters: 4, passives: 2, detractors: 2, nps: 25 });
  });

  it('counts an answer on its local day in Warsaw, under the agent and the stand-ins for none', () => {
    const { all } = counted([answer('csat', 5)]);
    expect(all[0].bucket?.day).toBe('2026-11-03');
    const deltas = satisfactionDeltas(answer('csat', 5, null), 'Europe/Warsaw');
    expect(deltas[0].dimensions).toEqual(
      expect.arrayContaining([
        { kind: 'agent', value: '(unassigned)' },
        { kind: 'queue', value: '(none)' },
      ]),
    );
  });
});
