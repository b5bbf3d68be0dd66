// 设置 · 客服中心: whom owners contact (seed 000 §(一) 告知联系方式), named in the reply to every
// filing with a number to tap. The page owns the policy; each edit goes up as typed (`change`).
Component({
  properties: {
    name: { type: String, value: '' },
    phone: { type: String, value: '' },
  },
  methods: {
    onChange(e: { currentTarget: { dataset: { key: 'name' | 'phone' } }; detail: string }) {
      this.triggerEvent('change', { key: e.currentTarget.dataset.key, value: e.detail });
    },
  },
});
