// One complaint in a list: number, status, summary, and how its deadline stands (a CardView from
// utils/cards.ts, so a list sends only what the card renders).
import type { CardView } from '../../utils/cards';

Component({
  properties: { item: { type: Object, value: {} } },
  methods: {
    onTap() {
      this.triggerEvent('open', { id: (this.data.item as CardView).id });
    },
  },
});
