import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

/**
 * The folder the test files of one jest run share (made by `global-setup.js`), or undefined
 * when the tests run without it.
 */
export function runDir(): string | undefined {
  const dir = process.env.CDK_GT_TEST_RUN_DIR;
  return dir && existsSync(dir) ? dir : undefined;
}

/** What a producer left: its JSON result, or the message it failed with. */
type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const inThisFile = new Map<string, Promise<unknown>>();

/**
 * Runs `produce` once per jest run for `key`, in whichever test file asks first, and gives
 * every file that asks the folder it filled and the JSON value it returned. A file that asks
 * while another file is producing waits for it (the folder `<key>` is the lock); a failure is
 * every asker's failure, with the producer's message. The folder is read-only to the askers.
 * Outside a jest run with `global-setup.js`, each call produces into a fresh folder.
 */
export function oncePerRun<T>(key: string, produce: (dir: string) => Promise<T>): Promise<{ dir: string; value: T }> {
  const run = runDir();
  if (run === undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdk-gt-once-'));
    return produce(dir).then((value) => ({ dir, value }));
  }
  const id = createHash('sha256').update(key).digest('hex').slice(0, 24);
  let pending = inThisFile.get(id) as Promise<{ dir: string; value: T }> | undefined;
  if (pending === undefined) {
    pending = shared(path.join(run, 'once', id), key, produce);
    inThisFile.set(id, pending);
  }
  return pending;
}

async function shared<T>(entry: string, key: string, produce: (dir: string) => Promise<T>): Promise<{ dir: string; value: T }> {
  mkdirSync(path.dirname(entry), { recursive: true });
  const dir = path.join(entry, 'out');
  const outcomeFile = path.join(entry, 'outcome.json');
  let mine = false;
  try {
    mkdirSync(entry);
    mine = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (mine) {
    writeFileSync(path.join(entry, 'owner'), `${process.pid}\n${key}\n`);
    mkdirSync(dir);
    let outcome: Outcome<T>;
    try {
      outcome = { ok: true, value: await produce(dir) };
    } catch (e) {
      outcome = { ok: false, error: (e as Error).message ?? String(e) };
    }
    writeFileSync(`${outcomeFile}.tmp`, JSON.stringify(outcome));
    renameSync(`${outcomeFile}.tmp`, outcomeFile);
  }
  for (;;) {
    if (existsSync(outcomeFile)) {
      const outcome: Outcome<T> = JSON.parse(readFileSync(outcomeFile, 'utf8'));
      if (!outcome.ok) throw new Error(outcome.error);
      return { dir, value: outcome.value };
    }
    const owner = ownerPid(entry);
    if (owner !== undefined && !alive(owner)) throw new Error(`${key}: the test process producing it (pid ${owner}) ended before it finished`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function ownerPid(entry: string): number | undefined {
  try {
    return Number(readFileSync(path.join(entry, 'owner'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

/** Whether process `pid` is running (one this user may not signal counts as running). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
