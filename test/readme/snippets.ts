import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..');

/**
 * The documents whose TypeScript blocks are user code: the README, the guides in docs/, and
 * the READMEs of lib/ and lambda/ folders.
 */
export function documentedFiles(): string[] {
  const files = ['README.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.md')) files.push(rel);
    }
  };
  walk('docs');
  for (const top of ['lib', 'lambda']) {
    for (const entry of readdirSync(path.join(ROOT, top), { withFileTypes: true })) {
      const readme = path.join(top, entry.name, 'README.md');
      if (entry.isDirectory() && readdirSync(path.join(ROOT, top, entry.name)).includes('README.md')) files.push(readme);
    }
  }
  return files;
}

/** One ```ts block of a document. */
export interface Snippet {
  /** `README.md#2`: the document and the block's position among its TypeScript blocks. */
  readonly name: string;
  /** The document, relative to the repository root. */
  readonly file: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  /** The block's code, verbatim. */
  readonly code: string;
  /**
   * The fixture named by a `<!-- snippet: fixture=NAME -->` comment on the line above the
   * fence: the declarations of the names the fragment uses but does not declare.
   */
  readonly fixture?: string;
  /** A complete app: it creates an `App` and is synthesized, not only type-checked. */
  readonly isApp: boolean;
}

const FENCE = /^```(ts|typescript)\s*$/;
const FILE_MARKER = /^<!--\s*snippet:\s*file=([\w./-]+)\s*-->\s*$/;
const MARKER = /^<!--\s*snippet:\s*fixture=([\w-]+)\s*-->\s*$/;

/** The TypeScript blocks of a markdown document. */
export function extractSnippets(file: string): Snippet[] {
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!FENCE.test(lines[i])) {
      // Skip over other fenced blocks, so a ``` inside them is not taken for an opening fence.
      if (lines[i].startsWith('```')) {
        for (i++; i < lines.length && !lines[i].startsWith('```'); i++);
      }
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    let above = start - 1;
    while (above >= 0 && lines[above].trim() === '') above--;
    const marker = above >= 0 ? MARKER.exec(lines[above]) : null;
    const code = body.join('\n') + '\n';
    snippets.push({
      name: `${file}#${snippets.length + 1}`,
      file,
      line: start + 1,
      code,
      fixture: marker?.[1],
      isApp: /\bnew App\(/.test(code),
    });
  }
  return snippets;
}

/**
 * The files a document shows for its apps: a fenced block right below a
 * `<!-- snippet: file=PATH -->` comment is the file at PATH in the app's folder.
 */
export function extractFiles(file: string): Record<string, string> {
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split('\n');
  const files: Record<string, string> = {};
  for (let i = 0; i < lines.length - 1; i++) {
    const marker = FILE_MARKER.exec(lines[i]);
    if (!marker || !lines[i + 1].startsWith('```')) continue;
    const body: string[] = [];
    for (i += 2; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    files[marker[1]] = body.join('\n') + '\n';
  }
  return files;
}
