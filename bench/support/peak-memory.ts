import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory of this process over a stretch of work, from the kernel's own
 * high-water mark (VmHWM), which catches a peak between two samples that a timer would
 * miss, even inside synchronous code. Writing 5 to /proc/self/clear_refs resets the mark
 * to the current RSS (Linux ≥ 4.0), so each measurement starts from what is resident now.
 * The Python peers measure themselves the same way.
 */
export async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; peakRssBytes: number }> {
  resetPeakMemory('self');
  const result = await work();
  return { result, peakRssBytes: peakMemoryBytes('self') };
}

/** Resets the high-water mark of process `pid` (or this one) to its current RSS. */
export function resetPeakMemory(pid: number | 'self'): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** The high-water mark of process `pid`'s (or this one's) resident memory since its last reset. */
export function peakMemoryBytes(pid: number | 'self'): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`/proc/${pid}/status has no VmHWM line: peak memory is measured on Linux only`);
  return Number(match[1]) * 1024;
}
