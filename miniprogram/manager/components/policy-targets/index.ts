// 设置 · 时限: the first-response and resolution targets of the company policy. The page owns the
// policy and checks the amounts when saving, so each edit goes up as typed (`change`), and a
// resolution target switched to or from 当日办结 goes up as `sameday`.

/**
 * One target as shown: where it lives in the policy (`key`), its amount as typed, its unit's label;
 * `sameDay` is whether a resolution target is 当日办结 (seed 003 (6)), null for targets that can only
 * be a length of time.
 */
export interface TargetView {
  key: string;
  label: string;
  amount: string;
  unit: string;
  sameDay: boolean | null;
  /** Under the switch: what 当日办结 means, or what turning it off does. */
  note: string;
}

Component({
  properties: {
    targets: { type: Array, value: [] as TargetView[] },
  },
  methods: {
    onAmount(e: { currentTarget: { dataset: { index: number } }; detail: string }) {
      this.triggerEvent('change', { index: e.currentTarget.dataset.index, amount: e.detail });
    },
    onSameDay(e: { currentTarget: { dataset: { index: number } }; detail: boolean }) {
      this.triggerEvent('sameday', { index: e.currentTarget.dataset.index, sameDay: e.detail });
    },
  },
});
