import pino, { type Logger } from 'pino';

/** The one logger: JSON lines on stdout; services and workflows add their fields as children. */
export const logger: Logger = pino({
  level: process.env.LOG_LEVEL || 'info',
  base: { app: 'provenant' },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type { Logger };
