// 我的意见建议: what the owner suggested (seed 002 §3) and the office's reply, or the complaint it
// became with the explanation (seed 002 要求 (13)); 提意见建议 opens the form.
import { keysetList } from '../../mixins/keyset-list';
import { call } from '../../services/api';
import { suggestionItem, type SuggestionItem } from '../../utils/notices';

const PAGE = 10;

const list = keysetList<object, SuggestionItem>({
  emptyMessage: '还没有提过意见建议',
  first: async () => {
    const r = await call('suggestion.mine', { limit: PAGE });
    return { items: r.items.map(suggestionItem), next: r.next };
  },
  next: async (_data, cursor) => {
    const r = await call('suggestion.mine', { limit: PAGE, cursor });
    return { items: r.items.map(suggestionItem), next: r.next };
  },
});

Component({
  behaviors: [list],
  methods: {
    onShow() {
      this.load();
    },
    onNew() {
      wx.navigateTo({ url: '/pages/suggestion/index' });
    },
  },
});
