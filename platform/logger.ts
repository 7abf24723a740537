import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';

type LogFields = Record<string, unknown>;

const logContext = new AsyncLocalStorage<LogFields>();

/**
 * A logger whose every line also carries the fields of the `withLogContext` call it runs
 * in, so code handed a logger at start-up (activities get theirs from the worker) still
 * says which workflow run it is working for.
 */
export function createLogger(destination?: DestinationStream): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL || 'info',
      base: { app: 'provenant' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A fresh object each call: pino merges the line's own fields into it.
      mixin: () => ({ ...logContext.getStore() }),
    },
    destination,
  );
}

/** The one logger: JSON lines on stdout; services and workflows add their fields as children. */
export const logger: Logger = createLogger();

/** Runs `work` with `fields` added to every log line written inside it, on top of any outer context. */
export function withLogContext<T>(fields: LogFields, work: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...fields }, work);
}

export type { Logger };
