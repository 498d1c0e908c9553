import type { ContactReasonStore, ModelDoc } from './contact-reason-store';

/** How long a workspace's model is reused before it is read again: new tickets are suggested with at most this old a model. */
const KEPT_MS = 30_000;

/** The workspaces' models as last read, so suggesting a new ticket's category is no store read per ticket. */
export class CurrentModels {
  private readonly kept = new Map<string, { doc: ModelDoc | null; until: number }>();

  constructor(
    private readonly store: ContactReasonStore,
    private readonly clock: () => number = Date.now,
  ) {}

  async of(workspaceId: string): Promise<ModelDoc | null> {
    const hit = this.kept.get(workspaceId);
    if (hit && hit.until > this.clock()) return hit.doc;
    const doc = await this.store.model(workspaceId);
    this.kept.set(workspaceId, { doc, until: this.clock() + KEPT_MS });
    return doc;
  }

  /** A model this process just trained is the current one at once. */
  put(doc: ModelDoc): void {
    this.kept.set(doc.workspaceId, { doc, until: this.clock() + KEPT_MS });
  }
}
