import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ColumnDriftResult } from '../../domain/drift';
import { columnDrift, type DriftColumn } from '../../ml/drift/column-drift';
import { columnDriftStream } from '../../ml/drift/column-drift-stream';
import { datasetDrift, type DatasetDrift } from '../../ml/drift/dataset-drift';
import type { DriftTest } from '../../domain/drift';
import { withPeakMemory } from '../support/peak-memory';
import { count, mebibytes, milliseconds, ratio, type Benchmark, type BenchmarkReport, type TargetCheck } from '../support/report';
import { median, timeRepeatedly } from '../support/statistics';
import { referenceOf, scipyTestsFor, type DriftBenchColumn, type DriftBenchDataset } from './drift-dataset';
import { peersPython, runDriftPeers, type DriftPeersReport } from './drift-peers';
import { flightsDriftData } from './flights-drift-data';
import { writePeerInputFiles } from './peer-input-files';
import { syntheticDriftData } from './synthetic-drift-data';

/** Exact tests agree with scipy to this, absolutely below 1 and relatively above. */
export const AGREEMENT_TOLERANCE = 1e-6;
const FASTER_THAN_EVIDENTLY = 10;
const FASTER_THAN_SCIPY = 2;
const FLIGHTS_MEMORY_LIMIT_BYTES = 2 * 2 ** 30;

/** Our Jensen–Shannon distance is in base 2, scipy's (and Evidently's) in base e: d_e = d_2 · √(ln 2). */
const BASE_2_TO_NATURAL = Math.sqrt(Math.LN2);

const SCIPY_FUNCTIONS: Record<string, string> = {
  ks: 'scipy ks_2samp',
  wasserstein: 'scipy wasserstein_distance / np.std',
  chi_square: 'scipy chi2_contingency (+ pandas counts)',
  jensen_shannon: 'scipy jensenshannon (+ pandas counts)',
};

interface DriftPlan {
  load(): Promise<DriftBenchDataset>;
  repetitions: { ours: number; scipy: number; evidently: number };
  /** The 3-million-row file, whose scan has a memory budget. */
  flights: boolean;
}

function plans(quick: boolean): DriftPlan[] {
  const synthetic = (rows: number, ours: number, evidently: number): DriftPlan => ({
    load: async () => syntheticDriftData(rows),
    repetitions: { ours, scipy: ours, evidently },
    flights: false,
  });
  if (quick) return [synthetic(10_000, 3, 1), { load: () => flightsDriftData(50), repetitions: { ours: 3, scipy: 3, evidently: 1 }, flights: true }];
  return [
    synthetic(10_000, 7, 3),
    synthetic(100_000, 5, 3),
    synthetic(1_000_000, 3, 2),
    { load: () => flightsDriftData(), repetitions: { ours: 3, scipy: 3, evidently: 2 }, flights: true },
  ];
}

/**
 * The scan as the drift scan activity runs it on two dataset versions: each column's
 * reference held by columnDriftStream, the current sample added, the results combined
 * by datasetDrift.
 */
function scan(dataset: DriftBenchDataset): { drift: DatasetDrift; columns: ColumnDriftResult[] } {
  const columns = dataset.columns.map((column) => {
    const stream = columnDriftStream(referenceOf(column));
    stream.add(column.current);
    return stream.result();
  });
  return { drift: datasetDrift(columns), columns };
}

function driftColumnOf(column: DriftBenchColumn): DriftColumn {
  return column.kind === 'numeric'
    ? { name: column.name, kind: 'numeric', reference: column.reference, current: column.current }
    : { name: column.name, kind: 'categorical', reference: column.reference, current: column.current };
}

/** |ours − peer| / max(1, |peer|). */
function deviation(ours: number | null, peer: number | null): number {
  if (ours === null || peer === null) return ours === peer ? 0 : Infinity;
  return Math.abs(ours - peer) / Math.max(1, Math.abs(peer));
}

interface TestComparison {
  test: DriftTest;
  columns: number;
  oursMilliseconds: number[];
  peerMilliseconds: number[];
  oursPeakRssBytes: number;
  peerPeakRssBytes: number;
  maxDeviation: number;
}

