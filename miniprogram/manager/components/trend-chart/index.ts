// A 12-month trend drawn with views (管理看板): a column a month, the company's target as a line, a month
// without statistics as an empty outline. Views, not a chart library or a canvas: twelve columns need
// no more, cost a few hundred bytes of the package, and render in page tests like any other view. The
// drawing is hidden from screen readers; the page gives them the same figures as text (trendTable).
import type { TrendChart } from '../../figures';

Component({
  properties: {
    chart: { type: Object, value: null as TrendChart | null },
  },
});
