import { accuracyOf, rankCategories, suggestCategory, trainNaiveBayes } from './naive-bayes';

const model = trainNaiveBayes([
  { category: 'reklamacja', tokens: ['reklam', 'uszkod'] },
  { category: 'reklamacja', tokens: ['reklam', 'wada'] },
  { category: 'faktura', tokens: ['faktur', 'korekt'] },
]);

it('suggests the category whose words a text shares, with a probability', () => {
  const suggestion = suggestCategory(model, ['uszkod', 'reklam'])!;
  expect(suggestion.category).toBe('reklamacja');
  expect(suggestion.confidence).toBeGreaterThan(0.5);
  expect(suggestion.confidence).toBeLessThanOrEqual(1);
  const ranked = rankCategories(model, ['faktur']);
  expect(ranked.map((r) => r.category)).toEqual(['faktura', 'reklamacja']);
  expect(ranked.reduce((sum, r) => sum + r.confidence, 0)).toBeCloseTo(1);
});

it('suggests nothing without labels or without words', () => {
  expect(suggestCategory(trainNaiveBayes([]), ['reklam'])).toBeNull();
  expect(suggestCategory(model, [])).toBeNull();
  expect(accuracyOf(model, [])).toBeNull();
});

it('measures the share of examples it labels as the agents did', () => {
  expect(
    accuracyOf(model, [
      { category: 'reklamacja', tokens: ['wada'] },
      { category: 'faktura', tokens: ['uszkod'] },
    ]),
  ).toBe(0.5);
});
