import { readFileSync } from 'fs';
import * as path from 'path';
import { Documentation, Language } from 'jsii-docgen';

/**
 * API.md is the reference Construct Hub would render: jsii-docgen's markdown of the jsii
 * assembly `npm run build` writes. It must be what the current source generates.
 */
const ROOT = path.join(__dirname, '..', '..');

test('API.md is current: regenerate it with `npm run docgen` after changing the public API', async () => {
  const docs = await Documentation.forProject(ROOT);
  const generated = (await docs.toMarkdown({ language: Language.TYPESCRIPT, allSubmodules: true })).render();
  const committed = readFileSync(path.join(ROOT, 'API.md'), 'utf8');
  // The first line that differs says what went stale, where a whole-file diff would drown it.
  const want = generated.split('\n');
  const have = committed.split('\n');
  const line = want.findIndex((l, i) => l !== have[i]);
  expect({ firstDifferentLine: line === -1 && want.length === have.length ? null : line + 1, generated: want[line], committed: have[line] })
    .toEqual({ firstDifferentLine: null, generated: undefined, committed: undefined });
}, 120_000);
