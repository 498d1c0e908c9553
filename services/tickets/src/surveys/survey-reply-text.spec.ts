import { readSurveyReply } from './survey-reply-text';

describe('readSurveyReply', () => {
  it('takes a bare score within the scale, with the punctuation people type', () => {
    expect(readSurveyReply('5', 'csat')).toEqual({ kind: 'score', score: 5 });
    expect(readSurveyReply(' 4. ', 'csat')).toEqual({ kind: 'score', score: 4 });
    expect(readSurveyReply('10!', 'nps')).toEqual({ kind: 'score', score: 10 });
    expect(readSurveyReply('0', 'nps')).toEqual({ kind: 'score', score: 0 });
  });

  it('leaves numbers outside the scale and longer messages to the ticket', () => {
    expect(readSurveyReply('0', 'csat')).toBeNull();
    expect(readSurveyReply('7', 'csat')).toBeNull();
    expect(readSurveyReply('11', 'nps')).toBeNull();
    expect(readSurveyReply('5, ale paczka nadal nie doszła', 'csat')).toBeNull();
    expect(readSurveyReply('Nie, dziękuję', 'csat')).toBeNull();
  });

  it('reads STOP and NIE in any case as the opt-out', () => {
    for (const text of ['STOP', 'stop', 'Nie', 'NIE.', ' nie! '])
      expect(readSurveyReply(text, 'csat')).toEqual({ kind: 'opt-out' });
  });
});
