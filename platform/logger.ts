import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { ConfigError } from './config';

type LogFields = Record<string, unknown>;

const logContext = new AsyncLocalStorage<LogFields>();

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * LOG_FORMAT when set; otherwise readable lines for a person at a terminal and JSON lines
 * for everything else (pipes, files, log collectors), so production output never changes
 * because someone attached a terminal to a container.
 */
export function chooseLogFormat(value: string | undefined, stdoutIsTerminal: boolean): LogFormat {
  if (!value) return stdoutIsTerminal ? 'pretty' : 'json';
  const format = LOG_FORMATS.find((candidate) => candidate === value.toLowerCase());
  if (!format) throw new ConfigError('LOG_FORMAT', `must be ${LOG_FORMATS.join(' or ')} (got ${JSON.stringify(value)})`);
  return format;
}

/** One line per event, `[time] LEVEL (component): message` and its fields indented below; written synchronously like pino's own. */
function prettyStream(destination: DestinationStream | undefined, colorize: boolean): DestinationStream {
  return pretty({
    colorize,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,app,component',
    messageFormat: '{if component}({component}) {end}{msg}',
    ...(destination ? { destination } : {}),
  });
}

/**
 * A logger whose every line also carries the fields of the `withLogContext` call it runs
 * in, so code handed a logger at start-up (activities get theirs from the worker) still
 * says which workflow run it is working for. `format` defaults to chooseLogFormat's choice
 * for this process's stdout.
 */
export function createLogger(destination?: DestinationStream, format: LogFormat = chooseLogFormat(process.env.LOG_FORMAT, process.stdout.isTTY === true)): Logger {
  return pino(
    {
      level: process.env.LOG_LEVEL || 'info',
      base: { app: 'provenant' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // A fresh object each call: pino merges the line's own fields into it.
      mixin: () => ({ ...logContext.getStore() }),
    },
    format === 'pretty' ? prettyStream(destination, !destination && process.stdout.isTTY === true) : destination,
  );
}

/** The one logger: on stdout, JSON lines or (at a terminal) readable ones; services and workflows add their fields as children. */
export const logger: Logger = createLogger();

/** Runs `work` with `fields` added to every log line written inside it, on top of any outer context. */
export function withLogContext<T>(fields: LogFields, work: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...fields }, work);
}

export type { Logger };
