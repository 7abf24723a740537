import { stats } from '../../ml/stats/simple-statistics';

/** The median of some measurements; the figure every table reports, robust to a run slowed by other load. */
export function median(values: readonly number[]): number {
  return stats.median([...values]);
}

/** The p-quantile (0 < p ≤ 1) of latencies, nearest rank: p99 of 50 values is the largest, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('no values to take a percentile of');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/**
 * Runs `work` `times` times in a row and returns each run's wall time and this process's
 * CPU time (user + system, all its threads) in milliseconds: on a machine shared with
 * other work the CPU time moves far less than the wall time.
 */
export async function timeRepeatedly<T>(times: number, work: () => T | Promise<T>): Promise<{ milliseconds: number[]; cpuMilliseconds: number[]; last: T }> {
  const milliseconds: number[] = [];
  const cpuMilliseconds: number[] = [];
  let last!: T;
  for (let i = 0; i < times; i += 1) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    last = await work();
    const used = process.cpuUsage(cpu);
    milliseconds.push(performance.now() - started);
    cpuMilliseconds.push((used.user + used.system) / 1000);
  }
  return { milliseconds, cpuMilliseconds, last };
}
