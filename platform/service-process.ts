import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './config';
import { stopChild } from './child-process';

const KEPT_LOG_LINES = 100;

/** Whatever ends the suite (a failed assertion can end it early), the processes it started must not outlive it. */
const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** A Provenant process (`npm run worker`, `npm run api`) that a fault can kill and a supervisor restart. */
export interface ServiceProcess {
  /** SIGKILL: no shutdown, nothing in flight reports back; Temporal learns of it by timeout. */
  kill(): Promise<void>;
  /** A fresh process in place of a killed one; `changes` to its environment, if any, stay for later restarts. */
  restart(changes?: Record<string, string>): void;
  /** SIGTERM (SIGKILL if it lingers), at the end of a scenario. */
  stop(): Promise<void>;
  /** The last log lines of every process so far, to explain a failed scenario. */
  recentLogs(): string[];
  /** The running process's id (a Temporal worker's default identity is `pid@host`). */
  pid(): number | undefined;
  /** True once the current process has exited, by itself or killed. */
  hasExited(): boolean;
}

/** Runs `dist/<script>` with `env` on top of this process's environment. */
export function startServiceProcess(script: string, initialEnv: Record<string, string>): ServiceProcess {
  const logs: string[] = [];
  let env = initialEnv;
  const spawnProcess = (): ChildProcess => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.once('exit', () => running.delete(child));
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        logs.push(line);
        if (logs.length > KEPT_LOG_LINES) logs.shift();
      });
    }
    return child;
  };
  let current = spawnProcess();
  const hasExited = () => current.exitCode !== null || current.signalCode !== null;
  return {
    async kill() {
      if (hasExited()) return;
      const exited = once(current, 'exit');
      current.kill('SIGKILL');
      await exited;
    },
    restart(changes = {}) {
      env = { ...env, ...changes };
      current = spawnProcess();
    },
    stop: () => stopChild(current),
    recentLogs: () => [...logs],
    pid: () => current.pid,
    hasExited,
  };
}
