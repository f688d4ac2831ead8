import { existsSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import * as protobuf from 'protobufjs';

/** A .proto file that could not be compiled, with where the problem is. */
export interface ProtoProblem {
  /** The file, as given or as imported. */
  readonly file: string;
  /** The 1-based line, when the parser reports one. */
  readonly line?: number;
  /** What is wrong. */
  readonly message: string;
  /**
   * What kind of problem it is, so that the caller can say the fix that is true for it:
   * a file name that is no name, a file that is not there (or is a folder), an import not
   * found, a syntax error, or a type that does not resolve.
   */
  readonly kind: 'name' | 'not-found' | 'import' | 'syntax' | 'unresolved';
  /** The index in `files` of the file given, when the problem is with a file given rather than imported. */
  readonly index?: number;
}

/** The outcome of {@link compileProtos}: a resolved root, or the first problem. */
export type ProtoCompilation = { readonly root: protobuf.Root; readonly files: readonly string[] } | { readonly problem: ProtoProblem };

// protobufjs ships google/api/{annotations,http}.proto and google/protobuf/descriptor.proto:
// a user's google.api.http annotations compile without vendoring those files.
const BUNDLED_INCLUDE = path.dirname(require.resolve('protobufjs/package.json'));

/**
 * Compiles .proto files into one protobufjs Root, keeping the proto field names
 * (`keepCase`), which the translator's configuration and descriptor use.
 *
 * Imports are looked up in `includeDirs` in order, then beside the importing file, then in
 * the definitions bundled with protobufjs (well-known types, google/api). Pure: returns the
 * first problem instead of throwing, so the caller reports it with its construct path.
 */
export function compileProtos(files: readonly string[], includeDirs: readonly string[] = []): ProtoCompilation {
  const root = new protobuf.Root();
  const loaded: string[] = [];
  const common = (protobuf as unknown as { common: Record<string, protobuf.INamespace & { nested?: any; options?: any }> }).common;

  const visit = (file: string, importedFrom: string | undefined, index?: number): ProtoProblem | undefined => {
    if (importedFrom === undefined) {
      // path.resolve('') is the working directory: an empty name would be read as a folder.
      if (typeof file !== 'string') return { file: String(file), message: 'a .proto file name must be a string', kind: 'name', index };
      if (file.trim() === '') return { file, message: 'a .proto file name must not be empty', kind: 'name', index };
    }
    const bundled = bundledName(file, common);
    if (bundled !== undefined) {
      if (loaded.includes(bundled)) return undefined;
      loaded.push(bundled);
      const json = common[bundled];
      root.setOptions(json.options);
      root.addJSON(json.nested);
      return undefined;
    }
    const resolved = importedFrom === undefined ? path.resolve(file) : resolveImport(file, importedFrom, includeDirs);
    if (resolved === undefined || !existsSync(resolved)) {
      return importedFrom === undefined
        ? { file, message: 'file not found', kind: 'not-found', index }
        : { file: importedFrom, message: `import "${file}" not found in the include directories (${includeDirs.join(', ') || 'none given'})`, kind: 'import' };
    }
    if (!statSync(resolved).isFile()) {
      return importedFrom === undefined
        ? { file, message: 'a folder, not a .proto file', kind: 'not-found', index }
        : { file: importedFrom, message: `import "${file}" names a folder, not a .proto file`, kind: 'import' };
    }
    if (loaded.includes(resolved)) return undefined;
    loaded.push(resolved);
    const shown = importedFrom === undefined ? file : resolved;
    let parsed: protobuf.IParserResult;
    try {
      (protobuf.parse as unknown as { filename: string | null }).filename = shown;
      parsed = protobuf.parse(readFileSync(resolved, 'utf8'), root, { keepCase: true, alternateCommentMode: true });
    } catch (e) {
      return parseProblem(shown, e);
    } finally {
      (protobuf.parse as unknown as { filename: string | null }).filename = null;
    }
    for (const imported of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      const problem = visit(imported, resolved);
      if (problem) return problem;
    }
    return undefined;
  };

  for (const [index, file] of files.entries()) {
    const problem = visit(file, undefined, index);
    if (problem) return { problem };
  }
  try {
    root.resolveAll();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const culprit = findUnresolved(root);
    return { problem: { file: culprit?.filename ?? files.join(', '), message: culprit ? `${message} (in ${culprit.fullName.replace(/^\./, '')})` : message, kind: 'unresolved' } };
  }
  return { root, files: loaded };
}

function bundledName(file: string, common: Record<string, unknown>): string | undefined {
  const at = file.lastIndexOf('google/protobuf/');
  if (at < 0) return undefined;
  const name = file.slice(at);
  return name in common ? name : undefined;
}

function resolveImport(file: string, importedFrom: string, includeDirs: readonly string[]): string | undefined {
  if (path.isAbsolute(file)) return file;
  const candidates = [...includeDirs.map((dir) => path.resolve(dir, file)), path.resolve(path.dirname(importedFrom), file), path.join(BUNDLED_INCLUDE, file)];
  return candidates.find((candidate) => existsSync(candidate));
}

function parseProblem(file: string, e: unknown): ProtoProblem {
  const message = e instanceof Error ? e.message : String(e);
  const line = /\bline (\d+)\)?\s*$/.exec(message);
  // protobufjs appends "(file, line N)"; the problem already names both.
  const bare = message.replace(/\s*\((?:[^()]*, )?line \d+\)\s*$/, '');
  return { file, line: line ? Number(line[1]) : undefined, message: bare, kind: 'syntax' };
}

/** The first field or method whose type does not resolve, to name its file in the error. */
function findUnresolved(ns: protobuf.NamespaceBase): protobuf.ReflectionObject | undefined {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) {
      for (const field of nested.fieldsArray) {
        try {
          field.resolve();
        } catch {
          return field;
        }
      }
    }
    if (nested instanceof protobuf.Service) {
      for (const method of nested.methodsArray) {
        try {
          method.resolve();
        } catch {
          return method;
        }
      }
    }
    if (nested instanceof protobuf.Namespace) {
      const found = findUnresolved(nested);
      if (found) return found;
    }
  }
  return undefined;
}

/** Renders a problem as `file:line: message`. */
export function describeProtoProblem(problem: ProtoProblem): string {
  return `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}: ${problem.message}`;
}
