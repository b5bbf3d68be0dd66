// The owner's 1–5 star rating of a resolved complaint (seed 000 §(五)). Each star is a 44-px target
// that a screen reader reads as 「4 星：满意」, and the chosen star's word shows under the row — vant's
// van-rate draws bare 20-px icons with nothing to read. Fires `change` with the score, as van-rate does.
import { SCORE_WORDS as WORDS } from '../../utils/labels';

Component({
  properties: { value: { type: Number, value: 0 } },
  data: { stars: WORDS.map((word, i) => ({ score: i + 1, word })) },
  methods: {
    onTap(e: WechatMiniprogram.TouchEvent<object, object, { score: number }>) {
      this.triggerEvent('change', e.currentTarget.dataset.score);
    },
  },
});
