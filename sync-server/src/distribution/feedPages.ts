import type { LatestVersion } from './feed';

/** A feed page as sent: its changes already serialised. */
export interface FeedPageText {
  readonly version: number;
  readonly checkpoint: number;
  readonly hasMore: boolean;
  /** The JSON array of the page's changes. */
  readonly changesJson: string;
}

/**
 * Feed pages lately served. A page is fixed by its store, where it starts, its size and the last
 * change of the store's latest version (a version is written whole, in one transaction), so the
 * registers of a store pulling after a distribution are served one serialised page, not one each.
 */
export class FeedPageCache {
  private readonly pages = new Map<string, FeedPageText>();
  private size = 0;

  /** At most this many characters of pages are kept (the oldest used go first). */
  constructor(private readonly budget = 32 * 1024 * 1024) {}

  static key(store: string, after: number, limit: number, latest: LatestVersion): string {
    return `${store}\u0000${after}\u0000${limit}\u0000${latest.version}\u0000${latest.lastSeq}`;
  }

  get(key: string): FeedPageText | undefined {
    const page = this.pages.get(key);
    if (page) {
      // Most recently used last: the oldest goes first when full.
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  set(key: string, page: FeedPageText): void {
    if (page.changesJson.length > this.budget || this.pages.has(key)) return;
    this.pages.set(key, page);
    this.size += page.changesJson.length;
    for (const [oldest, kept] of this.pages) {
      if (this.size <= this.budget) break;
      this.pages.delete(oldest);
      this.size -= kept.changesJson.length;
    }
  }
}
