import { describe, expect, it } from 'vitest';
import { FeedPageCache } from '../../sync-server/src/distribution/feedPages';

const page = (changesJson: string) => ({ version: 1, checkpoint: 1, hasMore: false, changesJson });
const latest = (version: number, lastSeq: number) => ({ version, lastSeq });

describe('the cache of feed pages', () => {
  it('tells pages apart by store, start, size and the latest version', () => {
    const keys = new Set([
      FeedPageCache.key('S1', 0, 1000, latest(3, 90)),
      FeedPageCache.key('S2', 0, 1000, latest(3, 90)),
      FeedPageCache.key('S1', 10, 1000, latest(3, 90)),
      FeedPageCache.key('S1', 0, 500, latest(3, 90)),
      FeedPageCache.key('S1', 0, 1000, latest(4, 95)),
    ]);
    expect(keys.size).toBe(5);
  });

  it('keeps pages within its budget, letting the least recently used go first', () => {
    const cache = new FeedPageCache(10);
    cache.set('a', page('aaaa'));
    cache.set('b', page('bbbb'));
    expect(cache.get('a')?.changesJson).toBe('aaaa');
    cache.set('c', page('cccc'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.changesJson).toBe('aaaa');
    expect(cache.get('c')?.changesJson).toBe('cccc');
    cache.set('huge', page('x'.repeat(11)));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('c')?.changesJson).toBe('cccc');
  });
});
