/**
 * Multinomial naive Bayes over a contact's tokens, with Laplace smoothing:
 * P(category | tokens) ∝ P(category) · Π P(token | category). Small, exact to
 * retrain from the labelled examples (so forgetting one is a retrain without
 * it), and good with few labels, which is where an office starts.
 */
export interface LabelledTokens {
  category: string;
  tokens: string[];
}

export interface CategoryCounts {
  /** Labelled examples of this category. */
  examples: number;
  /** Tokens in them, all together. */
  tokens: number;
  /** How often each token appears in them. */
  counts: Record<string, number>;
}

export interface NaiveBayesModel {
  categories: Record<string, CategoryCounts>;
  /** Distinct tokens seen in training (the smoothing's denominator). */
  vocabulary: number;
  examples: number;
}

export interface Suggestion {
  category: string;
  /** The model's probability of the category, 0–1. */
  confidence: number;
}

/** The most frequent tokens per category are kept, so a model stays one small document however much is labelled. */
export const MAX_TOKENS_PER_CATEGORY = 3000;

export function trainNaiveBayes(examples: LabelledTokens[]): NaiveBayesModel {
  const categories: Record<string, CategoryCounts> = {};
  const vocabulary = new Set<string>();
  for (const { category, tokens } of examples) {
    const counts = (categories[category] ??= { examples: 0, tokens: 0, counts: {} });
    counts.examples += 1;
    for (const token of tokens) {
      counts.counts[token] = (counts.counts[token] ?? 0) + 1;
      counts.tokens += 1;
      vocabulary.add(token);
    }
  }
  for (const counts of Object.values(categories)) counts.counts = mostFrequent(counts.counts, MAX_TOKENS_PER_CATEGORY);
  return { categories, vocabulary: vocabulary.size, examples: examples.length };
}

function mostFrequent(counts: Record<string, number>, limit: number): Record<string, number> {
  const entries = Object.entries(counts);
  if (entries.length <= limit) return counts;
  return Object.fromEntries(entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit));
}

/** Every category with its probability, most likely first; empty when the model knows no category or the text no word. */
export function rankCategories(model: NaiveBayesModel, tokens: string[]): Suggestion[] {
  const names = Object.keys(model.categories);
  if (names.length === 0 || tokens.length === 0) return [];
  const vocabulary = Math.max(model.vocabulary, 1);
  const scores = names.map((name) => {
    const c = model.categories[name];
    let score = Math.log(c.examples / model.examples);
    for (const token of tokens) score += Math.log(((c.counts[token] ?? 0) + 1) / (c.tokens + vocabulary));
    return score;
  });
  // Softmax in log space: the largest score is subtracted so the exponentials do not underflow.
  const top = Math.max(...scores);
  const weights = scores.map((s) => Math.exp(s - top));
  const total = weights.reduce((a, b) => a + b, 0);
  return names
    .map((category, i) => ({ category, confidence: weights[i] / total }))
    .sort((a, b) => b.confidence - a.confidence || a.category.localeCompare(b.category));
}

export function suggestCategory(model: NaiveBayesModel, tokens: string[]): Suggestion | null {
  return rankCategories(model, tokens)[0] ?? null;
}

/** The share of examples whose label the model suggests first; null without examples. */
export function accuracyOf(model: NaiveBayesModel, examples: LabelledTokens[]): number | null {
  if (examples.length === 0) return null;
  const right = examples.filter((e) => suggestCategory(model, e.tokens)?.category === e.category).length;
  return right / examples.length;
}
