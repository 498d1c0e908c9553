import type { ContactReasonStore, ExampleDoc, ModelDoc } from './contact-reason-store';
import { accuracyOf, trainNaiveBayes, type LabelledTokens } from './naive-bayes';

const labelledTokens = (e: ExampleDoc): LabelledTokens => ({
  category: e.category!,
  tokens: [...e.subjectTokens, ...(e.tokens ?? [])],
});

/**
 * Trains a workspace's model from scratch on its labelled tickets (the
 * held-back fifth excepted, which measures it) and stores it whole. From
 * scratch, not by adding counts: a ticket removed from the examples (an
 * erased customer's) is then gone from the model too. Trainings of one
 * workspace in this process run one after another, so a training that read
 * the examples before an erasure never lands after the erasure's own.
 */
export class TrainContactReasons {
  private readonly running = new Map<string, Promise<ModelDoc>>();

  constructor(
    private readonly store: ContactReasonStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  execute(workspaceId: string): Promise<ModelDoc> {
    const before = this.running.get(workspaceId) ?? Promise.resolve(null);
    const next = before.catch(() => null).then(() => this.train(workspaceId));
    this.running.set(workspaceId, next);
    void next.finally(() => this.running.get(workspaceId) === next && this.running.delete(workspaceId)).catch(() => undefined);
    return next;
  }

  private async train(workspaceId: string): Promise<ModelDoc> {
    const labelled = (await this.store.labelled(workspaceId)).filter((e) => e.category);
    const labelCounts: Record<string, number> = {};
    for (const e of labelled) labelCounts[e.category!] = (labelCounts[e.category!] ?? 0) + 1;
    const withWords = await Promise.all(labelled.map((e) => this.store.withOpeningWords(e)));
    const usable = withWords.filter((e) => e.subjectTokens.length + (e.tokens?.length ?? 0) > 0);
    const trainOn = usable.filter((e) => !e.heldBack).map(labelledTokens);
    const heldBack = usable.filter((e) => e.heldBack).map(labelledTokens);
    const model = trainNaiveBayes(trainOn);
    const doc: ModelDoc = {
      _id: workspaceId,
      workspaceId,
      model,
      labelCounts,
      trainedOn: trainOn.length,
      heldBack: heldBack.length,
      heldBackAccuracy: accuracyOf(model, heldBack),
      trainedAt: this.now(),
    };
    await this.store.saveModel(doc);
    return doc;
  }
}