async function compareWithScipy(dataset: DriftBenchDataset, peers: DriftPeersReport, repetitions: number): Promise<TestComparison[]> {
  const comparisons: TestComparison[] = [];
  for (const test of ['ks', 'wasserstein', 'chi_square', 'jensen_shannon'] as DriftTest[]) {
    const chosen = dataset.columns.filter((column) => scipyTestsFor(column).includes(test)).map(driftColumnOf);
    const peer = peers.scipy[test];
    if (chosen.length === 0 || !peer) continue;
    const run = () => chosen.map((column) => columnDrift(column, { test }));
    run();
    const { result, peakRssBytes } = await withPeakMemory(() => timeRepeatedly(repetitions, run));
    const maxDeviation = Math.max(
      ...result.last.map((ours) => {
        const theirs = peer.columns[ours.column];
        const statistic = test === 'jensen_shannon' ? ours.statistic * BASE_2_TO_NATURAL : ours.statistic;
        return Math.max(deviation(statistic, theirs.statistic), deviation(ours.pValue, theirs.pValue));
      }),
    );
    comparisons.push({
      test,
      columns: chosen.length,
      oursMilliseconds: result.milliseconds,
      peerMilliseconds: peer.milliseconds,
      oursPeakRssBytes: peakRssBytes,
      peerPeakRssBytes: peer.peakRssBytes,
      maxDeviation,
    });
  }
  return comparisons;
}

const EVIDENTLY_METHOD: Record<string, DriftTest> = {
  'K-S p_value': 'ks',
  'chi-square p_value': 'chi_square',
  'Z-test p_value': 'z_test',
  'Wasserstein distance (normed)': 'wasserstein',
  'Jensen-Shannon distance': 'jensen_shannon',
};

/** Per column: the same verdict as Evidently? And, where both chose the same test, how far apart the scores are. */
function compareWithEvidently(columns: ColumnDriftResult[], peers: DriftPeersReport) {
  return columns.map((ours) => {
    const theirs = peers.evidently.columns[ours.column];
    const sameTest = EVIDENTLY_METHOD[theirs.method] === ours.test;
    const score = ours.test === 'jensen_shannon' ? ours.statistic * BASE_2_TO_NATURAL : (ours.pValue ?? ours.statistic);
    return {
      column: ours.column,
      ours: { test: ours.test, score: ours.pValue ?? ours.statistic, drifted: ours.drifted, binned: ours.binned },
      evidently: theirs,
      sameVerdict: ours.drifted === theirs.drifted,
      scoreDeviation: sameTest ? deviation(score, theirs.score) : null,
    };
  });
}

