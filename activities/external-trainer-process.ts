import { spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { stopChild } from '../platform/child-process';

/** How long a trainer has to exit after SIGTERM before its process group gets SIGKILL. */
export const KILL_GRACE_MS = 5_000;
/** Log bytes kept; the rest is counted but dropped, so a chatty trainer cannot fill the artifact store. */
export const MAX_LOG_BYTES = 16 * 1024 * 1024;
const STDERR_TAIL_BYTES = 8 * 1024;
const STDERR_TAIL_LINES = 20;

export interface TrainerProcessOptions {
  /** argv; run without a shell. */
  command: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr, interleaved as they arrive. */
  logFile: string;
  timeoutMs: number;
  /** Aborting kills the process group. */
  signal: AbortSignal;
  progressIntervalMs: number;
  onProgress(progress: TrainerProgress): void;
}

export interface TrainerProgress {
  pid: number;
  logBytes: number;
  elapsedMs: number;
}

/**
 * `exited` and `signalled` are the trainer's own doing; `timed-out` and `aborted`
 * mean we killed it, whatever status that left.
 */
export type TrainerEnding = 'exited' | 'signalled' | 'timed-out' | 'aborted';

export interface TrainerProcessResult {
  ending: TrainerEnding;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the trainer wrote to stderr, for error messages. */
  stderrTail: string;
  /** Everything the trainer wrote, including any bytes dropped from the log. */
  logBytes: number;
}

/**
 * Runs a trainer as the leader of its own process group, so a timeout or a
 * cancellation can kill everything it started, and nothing it started outlives it.
 * Rejects only when the program cannot be started (e.g. ENOENT) or the log cannot
 * be written.
 */
export async function runTrainerProcess(options: TrainerProcessOptions): Promise<TrainerProcessResult> {
  const log = createWriteStream(options.logFile);
  let result: TrainerProcessResult;
  try {
    result = await run(options, log);
  } finally {
    log.end();
  }
  await finished(log);
  return result;
}

function run(options: TrainerProcessOptions, log: WriteStream): Promise<TrainerProcessResult> {
  const [program, ...args] = options.command;
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      resolve({ ending: 'aborted', exitCode: null, signal: null, stderrTail: '', logBytes: 0 });
      return;
    }
    const started = Date.now();
    const child = spawn(program, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let ending: TrainerEnding | null = null;
    let logBytes = 0;
    let keptBytes = 0;
    let stderrTail = Buffer.alloc(0);

    const stop = (why: 'timed-out' | 'aborted') => {
      if (ending || child.pid === undefined) return;
      ending = why;
      void stopChild(child, { graceMs: KILL_GRACE_MS, group: true });
    };
    const onAbort = () => stop('aborted');
    options.signal.addEventListener('abort', onAbort, { once: true });
    const timeout = setTimeout(() => stop('timed-out'), options.timeoutMs);
    const report = () => options.onProgress({ pid: child.pid!, logBytes, elapsedMs: Date.now() - started });
    const progress = setInterval(report, options.progressIntervalMs);
    const cleanUp = () => {
      clearTimeout(timeout);
      clearInterval(progress);
      options.signal.removeEventListener('abort', onAbort);
    };

    const capture = (source: Readable, isStderr: boolean) => {
      source.on('data', (chunk: Buffer) => {
        logBytes += chunk.length;
        if (isStderr) stderrTail = Buffer.concat([stderrTail, chunk]).subarray(-STDERR_TAIL_BYTES);
        const kept = chunk.subarray(0, Math.max(0, MAX_LOG_BYTES - keptBytes));
        if (kept.length === 0 || log.destroyed) return;
        keptBytes += kept.length;
        // Back-pressure: a trainer writing faster than the disk waits instead of filling memory.
        if (!log.write(kept)) {
          source.pause();
          log.once('drain', () => source.resume());
        }
      });
    };
    capture(child.stdout!, false);
    capture(child.stderr!, true);
    // Without the output on disk the run is worthless: stop it now; runTrainerProcess reports the error.
    log.on('error', () => stop('aborted'));

    child.once('error', (error) => {
      cleanUp();
      reject(error);
    });
    if (child.pid !== undefined) report();
    // Background processes the trainer left behind would hold its output pipes open and live on unsupervised.
    child.once('exit', () => killGroup(child.pid));
    child.once('close', (exitCode, signal) => {
      cleanUp();
      if (logBytes > keptBytes) log.write(`\n[provenant: log truncated; kept ${keptBytes} of ${logBytes} bytes]\n`);
      resolve({
        ending: ending ?? (signal ? 'signalled' : 'exited'),
        exitCode,
        signal,
        stderrTail: lastLines(stderrTail.toString('utf8'), STDERR_TAIL_LINES),
        logBytes,
      });
    });
  });
}

function killGroup(pid: number | undefined): void {
  try {
    if (pid !== undefined) process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already empty.
  }
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
