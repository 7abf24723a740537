import { regularizedGammaQ } from '../drift/regularized-gamma-q';
import { twoProportionZTest } from '../drift/two-proportion-z-test';

export interface FollowingWindowParameters {
  /** Observations after a drift signal that confirm or refute it. */
  rows: number;
  /** One-sided significance: confirmed when the rise has p below it. */
  significance: number;
}

/**
 * 200 observations at p < 0.001. Two hundred labelled predictions tell a rise of the
 * error rate from 10% to 20% apart (z ≈ 3.4 against a segment of 1 000, p ≈ 0.0004),
 * while a false alarm, whose following window looks like what came before, is confirmed
 * about once in a thousand signals. DDM and EDDM signal often on stationary streams (93%
 * of 200 seeded streams had at least one signal, most had several), so the level is
 * strict: at p < 0.01 4.5% of those streams still had a confirmed false alarm, at
 * p < 0.001 1% (ml/concept-drift/false-alarm-rate.test.ts, npm run bench).
 */
export const FOLLOWING_WINDOW: FollowingWindowParameters = { rows: 200, significance: 0.001 };

export type ConfirmationStatus = 'CONFIRMED' | 'NOT_CONFIRMED' | 'PENDING';

/** Count and sums of the observations in a stretch of the stream. */
export interface Stretch {
  rows: number;
  sum: number;
  sumOfSquares: number;
}

/** A drift signal and what the window after it said. */
export interface SignalConfirmation<T> {
  /** Where the detector signalled drift. */
  at: T;
  status: ConfirmationStatus;
  /** Where the following window was complete and the signal confirmed or refuted; null while pending. */
  decidedAt: T | null;
  /** From the detector's previous reset up to the signal, and after it. */
  before: Stretch;
  after: Stretch;
  /** One-sided p-value of a rise from before to after; null while pending. */
  pValue: number | null;
}

/**
 * What kind of observation the stream carries: `errors` are 0 or 1 (a classification was
 * wrong), compared by a pooled two-proportion z-test; `values` are any numbers (absolute
 * errors), compared by Welch's z on the two means.
 */
export type StreamKind = 'errors' | 'values';

/**
 * Confirmation of a detector's drift signals over the window that follows each one: the
 * next `rows` observations must show a mean (error rate, or mean absolute error)
 * significantly above the mean from the detector's previous reset up to the signal. A
 * real change keeps the errors up after the signal; a false alarm, the tail of a random
 * cluster, is followed by the same rate as before. Fed the same steps as the detector,
 * with the level it reported; updated in place.
 */
export interface FollowingWindowTracker<T> {
  readonly kind: StreamKind;
  readonly parameters: FollowingWindowParameters;
  /** Since the detector's last reset. */
  segment: Stretch;
  readonly confirmations: SignalConfirmation<T>[];
}

export function emptyFollowingWindowTracker<T>(kind: StreamKind, parameters: FollowingWindowParameters = FOLLOWING_WINDOW): FollowingWindowTracker<T> {
  if (!Number.isSafeInteger(parameters.rows) || parameters.rows < 2) throw new RangeError(`rows must be an integer ≥ 2 (got ${parameters.rows})`);
  if (!(parameters.significance > 0 && parameters.significance < 1)) throw new RangeError(`significance must be in (0, 1) (got ${parameters.significance})`);
  return { kind, parameters, segment: emptyStretch(), confirmations: [] };
}

/** The next observation, with the level the detector reported after it. */
export function trackFollowingWindow<T>(tracker: FollowingWindowTracker<T>, value: number, level: string, at: T): void {
  for (const confirmation of tracker.confirmations) {
    if (confirmation.status !== 'PENDING') continue;
    addTo(confirmation.after, value);
    if (confirmation.after.rows === tracker.parameters.rows) {
      confirmation.pValue = riseP(tracker.kind, confirmation.before, confirmation.after);
      confirmation.status = confirmation.pValue < tracker.parameters.significance ? 'CONFIRMED' : 'NOT_CONFIRMED';
      confirmation.decidedAt = at;
    }
  }
  addTo(tracker.segment, value);
  if (level === 'DRIFT') {
    tracker.confirmations.push({ at, status: 'PENDING', decidedAt: null, before: tracker.segment, after: emptyStretch(), pValue: null });
    tracker.segment = emptyStretch();
  }
}

/**
 * One-sided p-value that the after stretch's mean is above the before stretch's.
 * Errors: the pooled two-proportion z-test (twoProportionZTest), halved to the side of a
 * rise. Values: Welch's z = (x̄_after − x̄_before) / √(s²_before/n_before + s²_after/n_after)
 * with sample variances, against the normal tail (samples of 200 and more). Equal
 * constant stretches cannot show a rise: p = 1.
 */
export function riseP(kind: StreamKind, before: Stretch, after: Stretch): number {
  if (kind === 'errors') {
    const { statistic, pValue } = twoProportionZTest(before.sum, before.rows, after.sum, after.rows);
    return statistic < 0 ? pValue / 2 : 1 - pValue / 2;
  }
  const difference = after.sum / after.rows - before.sum / before.rows;
  const spread = Math.sqrt(sampleVariance(before) / before.rows + sampleVariance(after) / after.rows);
  if (spread === 0) return difference > 0 ? 0 : 1;
  const z = difference / spread;
  const twoSided = regularizedGammaQ(0.5, (z * z) / 2);
  return z > 0 ? twoSided / 2 : 1 - twoSided / 2;
}

function sampleVariance({ rows, sum, sumOfSquares }: Stretch): number {
  if (rows < 2) return 0;
  return Math.max(0, (sumOfSquares - (sum * sum) / rows) / (rows - 1));
}

function emptyStretch(): Stretch {
  return { rows: 0, sum: 0, sumOfSquares: 0 };
}

function addTo(stretch: Stretch, value: number): void {
  stretch.rows += 1;
  stretch.sum += value;
  stretch.sumOfSquares += value * value;
}
