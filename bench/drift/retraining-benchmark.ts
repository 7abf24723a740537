import { randomErrorStream, absoluteErrorStream } from '../../ml/concept-drift/error-streams';
import { emptyAbsoluteErrorDetectors, observeAbsoluteError } from '../../ml/concept-drift/absolute-error-detectors';
import { stationaryStreams, streamAlarms, type StreamAlarms } from '../../ml/concept-drift/false-alarm-rate';
import { FOLLOWING_WINDOW } from '../../ml/concept-drift/following-window';
import { DEFAULT_CONFIRMATION_SIGNALS } from '../../domain/drift';
import { stats } from '../../ml/stats/simple-statistics';
import { count, type Benchmark, type BenchmarkReport, type Table } from '../support/report';

/** Labelled predictions per scan window when counting signals for SIGNAL_COUNT. */
const SCAN_WINDOW_ROWS = 1000;
const CHANGE_AT = 5000;
const CHANGED_STREAM_LENGTH = 10_000;
const FALSE_ALARM_TARGET = 0.05;

/**
 * How often each retraining trigger fires on streams where nothing changes, and how late
 * each notices a real change. Counts, not timings: the figures are the same on any machine
 * for the same seeds.
 */
export const retrainingBenchmark: Benchmark = {
  name: 'retraining',
  description: 'false alarms of concept-drift triggers on stationary seeded streams, and detection delay on real changes',
  async run({ quick, log }): Promise<BenchmarkReport> {
    const streams = stationaryStreams(quick ? 50 : 200);
    log(`retraining: ${streams.length} stationary classification streams`);
    const stationary = streams.map(({ seed, length, errorRate }) => streamAlarms(randomErrorStream(seed, length, length, errorRate, errorRate)));
    const share = (n: number) => `${count(n)} (${((100 * n) / streams.length).toFixed(1)}%)`;
    const single = stationary.filter((alarms) => alarms.signalsAt.length > 0).length;
    const counted = stationary.filter((alarms) => maxSignalsPerWindow(alarms) >= DEFAULT_CONFIRMATION_SIGNALS).length;
    const confirmed = stationary.filter((alarms) => alarms.confirmedAt.length > 0).length;
    const falseAlarms: Table = {
      title: `Retraining on ${streams.length} stationary streams (seeded Bernoulli errors, rates 2–30%, 1 000–20 000 predictions): streams that would retrain`,
      columns: ['trigger', 'streams'],
      rows: [
        ['one DDM/EDDM signal (no confirmation)', share(single)],
        [`SIGNAL_COUNT: ${DEFAULT_CONFIRMATION_SIGNALS} signals in a window of ${count(SCAN_WINDOW_ROWS)}`, share(counted)],
        [`FOLLOWING_WINDOW (default): ${FOLLOWING_WINDOW.rows} after, p < ${FOLLOWING_WINDOW.significance}`, share(confirmed)],
      ],
    };

    const seeds = quick ? 20 : 100;
    log(`retraining: ${seeds} seeds per real change`);
    const changes: [number, number][] = [
      [0.1, 0.5],
      [0.1, 0.2],
      [0.05, 0.1],
      [0.2, 0.3],
    ];
    const delays = changes.map(([before, after]) => {
      const runs = Array.from({ length: seeds }, (_, i) => streamAlarms(randomErrorStream(i + 1, CHANGED_STREAM_LENGTH, CHANGE_AT, before, after)));
      return { before, after, raw: delaysAfterChange(runs.map((alarms) => alarms.signalsAt)), confirmed: delaysAfterChange(runs.map((alarms) => alarms.confirmedAt)) };
    });
    const delayTable: Table = {
      title: `Detection delay: error rate changes at prediction ${count(CHANGE_AT)} of ${count(CHANGED_STREAM_LENGTH)}, ${seeds} seeds (predictions after the change; detected = within the ${count(CHANGED_STREAM_LENGTH - CHANGE_AT)} after it)`,
      columns: ['change', 'first signal: detected', 'median delay', 'confirmed: detected', 'median delay', 'longest'],
      rows: delays.map(({ before, after, raw, confirmed: c }) => [
        `${before * 100}% → ${after * 100}%`,
        `${raw.detected}/${seeds}`,
        raw.median,
        `${c.detected}/${seeds}`,
        c.median,
        c.longest,
      ]),
    };

    log('retraining: Page–Hinkley on regression errors');
    const regressionStreams = quick ? 50 : 200;
    const regression = Array.from({ length: regressionStreams }, (_, i) => {
      const length = [2000, 5000, 10000, 20000][i % 4];
      const scale = [0.01, 1, 250, 1e6][Math.floor(i / 4) % 4];
      return absoluteErrorAlarms(absoluteErrorStream(i + 1, length, length, scale, scale));
    });
    const doubled = Array.from({ length: seeds }, (_, i) => absoluteErrorAlarms(absoluteErrorStream(i + 1, CHANGED_STREAM_LENGTH, CHANGE_AT, 5, 10)));
    const doubledRaw = delaysAfterChange(doubled.map((alarms) => alarms.signalsAt));
    const doubledConfirmed = delaysAfterChange(doubled.map((alarms) => alarms.confirmedAt));
    const regressionTable: Table = {
      title: 'Page–Hinkley on absolute errors (regression)',
      columns: ['streams', 'with a signal', 'with a confirmed signal'],
      rows: [
        [
          `${regressionStreams} stationary (2 000–20 000 errors, scales 0.01–10⁶)`,
          `${regression.filter((a) => a.signalsAt.length > 0).length}`,
          `${regression.filter((a) => a.confirmedAt.length > 0).length}`,
        ],
        [
          `${seeds} with the error spread doubling at ${count(CHANGE_AT)}`,
          `${doubledRaw.detected} (median delay ${doubledRaw.median})`,
          `${doubledConfirmed.detected} (median delay ${doubledConfirmed.median})`,
        ],
      ],
    };

    const confirmedShare = confirmed / streams.length;
    return {
      name: 'retraining',
      tables: [falseAlarms, delayTable, regressionTable],
      targets: [
        {
          target: `at most ${FALSE_ALARM_TARGET * 100}% of stationary streams retrain under the default confirmation`,
          observed: `${(confirmedShare * 100).toFixed(1)}% (${confirmed} of ${streams.length}); without confirmation ${((100 * single) / streams.length).toFixed(1)}%`,
          met: confirmedShare <= FALSE_ALARM_TARGET,
        },
      ],
      notes: [
        'A stream "retrains" when any of its drift signals meets the trigger; the cooldown and the need for newer data are left out.',
        `SIGNAL_COUNT counts DDM and EDDM signals together in consecutive windows of ${count(SCAN_WINDOW_ROWS)} predictions: EDDM signals repeatedly on long stationary streams, so counting alone does not hold the bound.`,
      ],
      measurements: { stationary: { streams: streams.length, single, counted, confirmed }, delays, regression: { streams: regressionStreams, doubledRaw, doubledConfirmed } },
    };
  },
};

