import type { ExampleDoc, ModelDoc } from './contact-reason-store';
import { rankCategories, type Suggestion } from './naive-bayes';

/** What the agent API answers about a ticket's category. */
export interface CategorySuggestionView {
  number: number;
  /** The suggested category and the model's confidence in it (0–1); null while no model knows a category or the ticket has no words. */
  suggestion: (Suggestion & { trainedAt: string; stored: boolean }) | null;
  /** The other categories the model weighed, most likely first. */
  alternatives: Suggestion[];
  /** The category an agent set, if any. */
  labelledAs: string | null;
}

/**
 * The suggestion stored when the ticket's words arrived; a ticket that came
 * before any model is suggested with today's model (`stored: false`), the
 * other categories ranked with today's model too.
 */
export function categorySuggestionView(example: ExampleDoc, model: ModelDoc | null): CategorySuggestionView {
  const tokens = [...example.subjectTokens, ...(example.tokens ?? [])];
  const ranked = model ? rankCategories(model.model, tokens) : [];
  const stored = example.suggestion;
  const suggestion = stored
    ? {
        category: stored.category,
        confidence: stored.confidence,
        trainedAt: new Date(stored.trainedAt).toISOString(),
        stored: true,
      }
    : ranked[0] && model
      ? { ...ranked[0], trainedAt: new Date(model.trainedAt).toISOString(), stored: false }
      : null;
  return {
    number: example.number,
    suggestion,
    alternatives: ranked.filter((r) => r.category !== suggestion?.category).slice(0, 3),
    labelledAs: example.category,
  };
}

/** What the reports API answers about a workspace's model (`labels`: labelled tickets; `trainedOn` + `heldBack`: those with words). */
export function modelView(model: ModelDoc | null) {
  if (!model)
    return { trained: false, trainedAt: null, labels: 0, labelCounts: {}, trainedOn: 0, heldBack: 0, heldBackAccuracy: null };
  return {
    trained: true,
    trainedAt: new Date(model.trainedAt).toISOString(),
    labels: Object.values(model.labelCounts).reduce((a, b) => a + b, 0),
    labelCounts: model.labelCounts,
    trainedOn: model.trainedOn,
    heldBack: model.heldBack,
    heldBackAccuracy: model.heldBackAccuracy,
    definition:
      'Accuracy: the share of held-back labelled tickets (a fixed fifth, chosen by ticket) whose agent-set category the model, trained on the other labels, suggests first.',
  };
}
