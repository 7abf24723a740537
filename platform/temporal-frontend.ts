import { Connection } from '@temporalio/client';

/**
 * Resolves once the Temporal frontend at `address` answers GetSystemInfo, polling while
 * the server starts. Fails at once with `exited()`'s words when the server process has
 * gone, and with the last connection error after `timeoutMs`.
 */
export async function waitForTemporalFrontend(address: string, { exited, timeoutMs }: { exited: () => string | null; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(gone);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`the Temporal frontend at ${address} was not reachable after ${timeoutMs} ms: ${String(lastError)}`);
}
