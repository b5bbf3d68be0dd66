// Every refusal is a catalogue code with its own sentence (domain/errors.ts, server/kernel/errors.ts),
// and what people read is worded in a module's views: the lint rule that keeps Chinese strings out of
// the rest of server/ must fire on a sentence thrown inline, and pass the files whose job is wording.
import path from 'path';
import { ESLint } from 'eslint';
import { DOMAIN_ERROR_CODES } from '../../domain/errors';
import { DOMAIN_ERRORS, toFailure } from '../../server/kernel/errors';
import { DomainError } from '../../domain/errors';

const root = path.resolve(__dirname, '../..');
// The config is passed in rather than discovered: Jest's VM cannot dynamic-import eslint.config.js.
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: require('../../eslint.config.js') });

async function rules(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(root, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('no Chinese sentence in server/ outside the catalogue and the views', () => {
  it('reports a refusal worded inline, in a string or a template', async () => {
    const thrown = "import { ApiError } from '../kernel/errors';\nexport const f = () => { throw new ApiError('NOT_FOUND', '没有找到这次走访'); };\n";
    expect(await rules(thrown, 'server/communication/__probe__.ts')).toContain('no-restricted-syntax');
    expect(await rules('export const f = (n: string) => `没有找到「${n}」栋`;\n', 'server/company/__probe__.ts')).toContain('no-restricted-syntax');
    expect(await rules("export const summary = '意见建议答复已到期';\n", 'server/kernel/__probe__.ts')).toContain('no-restricted-syntax');
  });

  it('passes a list separator and English, and the same sentence in a views file or the catalogue', async () => {
    expect(await rules("export const f = (xs: string[]) => xs.join('、');\n", 'server/company/__probe__.ts')).toEqual([]);
    expect(await rules("export const summary = '意见建议答复已到期';\n", 'server/communication/views.ts')).toEqual([]);
    expect(await rules("export const message = '没有找到这次走访';\n", 'server/kernel/errors.ts')).toEqual([]);
  });

  it('passes the allowed files as they are', async () => {
    const allowed = ['server/kernel/errors.ts', 'server/complaints/views.ts', 'server/communication/views.ts', 'server/company/views.ts', 'server/kernel/templates.ts', 'server/kernel/openapi-errors.ts', 'server/statistics/report.ts'];
    const results = await eslint.lintFiles(allowed.map((f) => path.resolve(root, f)));
    expect(results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}: ${m.ruleId} ${m.message}`))).toEqual([]);
  });
});

describe('the catalogue', () => {
  it('gives every code a sentence of its own, figures filled in', () => {
    for (const code of DOMAIN_ERROR_CODES) expect(DOMAIN_ERRORS[code].message).toMatch(/[\u4e00-\u9fff]/);
    expect(toFailure(new DomainError('SURVEY.NOT_STARTED', 'survey upcoming'))).toMatchObject({ code: 'VALIDATION', message: '调查还没有开始', detail: 'SURVEY.NOT_STARTED' });
    expect(toFailure(new DomainError('SURVEY.ENDED', 'survey closed'))).toMatchObject({ code: 'VALIDATION', message: '调查已经结束', detail: 'SURVEY.ENDED' });
    expect(toFailure(new DomainError('BUILDING.EXISTS', 'building 7 exists', { name: '7' }))).toMatchObject({ message: '「7」栋已存在，请换一个名称' });
  });
});