export const driftBenchmark: Benchmark = {
  name: 'drift',
  description: 'drift scan: the ml/drift engine vs Evidently DataDriftPreset and scipy.stats, synthetic 10k/100k/1M × 20 columns and flights-3m.parquet',
  async run({ quick, log }): Promise<BenchmarkReport> {
    const python = await peersPython();
    const rows: string[][] = [];
    const targets: TargetCheck[] = [];
    const notes: string[] = [];
    const measurements: Record<string, unknown>[] = [];
    let versions: Record<string, string> = {};
    for (const plan of plans(quick)) {
      // Peak memory covers generating or reading the data and the scans over it.
      const measured = await withPeakMemory(async () => {
        const dataset = await plan.load();
        log(`drift: ${dataset.label}: ${count(dataset.referenceRows)} reference and ${count(dataset.currentRows)} current rows × ${dataset.columns.length} columns`);
        scan(dataset);
        const timed = await timeRepeatedly(plan.repetitions.ours, () => scan(dataset));
        return { dataset, timed };
      });
      const { dataset, timed } = measured.result;
      const dir = await mkdtemp(path.join(os.tmpdir(), 'provenant-bench-drift-'));
      let peers: DriftPeersReport;
      try {
        await writePeerInputFiles(dataset, dir);
        log(`drift: ${dataset.label}: running scipy and Evidently`);
        peers = await runDriftPeers(python, dir, { scipy: plan.repetitions.scipy, evidently: plan.repetitions.evidently });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      versions = peers.versions;
      const tests = await compareWithScipy(dataset, peers, plan.repetitions.ours);
      const verdicts = compareWithEvidently(timed.last.columns, peers);
      const agreeing = verdicts.filter((verdict) => verdict.sameVerdict).length;

      const oursScan = median(timed.milliseconds);
      const evidentlyScan = median(peers.evidently.milliseconds);
      rows.push([
        dataset.label,
        'Evidently DataDriftPreset, whole scan',
        milliseconds(oursScan),
        milliseconds(evidentlyScan),
        ratio(oursScan / evidentlyScan),
        mebibytes(measured.peakRssBytes),
        mebibytes(peers.evidently.peakRssBytes),
        `same verdict ${agreeing}/${verdicts.length}`,
      ]);
      for (const test of tests) {
        const ours = median(test.oursMilliseconds);
        const peer = median(test.peerMilliseconds);
        rows.push([
          dataset.label,
          `${SCIPY_FUNCTIONS[test.test]}, ${test.columns} col`,
          milliseconds(ours / test.columns),
          milliseconds(peer / test.columns),
          ratio(ours / peer),
          mebibytes(test.oursPeakRssBytes),
          mebibytes(test.peerPeakRssBytes),
          `max dev ${test.maxDeviation.toExponential(1)}`,
        ]);
      }

      const evidentlyRatio = oursScan / evidentlyScan;
      targets.push({
        target: `${dataset.label}: ≥${FASTER_THAN_EVIDENTLY}× faster than Evidently`,
        observed: `${(1 / evidentlyRatio).toFixed(1)}× faster (${milliseconds(oursScan)} vs ${milliseconds(evidentlyScan)})`,
        met: evidentlyRatio <= 1 / FASTER_THAN_EVIDENTLY,
      });
      const speedups = tests.map((test) => ({ test: test.test, speedup: median(test.peerMilliseconds) / median(test.oursMilliseconds) }));
      targets.push({
        target: `${dataset.label}: ≥${FASTER_THAN_SCIPY}× faster than scipy per column, every test`,
        observed: speedups.map(({ test, speedup }) => `${test} ${speedup.toFixed(2)}×`).join(', '),
        met: speedups.every(({ speedup }) => speedup >= FASTER_THAN_SCIPY),
      });
      const worst = Math.max(...tests.map((test) => test.maxDeviation));
      targets.push({
        target: `${dataset.label}: within ${AGREEMENT_TOLERANCE} of scipy (KS D and p, chi-square X² and p, Wasserstein, Jensen–Shannon)`,
        observed: `largest deviation ${worst.toExponential(1)}`,
        met: worst <= AGREEMENT_TOLERANCE,
      });
      if (plan.flights) {
        targets.push({
          target: `${dataset.label}: reading the 3M-row file and scanning within 2 GiB`,
          observed: `peak RSS ${mebibytes(measured.peakRssBytes)}`,
          met: measured.peakRssBytes <= FLIGHTS_MEMORY_LIMIT_BYTES,
        });
      }
      for (const verdict of verdicts.filter((v) => !v.sameVerdict)) {
        notes.push(
          `${dataset.label}, ${verdict.column}: ours ${verdict.ours.test}${verdict.ours.binned ? ' (binned)' : ''} ${verdict.ours.score.toPrecision(4)} ` +
            `→ ${verdict.ours.drifted ? 'drift' : 'no drift'}; Evidently ${verdict.evidently.method} ${verdict.evidently.score.toPrecision(4)} ` +
            `→ ${verdict.evidently.drifted ? 'drift' : 'no drift'}`,
        );
      }
      measurements.push({
        dataset: dataset.label,
        referenceRows: dataset.referenceRows,
        currentRows: dataset.currentRows,
        columns: dataset.columns.length,
        repetitions: plan.repetitions,
        scan: {
          oursMilliseconds: timed.milliseconds,
          evidentlyMilliseconds: peers.evidently.milliseconds,
          oursPeakRssBytes: measured.peakRssBytes,
          evidentlyPeakRssBytes: peers.evidently.peakRssBytes,
          oursDriftShare: timed.last.drift.driftShare,
          evidentlyDriftShare: peers.evidently.driftShare,
          verdicts,
        },
        scipy: tests,
      });
    }
    notes.push(`peers: ${Object.entries(versions).map(([name, version]) => `${name} ${version}`).join(', ')}`);
    notes.push(
      'times per column are medians over the repetitions divided by the columns; peak RSS is the process high-water mark while the data were built and scanned (ours) or while the peer ran (data resident).',
    );
    return {
      name: 'drift',
      tables: [
        {
          title: 'Drift scan: ours (ml/drift) vs peers; ms are medians (per column for scipy)',
          columns: ['data', 'compared with', 'ours', 'peer', 'ours/peer', 'peak RSS ours', 'peak RSS peer', 'agreement'],
          rows,
        },
      ],
      targets,
      notes,
      measurements: { datasets: measurements, versions },
    };
  },
};
