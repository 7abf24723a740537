import type { DataSource } from 'typeorm';
import { insertPredictionLogRows, type PredictionLogRow } from '../db/prediction-log';
import type { Logger } from '../platform/logger';

export interface PredictionLogWriterOptions {
  dataSource: DataSource;
  logger: Logger;
  /** Called with the number of rows given up when the buffer overflows. */
  onDropped: (rows: number) => void;
  flushIntervalMs?: number;
  batchRows?: number;
  /** At about 1 KiB a row, 100k rows bound the buffer near 100 MiB while Postgres is away. */
  maxBufferedRows?: number;
}

const MAX_RETRY_DELAY_MS = 5_000;
const CLOSE_ATTEMPTS = 5;

/**
 * Writes the prediction log off the request path: rows are buffered and inserted in
 * multi-row batches every `flushIntervalMs` or as soon as `batchRows` are waiting. A
 * failed batch goes back to the front of the buffer and is retried with backoff; the
 * insert ignores rows already present (their key includes the time they were scored),
 * so a batch that committed before its connection failed is not logged twice. When
 * Postgres stays away long enough to fill the buffer, the oldest rows are dropped and
 * counted rather than letting memory grow without bound.
 */
export class PredictionLogWriter {
  private buffer: PredictionLogRow[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private retryDelayMs = 0;
  private retryAt = 0;
  private failing = false;
  private readonly flushIntervalMs: number;
  private readonly batchRows: number;
  private readonly maxBufferedRows: number;

  constructor(private readonly options: PredictionLogWriterOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.batchRows = options.batchRows ?? 500;
    this.maxBufferedRows = options.maxBufferedRows ?? 100_000;
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs).unref();
  }

  get bufferedRows(): number {
    return this.buffer.length;
  }

  append(rows: PredictionLogRow[]): void {
    // A loop, not push(...rows): a large request's rows would overflow the argument limit.
    for (const row of rows) this.buffer.push(row);
    this.dropOverflow();
    if (this.buffer.length >= this.batchRows) void this.flush();
  }

  /** Writes everything buffered, retrying a few times; what still fails is logged as lost. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (let attempt = 1; attempt <= CLOSE_ATTEMPTS && this.buffer.length > 0; attempt++) {
      this.retryAt = 0;
      await this.flush();
      if (this.buffer.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 200, MAX_RETRY_DELAY_MS)));
    }
    await this.flushing;
    if (this.buffer.length > 0) {
      this.options.logger.error({ rows: this.buffer.length }, 'prediction log rows lost at shutdown: Postgres refused them');
    }
  }

  /** One flush at a time; it drains the buffer batch by batch until empty or a batch fails. */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0 || Date.now() < this.retryAt) return Promise.resolve();
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.batchRows);
      try {
        await insertPredictionLogRows(this.options.dataSource, batch);
      } catch (error) {
        this.buffer.unshift(...batch);
        this.dropOverflow();
        this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, this.flushIntervalMs), MAX_RETRY_DELAY_MS);
        this.retryAt = Date.now() + this.retryDelayMs;
        this.failing = true;
        this.options.logger.warn(
          { err: error, bufferedRows: this.buffer.length, retryInMs: this.retryDelayMs },
          'prediction log flush failed; will retry',
        );
        return;
      }
      if (this.failing) this.options.logger.info({ bufferedRows: this.buffer.length }, 'prediction log flushing again');
      this.failing = false;
      this.retryDelayMs = 0;
    }
  }

  private dropOverflow(): void {
    const excess = this.buffer.length - this.maxBufferedRows;
    if (excess <= 0) return;
    this.buffer.splice(0, excess);
    this.options.onDropped(excess);
  }
}
