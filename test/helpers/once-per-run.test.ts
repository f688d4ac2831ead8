import { createHash } from 'crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { oncePerRun, runDir } from './once-per-run';

describe('oncePerRun', () => {
  const saved = process.env.CDK_GT_TEST_RUN_DIR;
  let run: string;
  beforeEach(() => {
    run = mkdtempSync(path.join(tmpdir(), 'cdk-gt-once-test-'));
    process.env.CDK_GT_TEST_RUN_DIR = run;
  });
  afterEach(() => {
    process.env.CDK_GT_TEST_RUN_DIR = saved;
  });

  test('a jest run has a shared folder', () => {
    expect(saved).toBeDefined();
    process.env.CDK_GT_TEST_RUN_DIR = saved;
    expect(runDir()).toBe(saved);
  });

  test('produces once for a key, and gives every caller the folder and the value', async () => {
    let calls = 0;
    const produce = async (dir: string) => {
      calls++;
      writeFileSync(path.join(dir, 'file'), 'content');
      return { answer: 42 };
    };
    const [a, b] = await Promise.all([oncePerRun('key one', produce), oncePerRun('key one', produce)]);
    const c = await oncePerRun('key two', produce);
    expect(calls).toBe(2);
    expect(a).toEqual(b);
    expect(a.value).toEqual({ answer: 42 });
    expect(readFileSync(path.join(a.dir, 'file'), 'utf8')).toBe('content');
    expect(c.dir).not.toBe(a.dir);
  });

  test('fails every caller with the producer\'s message', async () => {
    const produce = async (): Promise<string> => { throw new Error('synth broke'); };
    await expect(oncePerRun('failing key', produce)).rejects.toThrow('synth broke');
    await expect(oncePerRun('failing key', produce)).rejects.toThrow('synth broke');
  });

  test('waits for another process producing the key, and fails if that process is gone', async () => {
    // GIVEN another process's entry for the key: the first is alive (this process), the second ended
    const produce = async () => 'mine';
    const entryOf = (key: string) => path.join(run, 'once', createHash('sha256').update(key).digest('hex').slice(0, 24));
    for (const [key, pid] of [['running key', process.pid], ['orphaned key', 2 ** 22 + 1]] as const) {
      mkdirSync(path.join(entryOf(key), 'out'), { recursive: true });
      writeFileSync(path.join(entryOf(key), 'owner'), `${pid}\n${key}\n`);
    }
    // WHEN the other process finishes the first
    const waiting = oncePerRun('running key', produce);
    setTimeout(() => writeFileSync(path.join(entryOf('running key'), 'outcome.json'), JSON.stringify({ ok: true, value: 'theirs' })), 300);
    // THEN
    await expect(waiting).resolves.toEqual({ dir: path.join(entryOf('running key'), 'out'), value: 'theirs' });
    await expect(oncePerRun('orphaned key', produce)).rejects.toThrow(/orphaned key: the test process producing it \(pid \d+\) ended/);
  });
});