/** The most signals inside one scan window of SCAN_WINDOW_ROWS predictions. */
function maxSignalsPerWindow(alarms: StreamAlarms): number {
  const perWindow = new Map<number, number>();
  for (const step of alarms.signalsAt) perWindow.set(Math.floor(step / SCAN_WINDOW_ROWS), (perWindow.get(Math.floor(step / SCAN_WINDOW_ROWS)) ?? 0) + 1);
  return Math.max(0, ...perWindow.values());
}

/** How many runs had an event at or after the change, and the median and longest delay to the first such event. */
function delaysAfterChange(eventsPerRun: number[][]): { detected: number; median: string; longest: string } {
  const delays = eventsPerRun.flatMap((events) => {
    const first = events.find((step) => step >= CHANGE_AT);
    return first === undefined ? [] : [first - CHANGE_AT];
  });
  if (delays.length === 0) return { detected: 0, median: '–', longest: '–' };
  return { detected: delays.length, median: count(stats.median(delays)), longest: count(Math.max(...delays)) };
}

function absoluteErrorAlarms(errors: number[]): StreamAlarms {
  const detectors = emptyAbsoluteErrorDetectors<number>();
  errors.forEach((error, step) => observeAbsoluteError(detectors, error, step));
  const confirmedAt = detectors.pageHinkleyConfirmation.confirmations.flatMap((c) => (c.status === 'CONFIRMED' ? [c.decidedAt!] : []));
  return { signalsAt: detectors.pageHinkley.drifts, confirmedAt };
}
