// 设置 · 分派: which department each complaint category goes to. Picking one tells the page (`change`),
// which owns the policy; the label shown changes here at once.

export interface RouteView {
  code: string;
  label: string;
  departmentLabel: string;
}

Component({
  properties: {
    routes: { type: Array, value: [] as RouteView[] },
    /** The company's departments, to choose from. */
    departments: { type: Array, value: [] as Array<{ code: string; label: string }> },
  },
  data: { sheet: { show: false, index: -1, actions: [] as Array<{ name: string; id: string }> } },
  methods: {
    onOpen(e: WechatMiniprogram.CustomEvent<object, object, { index: number }>) {
      this.setData({ sheet: { show: true, index: e.currentTarget.dataset.index, actions: this.data.departments.map((d) => ({ name: d.label, id: d.code })) } });
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ name: string; id: string }>) {
      const index = this.data.sheet.index;
      this.setData({ [`routes[${index}].departmentLabel`]: e.detail.name, 'sheet.show': false });
      this.triggerEvent('change', { index, department: e.detail.id });
    },
    onClose() {
      this.setData({ 'sheet.show': false });
    },
  },
});
