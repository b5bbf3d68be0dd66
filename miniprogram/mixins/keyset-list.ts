// A list of keyset pages that is not made of complaint cards (mixins/paged-list.ts is): 小区公告,
// 意见和建议, the staff suggestions inbox. The first page on load, the next one on 加载更多, each mapped
// to what renders. A page says only where its pages come from and what an item shows.
import { messageOf } from '../services/api';

export interface KeysetSource<D, T> {
  /** The empty state's text; null keeps the page ready with an empty list (it shows other things). */
  emptyMessage: string | null;
  first(data: D): Promise<{ items: T[]; next: string | null; also?: Record<string, unknown> }>;
  next(data: D, cursor: string): Promise<{ items: T[]; next: string | null }>;
}

export function keysetList<D, T>(source: KeysetSource<D, T>) {
  return Behavior({
    data: { state: 'loading', message: '', items: [] as T[], next: null as string | null },
    methods: {
      async load() {
        try {
          const { items, next, also } = await source.first(this.data as unknown as D);
          const empty = items.length === 0 && source.emptyMessage !== null;
          this.setData({ ...also, state: empty ? 'empty' : 'ready', message: source.emptyMessage ?? '', items, next });
        } catch (e) {
          this.setData({ state: 'error', message: messageOf(e) });
        }
      },
      async onMore() {
        const { next, items } = this.data as unknown as { next: string | null; items: T[] };
        if (!next) return;
        try {
          const page = await source.next(this.data as unknown as D, next);
          this.setData({ items: [...items, ...page.items], next: page.next });
        } catch (e) {
          wx.showToast({ title: messageOf(e), icon: 'none' });
        }
      },
    },
  });
}
