// docs/lifecycle.md carries the transition table rendered from the code; this keeps the two equal.
// Regenerate with `UPDATE_DOCS=1 npx jest tests/domain/lifecycle-doc.test.ts`.
import fs from 'fs';
import path from 'path';
import { lifecycleMarkdown } from '../../scripts/lifecycle-doc';

const file = path.resolve(__dirname, '../../docs/lifecycle.md');
const START = '<!-- transition-table:start -->';
const END = '<!-- transition-table:end -->';

it('docs/lifecycle.md shows the current transition table', () => {
  const doc = fs.readFileSync(file, 'utf8');
  const [head, rest] = doc.split(START);
  const tail = rest!.split(END)[1];
  const expected = `${head}${START}\n${lifecycleMarkdown()}\n${END}${tail}`;
  if (process.env.UPDATE_DOCS) fs.writeFileSync(file, expected);
  expect(doc).toBe(process.env.UPDATE_DOCS ? doc : expected);
});
