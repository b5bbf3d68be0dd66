// The paged list of complaint cards that 我的投诉 and 工作台 share (vant keeps shared page behaviour as
// Behaviors in mixins/): the list's data, the first page (again on pull-down), and the next keyset page
// at the bottom, appended by path keys so scrolling sends only the new cards through setData
// (wechat-platform.md: setData carries what changed). A page says only where its pages come from.
import { messageOf } from '../services/api';
import { appendCards, firstCards, type CardPage, type CardView } from '../utils/cards';

export interface PagedListSource<D> {
  /** The empty state's text. */
  emptyMessage: string;
  /** The first page, with whatever else the page shows beside it (counts…), set in the same setData. */
  first(data: D): Promise<{ page: CardPage; also?: Record<string, unknown> }>;
  /** The page after `cursor`. */
  next(data: D, cursor: string): Promise<CardPage>;
}

/** `D` is the using page's data, which its source reads (the tab, the view) to ask for a page. */
export function pagedList<D>(source: PagedListSource<D>) {
  return Behavior({
    data: { state: 'loading', message: '', items: [] as CardView[], next: null as string | null, loadingMore: false },
    methods: {
      async reload() {
        this.setData({ state: 'loading', items: [], next: null });
        try {
          const { page, also } = await source.first(this.data as unknown as D);
          this.setData({ ...also, ...firstCards(page, source.emptyMessage) });
        } catch (e) {
          this.setData({ state: 'error', message: messageOf(e) });
        }
      },
      async onPullDownRefresh() {
        await this.reload();
        wx.stopPullDownRefresh();
      },
      /** Infinite scroll: one page at a time; a failure leaves the list as it was, with the reason. */
      async onReachBottom() {
        const { next, loadingMore, items } = this.data;
        if (!next || loadingMore) return;
        this.setData({ loadingMore: true });
        try {
          this.setData(appendCards(items.length, await source.next(this.data as unknown as D, next)));
        } catch (e) {
          this.setData({ loadingMore: false });
          wx.showToast({ title: messageOf(e), icon: 'none' });
        }
      },
    },
  });
}
