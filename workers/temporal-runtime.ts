import { Runtime, type LogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/worker';
import { logger, type Logger } from '../platform/logger';

const PINO_METHOD = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Sends the Temporal SDK's logs (worker, workflow and activity loggers) through our one pino logger. */
class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly target: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.target[PINO_METHOD[level]](meta ?? {}, message);
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
