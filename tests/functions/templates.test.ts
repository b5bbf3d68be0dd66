// A company's template is configuration (server/kernel/templates.ts): our fields go under the keywords its
// entry names, each written as its keyword's type asks — so choosing another library template with
// other keyword ids changes the file, not the code.
import { templateData, type TemplateConfig } from '../../server/kernel/templates';

const at = new Date('2026-12-07T02:10:00Z'); // 10:10 in Shanghai

it('writes our fields under the configured keywords, each as its type asks', () => {
  const chosen: TemplateConfig = { key: 'accepted', id: 'x', title: '投诉受理通知', keywords: { number: 'character_string5', summary: 'thing1', deadline: 'date2', status: 'thing9' } };
  expect(templateData('accepted', { number: 'TS20261207-0001', summary: '卫生间天花板漏水，楼上住户不在家，请尽快处理', deadline: at, status: '待受理' }, chosen)).toEqual({
    character_string5: { value: 'TS20261207-0001' },
    thing1: { value: '卫生间天花板漏水，楼上住户不在家，请尽…' },
    date2: { value: '2026-12-07' },
    thing9: { value: '待受理' },
  });
});

it('shows only the fields the chosen template has', () => {
  const fewer: TemplateConfig = { key: 'progress', id: 'x', title: '进度', keywords: { number: 'character_string1', at: 'time2' } };
  expect(templateData('progress', { number: 'TS20261207-0001', summary: '已派单', status: '已分派', at }, fewer)).toEqual({ character_string1: { value: 'TS20261207-0001' }, time2: { value: '2026-12-07 10:10' } });
});
