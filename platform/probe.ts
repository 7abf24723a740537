export type ProbeResult = 'up' | 'down';

/** How long a dependency may take to answer a readiness check before it counts as down. */
export const PROBE_TIMEOUT_MS = 3000;

/**
 * Whether `check` settles successfully within the timeout. A hung dependency (a
 * blackholed Postgres) would otherwise hang the readiness probe that should report it.
 */
export async function probe(check: () => Promise<unknown>, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}
