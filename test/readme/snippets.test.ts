import { execFile } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { promisify } from 'util';
import * as ts from 'typescript';
import { cfnLintLater, flushCfnLint, STRICT_CONTEXT } from '../helpers/checked-app';
import { FIXTURES } from './fixtures';
import { documentedFiles, extractFiles, extractSnippets, ROOT, Snippet } from './snippets';

/**
 * Every TypeScript block of the README, docs/ and the lib/ and lambda/ READMEs is user code
 * importing from 'cdk-gateway-topology'. Each is written into a folder of its own beside a
 * node_modules in which the package is this repository (built by `npm run build`), and all are
 * type-checked together in one strict program. Fragments get the declarations of the names
 * they use from `fixtures.ts`; complete apps (they create an `App`) are also run with plain
 * Node.js, and their synth must pass cdk-nag's AwsSolutions checks and cfn-lint (CDK's own
 * CloudFormation validation is checked on the default environment and the *-checked tests).
 */
const snippets: Snippet[] = documentedFiles().flatMap(extractSnippets);
const apps = snippets.filter((s) => s.isApp);

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ['lib.es2022.d.ts'],
  strict: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  esModuleInterop: true,
  skipLibCheck: true,
  types: ['node'],
  noEmit: true,
};

/** "'x' is declared but its value is never read" and its kin. */
const UNUSED = [6133, 6138, 6192, 6196, 6198, 6199, 6205];

let work: string;
const files = new Map<Snippet, { file: string; preludeLines: number }>();
let diagnostics: Map<string, readonly ts.Diagnostic[]>;
const synths = new Map<Snippet, Promise<string>>();

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'lib', 'index.d.ts')) || !existsSync(path.join(ROOT, 'assets', 'lambda'))) {
    throw new Error('the snippets use the built package: run "npm run build" first (npm test does)');
  }
  work = mkdtempSync(path.join(tmpdir(), 'cdk-gt-readme-'));
  linkNodeModules(work);

  snippets.forEach((snippet, i) => {
    const dir = path.join(work, `snippet-${i + 1}`);
    mkdirSync(dir);
    const prelude = snippet.fixture === undefined ? '' : FIXTURES[snippet.fixture] ?? '';
    const isModule = /^\s*(import|export)\s/m.test(snippet.code);
    const source = prelude + snippet.code + (isModule ? '' : 'export {};\n');
    const file = path.join(dir, 'app.ts');
    writeFileSync(file, source);
    files.set(snippet, { file, preludeLines: prelude.split('\n').length - 1 });
  });

  const program = ts.createProgram([...files.values()].map((f) => f.file), COMPILER_OPTIONS);
  diagnostics = new Map([...files.values()].map(({ file }) => {
    const sourceFile = program.getSourceFile(file)!;
    return [file, [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]];
  }));

  // The apps synthesize two at a time (CDK synth is CPU-bound) while the type-check results are read.
  const limit = concurrency(2);
  for (const snippet of apps) synths.set(snippet, limit(() => synthesize(snippet)));
  for (const promise of synths.values()) promise.catch(() => undefined);
});

// A run filtered by -t still waits for the synths it started.
afterAll(async () => {
  await Promise.allSettled(synths.values());
  try {
    await flushCfnLint();
  } finally {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  }
}, 10 * 60 * 1000);

test('the documents hold TypeScript snippets', () => {
  expect(snippets.length).toBeGreaterThan(0);
  expect(apps.length).toBeGreaterThan(0);
});

describe.each(snippets.map((s) => [`${s.name} (line ${s.line})`, s] as const))('%s', (_name, snippet) => {
  test('names a known fixture, or is complete', () => {
    if (snippet.fixture !== undefined) expect(Object.keys(FIXTURES)).toContain(snippet.fixture);
  });

  test('type-checks (strict)', () => {
    const { file, preludeLines } = files.get(snippet)!;
    // A fragment may declare what the text goes on to use; a complete app uses all it declares.
    const found = diagnostics.get(file)!.filter((d) => snippet.isApp || !UNUSED.includes(d.code));
    const messages = found.map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (d.file === undefined || d.start === undefined) return text;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      const where = line < preludeLines ? `fixture ${snippet.fixture} line ${line + 1}` : `${snippet.file}:${snippet.line + line - preludeLines + 1}`;
      return `${where}: ${text}`;
    });
    expect(messages).toEqual([]);
  });

  if (snippet.isApp) {
    test('registers the AwsSolutions checks', () => {
      expect(snippet.code).toMatch(/Validations\.of\(app\)\.addPlugins\(new AwsSolutionsChecks\(app\)\)/);
    });

    test('synthesizes with cdk-nag and cfn-lint, and no warnings', async () => {
      const outdir = await synths.get(snippet)!;
      expect(readdirSync(outdir).some((f) => f.endsWith('.template.json'))).toBe(true);
      expect(assemblyMessages(outdir)).toEqual([]);
    });
  }
});

/**
 * A node_modules holding every package of the repository's, and `cdk-gateway-topology` as
 * the repository itself: a new user's app after `npm install cdk-gateway-topology`.
 */
function linkNodeModules(dir: string): void {
  const target = path.join(dir, 'node_modules');
  mkdirSync(target);
  const source = path.join(ROOT, 'node_modules');
  for (const entry of readdirSync(source)) symlinkSync(path.join(source, entry), path.join(target, entry));
  symlinkSync(ROOT, path.join(target, 'cdk-gateway-topology'));
}

/**
 * Runs a complete app with plain Node.js, as `cdk synth` would: the strict validation context
 * and the output folder come through the CLI's environment variables (and `CDK_VALIDATION`
 * as in this file). Its templates join the file's cfn-lint run. The app runs in a folder
 * holding the files its document shows (`<!-- snippet: file=protos/... -->`), which its
 * relative paths name.
 */
async function synthesize(snippet: Snippet): Promise<string> {
  const { file } = files.get(snippet)!;
  const dir = path.dirname(file);
  for (const [name, content] of Object.entries(extractFiles(snippet.file))) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  const js = ts.transpileModule(readSource(file), { compilerOptions: { ...COMPILER_OPTIONS, noEmit: false } }).outputText;
  writeFileSync(path.join(dir, 'app.js'), js);
  const outdir = path.join(dir, 'cdk.out');
  try {
    await promisify(execFile)(process.execPath, ['app.js'], {
      cwd: dir,
      env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(STRICT_CONTEXT) },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${snippet.name} (line ${snippet.line}) failed to synthesize:\n${err.stderr ?? err.message}`);
  }
  cfnLintLater(outdir, `${snippet.name} (line ${snippet.line})`);
  return outdir;
}

/** The warnings and errors the constructs annotated, as `path: message`. */
function assemblyMessages(outdir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const messages: string[] = [];
  for (const artifact of Object.values<any>(manifest.artifacts ?? {})) {
    for (const [where, entries] of Object.entries<any[]>(artifact.metadata ?? {})) {
      for (const entry of entries) {
        if (entry.type === 'aws:cdk:warning' || entry.type === 'aws:cdk:error') messages.push(`${where}: ${JSON.stringify(entry.data)}`);
      }
    }
  }
  return messages;
}

function readSource(file: string): string {
  return ts.sys.readFile(file) ?? '';
}

/** A limiter: at most `n` of the given tasks run at once. */
function concurrency(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: (() => void)[] = [];
  const next = (): void => {
    if (running >= n || queue.length === 0) return;
    running++;
    queue.shift()!();
  };
  return (task) => new Promise((resolve, reject) => {
    queue.push(() => task().then(resolve, reject).finally(() => { running--; next(); }));
    next();
  });
}
