import { emptyErrorStreamDetectors, observeError } from './error-stream-detectors';
import { randomErrorStream } from './error-streams';
import type { FollowingWindowParameters } from './following-window';

/** A stationary stream of classification errors: one error rate from start to end. */
export interface StationaryStream {
  seed: number;
  length: number;
  errorRate: number;
}

const ERROR_RATES = [0.02, 0.05, 0.1, 0.2, 0.3];
const LENGTHS = [1000, 2000, 5000, 10000, 20000];

/**
 * `count` seeded streams, seeds firstSeed, firstSeed + 1, …, cycling through base error
 * rates of 2% to 30% and lengths of 1 000 to 20 000 predictions so every pair occurs.
 */
export function stationaryStreams(count: number, firstSeed = 1): StationaryStream[] {
  return Array.from({ length: count }, (_, i) => ({
    seed: firstSeed + i,
    errorRate: ERROR_RATES[i % ERROR_RATES.length],
    length: LENGTHS[Math.floor(i / ERROR_RATES.length) % LENGTHS.length],
  }));
}

/** What DDM and EDDM did on one stream: raw drift signals, and those the following window confirmed. */
export interface StreamAlarms {
  /** Steps (0-based) where either detector signalled drift, in order. */
  signalsAt: number[];
  /** Steps (0-based) where the following window confirmed a signal, in order: where a retraining could start. */
  confirmedAt: number[];
}

export function streamAlarms(errors: readonly boolean[], confirmation?: FollowingWindowParameters): StreamAlarms {
  const detectors = emptyErrorStreamDetectors<number>(confirmation);
  errors.forEach((error, step) => observeError(detectors, error, step));
  const confirmations = [...detectors.ddmConfirmation.confirmations, ...detectors.eddmConfirmation.confirmations];
  const confirmedAt = confirmations.flatMap((c) => (c.status === 'CONFIRMED' ? [c.decidedAt!] : [])).sort((a, b) => a - b);
  return { signalsAt: [...detectors.ddm.drifts, ...detectors.eddm.drifts].sort((a, b) => a - b), confirmedAt };
}

/** Share of streams that would start a retraining: with any raw signal, and with a confirmed one. */
export interface FalseAlarmRates {
  streams: number;
  withSignal: number;
  withConfirmedSignal: number;
  withTwoSignals: number;
}

/**
 * Streams whose error rate never changes: every drift signal on them is a false alarm.
 * Counts the streams where a single signal would have started a retraining (the old
 * rule), where two signals would, and where a signal confirmed by the window after it
 * would (the default rule).
 */
export function stationaryFalseAlarms(streams: readonly StationaryStream[], confirmation?: FollowingWindowParameters): FalseAlarmRates {
  const alarms = streams.map(({ seed, length, errorRate }) => streamAlarms(randomErrorStream(seed, length, length, errorRate, errorRate), confirmation));
  return {
    streams: streams.length,
    withSignal: alarms.filter((a) => a.signalsAt.length > 0).length,
    withTwoSignals: alarms.filter((a) => a.signalsAt.length > 1).length,
    withConfirmedSignal: alarms.filter((a) => a.confirmedAt.length > 0).length,
  };
}
