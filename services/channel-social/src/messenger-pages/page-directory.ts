import type { MessengerPage } from '../config';

/**
 * Our Facebook Pages and the workspace each belongs to. From configuration in
 * this slice; the lookups stay the same when pages move to the store.
 */
export class PageDirectory {
  private readonly byId: Map<string, MessengerPage>;

  constructor(pages: readonly MessengerPage[]) {
    this.byId = new Map(pages.map((p) => [p.pageId, p]));
  }

  find(pageId: string): MessengerPage | null {
    return this.byId.get(pageId) ?? null;
  }
}
