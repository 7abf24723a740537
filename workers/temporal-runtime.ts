import { Runtime, type LogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/worker';
import { logger, type Logger } from '../platform/logger';

const PINO_METHOD = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** The end of webpack's build report, which the SDK's workflow bundler logs at INFO when a worker starts. */
const WEBPACK_REPORT = /\bwebpack \d+\.\d+\.\d+ compiled\b/;

/**
 * What a worker says about its own wiring as it starts. Provenant's training, scoring and
 * monitoring queues run activities only, by design, so "No workflows registered" is no
 * warning here, and nobody needs eight lines of state changes under the start-up banner.
 */
const WIRING_MESSAGES = new Set([
  'No workflows registered, not polling for workflow tasks',
  'No Nexus services registered, not polling for Nexus tasks',
  'Worker state changed',
]);

/**
 * The level a line of the SDK goes out at: its own, except webpack's report of the workflow
 * bundle (every module and asset, dozens of lines under the start-up banner), which only
 * someone debugging the bundle wants, and the worker's notes on its own wiring; an error
 * report stays an error.
 */
export function temporalLogLevel(level: LogLevel, message: string): LogLevel {
  if ((level === 'INFO' || level === 'WARN') && WIRING_MESSAGES.has(message)) return 'DEBUG';
  // The report is coloured when the SDK thinks the logger supports it.
  return level === 'INFO' && WEBPACK_REPORT.test(message.replace(/\x1b\[[0-9;]*m/g, '')) ? 'DEBUG' : level;
}

/** Sends the Temporal SDK's logs (worker, workflow and activity loggers) through our one pino logger. */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly target: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.target[PINO_METHOD[temporalLogLevel(level, message)]](meta ?? {}, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

let installed = false;

export interface TemporalRuntimeOptions {
  /** `host:port` where the SDK serves its own Prometheus metrics (`temporal_*`); unset, it collects none. */
  sdkMetricsAddress?: string;
}

/** Must run before the first worker or native connection is created in this process; later calls change nothing. */
export function installTemporalRuntime(options: TemporalRuntimeOptions = {}): void {
  if (installed) return;
  Runtime.install({
    logger: new PinoTemporalLogger(logger.child({ component: 'temporal-sdk' })),
    ...(options.sdkMetricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: options.sdkMetricsAddress } } } } : {}),
  });
  installed = true;
}
