import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { KILL_GRACE_MS, MAX_LOG_BYTES, runTrainerProcess, type TrainerProcessOptions, type TrainerProgress } from './external-trainer-process';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trainer-process-test-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(command: string[], change: Partial<TrainerProcessOptions> = {}): TrainerProcessOptions {
  return {
    command,
    cwd: dir,
    env: { PATH: process.env.PATH },
    logFile: path.join(dir, `${Math.random().toString(36).slice(2)}.log`),
    timeoutMs: 30_000,
    signal: new AbortController().signal,
    progressIntervalMs: 50,
    onProgress: () => undefined,
    ...change,
  };
}

const sh = (script: string) => ['/bin/sh', '-c', script, 'sh'];

/** Gone or a zombie: an orphan's corpse lingers until init reaps it, which some sandboxes do slowly. */
async function isDead(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat === null || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('logs stdout and stderr and keeps the tail of stderr for messages', async () => {
  const run = options(sh('echo out; echo err1 >&2; echo "$1 $PWD" >&2; exit 3'));
  const result = await runTrainerProcess({ ...run, command: [...run.command, 'last-argument'] });
  assert.equal(result.ending, 'exited');
  assert.equal(result.exitCode, 3);
  assert.equal(result.stderrTail, `err1\nlast-argument ${dir}`);
  const log = await readFile(run.logFile, 'utf8');
  for (const line of ['out', 'err1', 'last-argument']) assert.match(log, new RegExp(line));
  assert.equal(result.logBytes, Buffer.byteLength(log));
});

test('reports death by a signal the trainer did not get from us', async () => {
  const result = await runTrainerProcess(options(sh('kill -KILL $$')));
  assert.equal(result.ending, 'signalled');
  assert.equal(result.signal, 'SIGKILL');
});

test('reports progress with the pid while it runs', async () => {
  const progress: TrainerProgress[] = [];
  await runTrainerProcess(options(sh('echo hello; sleep 0.3'), { onProgress: (p) => progress.push(p) }));
  assert.ok(progress.length >= 2, `${progress.length} progress reports`);
  assert.ok(progress.every((p) => Number.isInteger(p.pid) && p.pid > 0));
  assert.equal(progress.at(-1)!.logBytes, 'hello\n'.length);
});

test('a timeout sends SIGTERM to the process group', async () => {
  const started = Date.now();
  const result = await runTrainerProcess(options(['sleep', '30'], { timeoutMs: 200 }));
  assert.deepEqual([result.ending, result.signal], ['timed-out', 'SIGTERM']);
  assert.ok(Date.now() - started < KILL_GRACE_MS);
});

test('a trainer ignoring SIGTERM gets SIGKILL after the grace period', async () => {
  const started = Date.now();
  const result = await runTrainerProcess(options(sh('trap "" TERM; while :; do sleep 0.1; done'), { timeoutMs: 200 }));
  assert.deepEqual([result.ending, result.signal], ['timed-out', 'SIGKILL']);
  assert.ok(Date.now() - started >= KILL_GRACE_MS);
});

test('aborting kills the whole process group, children included', async () => {
  const controller = new AbortController();
  let leader = 0;
  const run = options(sh('sleep 300 & echo "child $!"; wait'), {
    signal: controller.signal,
    onProgress: ({ pid }) => (leader = pid),
  });
  const running = runTrainerProcess(run);
  await waitFor(async () => /child \d+/.test(await readFile(run.logFile, 'utf8').catch(() => '')));
  const child = Number(/child (\d+)/.exec(await readFile(run.logFile, 'utf8'))![1]);
  assert.equal(await isDead(child), false);
  controller.abort();
  const result = await running;
  assert.deepEqual([result.ending, result.signal], ['aborted', 'SIGTERM']);
  assert.ok(await isDead(leader));
  await waitFor(() => isDead(child));
});

test('an abort before the start runs nothing', async () => {
  const controller = new AbortController();
  controller.abort();
  const run = options(sh('echo should not run'), { signal: controller.signal });
  assert.equal((await runTrainerProcess(run)).ending, 'aborted');
  assert.equal(await readFile(run.logFile, 'utf8'), '');
});

test('processes a trainer leaves behind die with it', async () => {
  const run = options(sh('sleep 300 & echo "child $!"'));
  const result = await runTrainerProcess(run);
  assert.deepEqual([result.ending, result.exitCode], ['exited', 0]);
  const child = Number(/child (\d+)/.exec(await readFile(run.logFile, 'utf8'))![1]);
  await waitFor(() => isDead(child));
});

test('the log keeps at most MAX_LOG_BYTES and says it was truncated', async () => {
  const run = options(sh(`head -c ${MAX_LOG_BYTES + 1000} /dev/zero`));
  const result = await runTrainerProcess(run);
  assert.equal(result.logBytes, MAX_LOG_BYTES + 1000);
  const note = `\n[provenant: log truncated; kept ${MAX_LOG_BYTES} of ${MAX_LOG_BYTES + 1000} bytes]\n`;
  assert.equal((await stat(run.logFile)).size, MAX_LOG_BYTES + note.length);
});

test('a program that does not exist rejects with ENOENT', async () => {
  await assert.rejects(runTrainerProcess(options(['/nonexistent/trainer'])), { code: 'ENOENT' });
});
