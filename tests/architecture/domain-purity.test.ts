// The lint rule that keeps domain/ pure (STYLE.md §1) must actually fire: lint snippets as if they
// lived in domain/ and check each forbidden thing is reported, and that the same code elsewhere is not.
import { ESLint } from 'eslint';
import path from 'path';

// The config is passed in rather than discovered: Jest's VM cannot dynamic-import eslint.config.js.
const eslint = new ESLint({
  cwd: path.resolve(__dirname, '../..'),
  overrideConfigFile: true,
  overrideConfig: require('../../eslint.config.js'),
});

async function messages(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(__dirname, '../..', file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('domain/ purity rule', () => {
  const forbidden: Array<[string, string]> = [
    ['reads Date.now()', 'export const t = Date.now();\n'],
    ['constructs new Date() without arguments', 'export const t = new Date();\n'],
    ['calls dayjs() without arguments', "import dayjs from 'dayjs';\nexport const t = dayjs();\n"],
    ['imports the node SDK', "import tcb from '@cloudbase/node-sdk';\nexport const x = tcb;\n"],
    ['imports wx-server-sdk', "import cloud from 'wx-server-sdk';\nexport const x = cloud;\n"],
    ['imports server code', "import { x } from '../server/repository';\nexport const y = x;\n"],
    ['imports a cloud function', "import { x } from '../cloudfunctions/api/src/index';\nexport const y = x;\n"],
    ['touches wx', 'export const x = wx.getStorageSync("a");\n'],
    ['reads process.env', 'export const x = process.env.TZ;\n'],
  ];

  it.each(forbidden)('reports code in domain/ that %s', async (_what, code) => {
    const found = await messages(code, 'domain/__probe__.ts');
    expect(found.some((m) => /no-restricted-(imports|syntax|globals)/.test(m))).toBe(true);
  });

  it('allows explicit instants in domain/', async () => {
    const code = "import dayjs from 'dayjs';\nexport const f = (now: Date) => dayjs(now).add(1, 'day').toDate().getTime() + new Date(0).getTime();\n";
    expect(await messages(code, 'domain/__probe__.ts')).toEqual([]);
  });

  it('does not apply the rule outside domain/', async () => {
    expect(await messages('export const t = Date.now();\n', 'server/__probe__.ts')).toEqual([]);
  });
});
