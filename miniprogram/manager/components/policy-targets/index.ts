// 设置 · 时限: the first-response and resolution targets of the company policy. The page owns the
// policy and checks the amounts when saving, so each edit goes up as typed (`change`).

/** One target as shown: where it lives in the policy (`key`), its amount as typed, its unit's label. */
export interface TargetView {
  key: string;
  label: string;
  amount: string;
  unit: string;
}

Component({
  properties: {
    targets: { type: Array, value: [] as TargetView[] },
  },
  methods: {
    onAmount(e: { currentTarget: { dataset: { index: number } }; detail: string }) {
      this.triggerEvent('change', { index: e.currentTarget.dataset.index, amount: e.detail });
    },
  },
});
